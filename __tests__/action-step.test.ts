// The action's step (src/action/main.ts: run()) in process, as the runner drives it: inputs as INPUT_* variables, the
// workspace, file commands for outputs and the summary, against the loopback emulator, on a virtual clock. What the
// step reports on success and on failure: outputs, the job summary, annotations, the exit code. The end-to-end suites
// run the same step through the bundle (dist/index.js) in a child process, where no coverage sees it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEFAULT_CREDENTIAL, startEmulator, type Emulator } from '../emulator/index.mjs'
import { run } from '../src/action/main.js'
import type { LiveIngress } from '../src/engine/sae/types.js'
import { virtualClock } from './support/memory-sae.js'
import { useProxyEnv } from './support/proxy-env.js'
import { parseOutputFile } from './support/run-action.js'
import { captureStdout } from './support/stdout.js'
import { runnerCommands } from './support/workflow-commands.js'

useProxyEnv()
const stdout = captureStdout()

const SEED: LiveIngress = {
  Id: 87,
  ListenerPort: 8080,
  RequestTimeout: 60,
  Rules: [{ AppId: 'app-web-0001', AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' }]
}
const FILE = { IngressId: 87, Rules: [{ appId: 'app-web-0001', containerPort: 8080, domain: 'www.example.com', path: '/' }, { appId: 'app-api-0001', containerPort: 9090, domain: 'api.example.com', path: '/' }] }

let emulator: Emulator
let saved: NodeJS.ProcessEnv
let dir: string
/** @actions/core keeps the summary file's path once it has written there: one for the whole file, emptied per run. */
const SUMMARY = path.join(mkdtempSync(path.join(tmpdir(), 'sae-step-summary-')), 'summary.md')

beforeEach(async () => {
  emulator = await startEmulator({ ingresses: [SEED] })
  saved = { ...process.env }
  dir = mkdtempSync(path.join(tmpdir(), 'sae-step-'))
})

afterEach(async () => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
  Object.assign(process.env, saved)
  process.exitCode = undefined
  await emulator.close()
})

/** One run of the step with these inputs (their action.yml names) and `file` as deploy/ingress.json. */
async function step(inputs: Record<string, string>, file: unknown = FILE, env: Record<string, string> = {}) {
  const workspace = path.join(dir, 'workspace')
  const files = { output: path.join(dir, 'output'), summary: SUMMARY }
  for (const target of [files.output, files.summary]) writeFileSync(target, '')
  mkdirSync(path.join(workspace, 'deploy'), { recursive: true })
  writeFileSync(path.join(workspace, 'deploy', 'ingress.json'), typeof file === 'string' ? file : JSON.stringify(file, null, 2))
  Object.assign(process.env, {
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: dir,
    GITHUB_EVENT_NAME: 'push',
    ...env
  })
  for (const [name, value] of Object.entries({ 'ingress-file': 'deploy/ingress.json', timeout: '30', ...inputs })) process.env[`INPUT_${name.toUpperCase()}`] = value
  await run(virtualClock(0.5))
  const commands = runnerCommands(stdout.text())
  return {
    code: process.exitCode ?? 0,
    outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    errors: commands.filter(c => c.name === 'error').map(c => c.data),
    masks: commands.filter(c => c.name === 'add-mask').map(c => c.data),
    stdout: stdout.text()
  }
}

const keys = { 'access-key-id': DEFAULT_CREDENTIAL.accessKeyId, 'access-key-secret': DEFAULT_CREDENTIAL.accessKeySecret }

test('a run that changes the ingress writes it and reports it: outputs, the summary, the previous configuration', async () => {
  const result = await step({ endpoint: emulator.url, ...keys })
  expect(result.errors).toEqual([])
  expect(result.code).toBe(0)
  expect(emulator.getIngress(87)?.Rules?.map(r => r.Domain).sort()).toEqual(['api.example.com', 'www.example.com'])
  expect(emulator.requests.map(r => r.action)).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
  // The file leaves the listener to the service: the live one gives the URLs their port.
  expect(result.outputs).toMatchObject({ 'ingress-id': '87', changed: 'true', urls: '["http://www.example.com:8080/","http://api.example.com:8080/"]', url: 'http://www.example.com:8080/' })
  expect(result.outputs['request-id']).toMatch(/^[0-9A-F-]{36}$/)
  expect(result.outputs.diff).toMatch(/\+ rule api\.example\.com\//)
  expect(JSON.parse(readFileSync(result.outputs['previous-config']!, 'utf8'))).toMatchObject({ IngressId: 87, Rules: [expect.objectContaining({ domain: 'www.example.com' })] })
  expect(result.summary).toMatch(/✅/)
  // The secret input is masked before anything is printed.
  expect(result.masks).toContain(DEFAULT_CREDENTIAL.accessKeySecret)
  const masked = result.stdout.indexOf(`::add-mask::${DEFAULT_CREDENTIAL.accessKeySecret}`)
  expect(masked).toBeGreaterThanOrEqual(0)
  expect(masked).toBeLessThan(result.stdout.indexOf('deploy/ingress.json is valid'))
})

test('a run the service refuses fails the step with the error as its annotation, and still reports what it knows', async () => {
  const result = await step({ endpoint: emulator.url, ...keys, 'ingress-id': '999' })
  expect(result.code).toBe(1)
  expect(result.errors).toEqual([expect.stringMatching(/^DescribeIngress failed: InvalidParameter\.WithMessage: .*The ingress \[999\] does not exist\./)])
  expect(result.outputs['ingress-id']).toBe('999')
  expect(result.summary).toMatch(/❌/)
  expect(emulator.getIngress(87)).toMatchObject({ Rules: SEED.Rules })
})

test('an ingress outside allowed-ingress-ids is refused before anything is read', async () => {
  const result = await step({ endpoint: emulator.url, ...keys, 'allowed-ingress-ids': '1, 2' })
  expect(result.code).toBe(1)
  expect(result.errors).toEqual(['Ingress 87 is not in allowed-ingress-ids (1, 2); refusing to touch it.'])
  expect(emulator.requests).toEqual([])
})

test('a dry run without credentials (a fork\'s pull request) validates the file offline and sends nothing', async () => {
  const result = await step({ endpoint: emulator.url, 'dry-run': 'true' })
  expect(result.code).toBe(0)
  expect(result.stdout).toContain('the file was validated offline; the live ingress was not read.')
  expect(emulator.requests).toEqual([])
  expect(result.outputs).toMatchObject({ 'ingress-id': '87' })
  expect(result.outputs.changed).toBeUndefined()
})

test('an invalid file fails the step with its problem at its line, and nothing is sent', async () => {
  const result = await step({ endpoint: emulator.url, ...keys }, '{\n  "IngressId": 87,\n  "Rules": [{ "domain": "x.example.com" }]\n}\n')
  expect(result.code).toBe(1)
  expect(runnerCommands(result.stdout).some(c => c.name === 'error' && /file=deploy\/ingress\.json,line=3/.test(c.line))).toBe(true)
  expect(emulator.requests).toEqual([])
})
