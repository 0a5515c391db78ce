// `npm start`: the bundled action, run as the runner runs it, against the loopback SAE emulator.
// No cloud account needed; prints what a user would see: the log, the step outputs and the job summary.
// `npm start -- <validate|plan|apply|export> …` runs the bundled CLI (dist/cli/index.js) against the same emulator.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '../emulator/index.mjs'
import { actionDefaults, parseOutputs, runnerEnv } from './runner-env.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const seed = JSON.parse(await readFile(path.join(root, 'examples', 'emulator-seed.json'), 'utf8'))
const keys = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' }
const emulator = await startEmulator({ credentials: [keys], ingresses: seed.ingresses })

const line = title => console.log(`\n\x1b[1m── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}\x1b[0m`)
const CLI_COMMANDS = new Set(['validate', 'plan', 'apply', 'export'])
if (CLI_COMMANDS.has(process.argv[2])) process.exit(await runCli(process.argv.slice(2)))

/**
 * The CLI as a user runs it, pointed at the emulator: signed with its test keys (never a key from the shell or a
 * profile of ~/.aliyun/config.json, so HOME is a temporary one), the terminal and its answers inherited.
 */
async function runCli(args) {
  const home = await mkdtemp(path.join(tmpdir(), 'sae-ingress-cli-home-'))
  const remote = args[0] !== 'validate' && !args.includes('--endpoint')
  const argv = [path.join(root, 'dist', 'cli', 'index.js'), ...args, ...(remote ? ['--endpoint', emulator.url] : [])]
  line(`sae-ingress ${args.join(' ')} against the SAE emulator at ${emulator.url}`)
  const child = spawn(process.execPath, argv, {
    stdio: 'inherit',
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^ALIBABA_CLOUD_|^(GITHUB_TOKEN|GH_TOKEN)$/i.test(name))),
      HOME: home,
      USERPROFILE: home,
      ALIBABA_CLOUD_ACCESS_KEY_ID: keys.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.accessKeySecret,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true'
    }
  })
  const code = await new Promise(resolve => child.on('close', resolve))
  line(`exit code ${code}; the emulator received ${emulator.requests.length} request(s): ${emulator.requests.map(r => r.action).join(', ')}`)
  await emulator.close()
  return code ?? 1
}

const temp = await mkdtemp(path.join(tmpdir(), 'sae-ingress-start-'))
const outputFile = path.join(temp, 'output.txt')
const summaryFile = path.join(temp, 'summary.md')
await writeFile(outputFile, '')
await writeFile(summaryFile, '')

// The caller's variables reach the action as a step's `env:` would, so `PR_NUMBER=7 npm start file.json` fills
// ${PR_NUMBER}. Not inputs (only the ones below are meant), not ALIBABA_CLOUD_* (the emulator's test keys are
// used, never a real key from the shell), not a GitHub token from the shell.
const passedThrough = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(INPUT_|ALIBABA_CLOUD_)|^(GITHUB_TOKEN|GH_TOKEN)$/i.test(name))
)
const env = runnerEnv({
  root,
  defaults: await actionDefaults(root),
  temp,
  outputFile,
  summaryFile,
  keys,
  inputs: {
    'ingress-file': process.argv[2] ?? 'examples/ingress.json',
    endpoint: emulator.url,
    'region-id': 'cn-hangzhou',
    timeout: '60',
    'rules-mode': process.env.RULES_MODE ?? 'replace',
    'dry-run': process.env.DRY_RUN ?? 'false'
  }
})

line(`node dist/index.js against the SAE emulator at ${emulator.url}`)
const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], { env: { ...passedThrough, ...env }, stdio: ['ignore', 'inherit', 'inherit'] })
const code = await new Promise(resolve => child.on('close', resolve))

line('step outputs ($GITHUB_OUTPUT)')
for (const [name, value] of Object.entries(parseOutputs(await readFile(outputFile, 'utf8')))) console.log(`${name} = ${value}`)
line('job summary ($GITHUB_STEP_SUMMARY)')
console.log(await readFile(summaryFile, 'utf8'))
line(`exit code ${code}; the emulator received ${emulator.requests.length} request(s): ${emulator.requests.map(r => r.action).join(', ')}`)
await emulator.close()
process.exit(code ?? 1)
