// End to end: the action as runners run it — Node's own stderr stays empty, step debug logging shows each API call,
// a misspelt input writes nothing, the user agent names the action, and unexpected errors point into src/.
import { envKeys, ingressFile, json, KEYS, useEmulatorBehindRelay } from './support/e2e.js'
import { runAction } from './support/run-action.js'

const target = useEmulatorBehindRelay()
const FILE = 'deploy/ingress.json'

function apply(inputs: Record<string, string> = {}, env: Record<string, string> = envKeys()) {
  return runAction({
    inputs: { 'ingress-file': FILE, endpoint: target.relay.url, 'region-id': 'cn-hangzhou', timeout: '20', ...inputs },
    files: { [FILE]: json(ingressFile()) },
    env
  })
}

test(`a successful run writes nothing to stderr on ${process.version} (no deprecation warnings)`, async () => {
  const run = await apply()
  expect(run.code).toBe(0)
  expect(run.stderr).toBe('')
})

test('each API call is a debug line: action, method, parameter names, attempt, status, RequestId, latency; no secret', async () => {
  const run = await apply({}, { ...envKeys(), ACTIONS_STEP_DEBUG: 'true' })
  expect(run.code).toBe(0)
  const calls = run.stdout.split('\n').filter(line => /^::debug::(DescribeIngress|UpdateIngress):/.test(line))
  expect(calls).toHaveLength(3)
  expect(calls[0]).toMatch(/^::debug::DescribeIngress: GET \/pop\/v1\/sam\/ingress\/Ingress with IngressId, attempt 1: HTTP 200, RequestId [0-9A-F-]{36}, \d+ ms$/)
  expect(calls[1]).toMatch(/^::debug::UpdateIngress: PUT \/pop\/v1\/sam\/ingress\/Ingress with IngressId, .*Rules \(form body\), attempt 1: HTTP 200, RequestId [0-9A-F-]{36}, \d+ ms$/)
  const [, update] = target.emulator.requests
  expect(calls.join('\n')).not.toContain(KEYS.accessKeySecret)
  expect(calls.join('\n')).not.toContain(update!.headers.authorization!.split(':').pop()!)
})

test('the phases are collapsible groups in the log', async () => {
  const run = await apply()
  const groups = run.stdout.split('\n').filter(line => line.startsWith('::group::')).map(line => line.slice('::group::'.length))
  expect(groups).toEqual(['Validate the ingress file', 'Plan', 'Apply', 'Confirm'])
  expect(run.stdout.split('\n').filter(line => line === '::endgroup::')).toHaveLength(4)
})

test.each([
  ['dry_run', 'true', 'dry-run'],
  ['rules_mode', 'upsert', 'rules-mode']
])('a misspelt input (%s) fails before any call, naming the declared one', async (typo, value, meant) => {
  const run = await runAction({
    inputs: { 'ingress-file': FILE, endpoint: target.relay.url, 'region-id': 'cn-hangzhou', [typo]: value },
    files: { [FILE]: json(ingressFile()) },
    env: envKeys()
  })
  expect(run.code).toBe(1)
  expect(run.annotations.find(a => a.level === 'error')?.message).toContain(`This action has no input ${typo} (did you mean ${meant}?)`)
  expect(target.emulator.requests).toHaveLength(0)
})

test('the user agent names the tool and its version next to pop-core', async () => {
  await apply()
  const version = (await import('../src/engine/version.generated.js')).VERSION
  for (const request of target.emulator.requests) {
    expect(request.headers['user-agent']).toMatch(new RegExp(`^AlibabaCloud \\(.+\\) Node\\.js/v\\d+\\.\\d+\\.\\d+ Core/1\\.8\\.0 sae-ingress/${version.replace(/\./g, '\\.')}$`))
  }
})

test("an unexpected error's stack trace points into src/ (source maps)", async () => {
  // RUNNER_TEMP lies under a file, so saving previous-config fails where nothing expects it to.
  const run = await apply({}, { ...envKeys(), RUNNER_TEMP: '/dev/null/sub' })
  expect(run.code).toBe(1)
  const error = run.annotations.find(a => a.level === 'error')!.message
  expect(error).toMatch(/^Unexpected error: Error: ENOTDIR/)
  expect(error).toMatch(/src\/engine\/apply\/deploy\.ts:\d+:\d+/)
  expect(target.emulator.requests.filter(r => r.action === 'UpdateIngress')).toHaveLength(0)
})
