import { startEmulator, type Emulator, type Fault } from '../emulator/index.mjs'
import { runChecked as runAction } from './support/integrity.js'

/**
 * The fault matrix: every way the API or the network can fail, once each, with the attempts made and what the user
 * sees. Transient faults are retried until they clear; the others fail on the first attempt. Nothing here reads a
 * clock: the backoff and where retries stop are retry.test.ts's (fake clock), the time an attempt is given of the
 * timeout attempt-timeout.test.ts's.
 */
const FILE = JSON.stringify({
  IngressId: 87,
  Rules: [{ appId: 'app-fault-0001', containerPort: 8080, domain: 'faults.example.com', path: '/' }]
})
const KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'testAccessKeyId', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'testAccessKeySecret' }
const seed = { Id: 87, ListenerPort: 80, Rules: [] }

let emulator: Emulator
beforeEach(async () => (emulator = await startEmulator({ ingresses: [seed] })))
afterEach(() => emulator.close())

const apply = (timeout: string) =>
  runAction({
    files: { 'ingress.json': FILE },
    inputs: { 'ingress-file': 'ingress.json', endpoint: emulator.url, timeout },
    env: KEYS,
    killAfterMs: 40_000
  })

/** The message the step failed with, as the runner shows it (annotation text, newlines restored). */
const failure = (run: { annotations: Array<{ level: string; message: string }> }) =>
  run.annotations.filter(a => a.level === 'error').map(a => a.message).join('\n')

const calls = (action: string) => emulator.requests.filter(r => r.action === action)

type Transient = [string, Fault]
const TRANSIENT: Transient[] = [
  ['throttling (Throttling.User)', { kind: 'throttle', action: 'UpdateIngress', times: 2 }],
  ['ServiceUnavailable (503)', { kind: 'unavailable', action: 'UpdateIngress', times: 2 }],
  ['HTTP 500', { kind: 'status', status: 500, action: 'UpdateIngress', times: 2 }],
  ['HTTP 502', { kind: 'status', status: 502, action: 'UpdateIngress', times: 2 }],
  ['HTTP 504', { kind: 'status', status: 504, action: 'UpdateIngress', times: 2 }],
  ['an HTML error page', { kind: 'html', action: 'UpdateIngress', times: 2 }],
  ['a connection reset', { kind: 'reset', action: 'UpdateIngress', times: 2 }],
  ['a truncated body', { kind: 'truncated', action: 'UpdateIngress', times: 2 }],
  ['invalid JSON with a 200', { kind: 'badjson', action: 'UpdateIngress', times: 2 }],
  ['a failing read (503 on DescribeIngress)', { kind: 'unavailable', action: 'DescribeIngress', times: 2 }]
]

test.each(TRANSIENT)('%s is retried with backoff until it clears, and the change lands', async (_name, fault) => {
  emulator.inject(fault)
  const run = await apply('30')
  expect(run.code).toBe(0)
  const action = fault.action!
  // Two faulted attempts, then the one that worked (plus, for reads, the confirmation read).
  expect(calls(action).filter(r => r.fault).length).toBe(2)
  expect(run.stdout.match(new RegExp(`${action}: \\S+ on attempt \\d; retrying`, 'g'))).toHaveLength(2)
  expect(emulator.getIngress(87)?.Rules?.map(r => r.Domain)).toEqual(['faults.example.com'])
})

const PERMANENT: Array<[string, Fault, RegExp]> = [
  ['InvalidParameter.WithMessage', { kind: 'error', status: 400, code: 'InvalidParameter.WithMessage', action: 'UpdateIngress', times: 5 }, /InvalidParameter\.WithMessage/],
  ['SlbListenerPort.NotAvailable', { kind: 'error', status: 400, code: 'SlbListenerPort.NotAvailable', action: 'UpdateIngress', times: 5 }, /SlbListenerPort\.NotAvailable.*\n.*Hint: ListenerPort/],
  ['Forbidden.RAM (403)', { kind: 'error', status: 403, code: 'Forbidden.RAM', action: 'UpdateIngress', times: 5 }, /Forbidden\.RAM.*\n.*sae:UpdateIngress/],
  ['Success:false in a 200', { kind: 'successFalse', code: 'InvalidParameter.Obviously', action: 'UpdateIngress', times: 5 }, /InvalidParameter\.Obviously/]
]

test.each(PERMANENT)('%s fails on the first attempt with the code and RequestId', async (_name, fault, message) => {
  emulator.inject(fault)
  const run = await apply('30')
  expect(run.code).toBe(1)
  expect(calls('UpdateIngress')).toHaveLength(1)
  expect(failure(run)).toMatch(message)
  expect(failure(run)).toMatch(/RequestId: [0-9A-F-]{36}/)
  expect(run.stdout).not.toMatch(/^\s+at /m)
})

/** The sum of the backoffs the run announced ("retrying in N ms"): time it chose to spend waiting. */
const announcedBackoff = (stdout: string) => [...stdout.matchAll(/; retrying in (\d+) ms\./g)].reduce((sum, [, ms]) => sum + Number(ms), 0)

test('a hung API fails with Timeout after one attempt, which was given the timeout (not the 20 s cap); nothing written', async () => {
  emulator.inject({ kind: 'hang', action: 'DescribeIngress', times: Infinity })
  const run = await apply('4')
  expect(run.code).toBe(1)
  // The attempt's own timeout is in pop-core's message, ReadTimeout(<ms>): at most the 4 s of the input.
  const message = failure(run)
  expect(message).toMatch(/^DescribeIngress failed: Timeout: ReadTimeout\(\d+\)/)
  expect(Number(/ReadTimeout\((\d+)\)/.exec(message)![1])).toBeLessThanOrEqual(4000)
  expect(message).toContain('Hint: The service or the network failed repeatedly')
  expect(calls('DescribeIngress')).toHaveLength(1)
  expect(calls('UpdateIngress')).toHaveLength(0)
  expect(emulator.getIngress(87)?.Rules).toEqual([])
})

test('throttling that never clears stops at the timeout with the last code and a hint', async () => {
  emulator.inject({ kind: 'throttle', action: 'UpdateIngress', times: Infinity })
  const run = await apply('4')
  expect(run.code).toBe(1)
  // Retried: how many attempts fit in the timeout is retry.test.ts's (fake clock), not a count to expect here.
  const attempts = calls('UpdateIngress').length
  expect(attempts).toBeGreaterThan(1)
  expect(failure(run)).toMatch(new RegExp(`^UpdateIngress failed: Throttling\\.User.* · after ${attempts} attempts\n`))
  expect(failure(run)).toContain('Hint: The API throttled')
  // Every attempt but the last was followed by a backoff it announced, and together they fit in the 4 s timeout.
  expect(run.stdout.match(/UpdateIngress: Throttling\.User on attempt \d+; retrying in \d+ ms\./g)).toHaveLength(attempts - 1)
  expect(announcedBackoff(run.stdout)).toBeLessThan(4000)
  expect(emulator.getIngress(87)?.Rules).toEqual([])
})
