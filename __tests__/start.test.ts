// `npm start <file>` (scripts/start.mjs) as the README tells users to run it: the caller's environment fills the
// file's ${NAME} placeholders, as a workflow step's `env:` would, but stray inputs, cloud keys and GitHub tokens
// from the shell do not reach the action.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** examples/preview-rule.json: IngressId 1024 (not in the emulator's seed) and a domain pr-${PR_NUMBER}.… */
function start(env: Record<string, string>) {
  const run = spawnSync(process.execPath, ['scripts/start.mjs', 'examples/preview-rule.json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', RULES_MODE: 'upsert', ...env },
    encoding: 'utf8',
    timeout: 60_000
  })
  return { output: run.stdout + run.stderr, requests: /the emulator received (\d+) request/.exec(run.stdout)?.[1] }
}

test('without PR_NUMBER the placeholder has no value, and nothing is sent', () => {
  const { output, requests } = start({})
  expect(output).toMatch(/PR\\?_NUMBER is not set in the environment/)
  expect(requests).toBe('0')
})

test("the caller's PR_NUMBER fills the placeholder; the shell's inputs, keys and tokens stay out", () => {
  const { output, requests } = start({
    PR_NUMBER: '7',
    INPUT_DRY_RUN_TYPO: 'true', // passed through, it would fail the run as an undeclared input
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'shellKeyId', // passed through, the emulator would refuse the signature
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'shellKeySecret',
    GITHUB_TOKEN: 'ghp_fromTheShell000000000000000000000000'
  })
  expect(output).toContain('pr-7.preview.example.com')
  // Signed with the emulator's test keys, the request reached the API: the ingress is simply not seeded.
  expect(requests).toBe('1')
  expect(output).toMatch(/The ingress \\?\[1024\\?\] does not exist/)
  expect(output).not.toMatch(/dry_run_typo|InvalidAccessKeyId|SignatureDoesNotMatch/i)
  expect(output).not.toContain('ghp_fromTheShell')
})

test('`npm start -- plan <file>` runs the bundled CLI against the emulator, with its test keys, never writing', () => {
  const run = spawnSync(process.execPath, ['scripts/start.mjs', 'plan', 'examples/ingress.json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ALIBABA_CLOUD_ACCESS_KEY_ID: 'shellKeyId', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'shellKeySecret' },
    encoding: 'utf8',
    timeout: 60_000
  })
  // Exit 2: the plan has changes (Terraform's detailed exit code), read with one signed DescribeIngress.
  expect(run.status).toBe(2)
  expect(run.stdout).toContain('+ rule api.example.com/v1')
  expect(run.stdout).toMatch(/the emulator received 1 request\(s\): DescribeIngress\b/)
})
