// The SAE client's attempt timeout, in process: what each attempt is given of the run's `timeout`, and that an answer
// that never comes (or never ends) is cut there, without another attempt once the backoff would pass the deadline.
// The deadline runs on a fake clock that stands still, so the only thing that can end a hung attempt is the timeout
// the client handed to that attempt; no assertion here reads a wall clock. (The end-to-end suites e2e-faults,
// e2e-errors and e2e-integrity-answers assert what the user sees of the same faults.)
import type http from 'node:http'
import { startEmulator, type Emulator, type Fault } from '../emulator/index.mjs'
import { deadlineAfter, type Clock } from '../src/engine/clock.js'
import { silentLog } from '../src/engine/log.js'
import { createAgent, type NetAgent } from '../src/engine/net/agent.js'
import { createPopSaeClient } from '../src/engine/sae/pop-client.js'
import { defaultRetryPolicy } from '../src/engine/sae/retry.js'
import type { RequestHook } from '../src/engine/net/types.js'

/** A clock that never moves: the deadline's remaining time is what it was when made, and sleeping is not waiting. */
function stoppedClock(): Clock & { slept: number[] } {
  const slept: number[] = []
  // random() = 1: every backoff is its full step (500 ms first), longer than the little time these deadlines leave.
  return { slept, now: () => 0, random: () => 1, sleep: async ms => void slept.push(ms) }
}

const noProxies = { checkBypass: () => true, getProxyUrl: () => undefined }
const CREDENTIALS = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' }

let emulator: Emulator
let agent: NetAgent
/** The timeout each request was handed to the connection with (what pop-core gives node's http.request), in order. */
let timeouts: unknown[]

beforeEach(async () => {
  emulator = await startEmulator({ ingresses: [{ Id: 87, ListenerPort: 80, Rules: [] }] })
  agent = createAgent(emulator.url, { proxies: noProxies })
  timeouts = []
  const hook = agent as unknown as RequestHook
  const addRequest = hook.addRequest.bind(agent)
  hook.addRequest = (req: http.ClientRequest, options: unknown) => {
    timeouts.push((options as { timeout?: unknown }).timeout)
    addRequest(req, options)
  }
})

afterEach(async () => {
  agent.destroy()
  await emulator.close()
})

function client(remainingMs: number) {
  const clock = stoppedClock()
  const sae = createPopSaeClient({
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    deadline: deadlineAfter(clock, remainingMs),
    retry: defaultRetryPolicy,
    redact: text => text,
    transport: agent,
    log: silentLog
  })
  return { sae, clock }
}

const update = { query: { IngressId: '87', Description: 'x' } }

describe('each attempt is given the time left of the run, at most 20 s', () => {
  test('a run with little time left hands all of it to the attempt', async () => {
    const { sae } = client(1500)
    await sae.describeIngress(87)
    expect(timeouts).toEqual([1500])
  })

  test('a run with more than 20 s left hands an attempt 20 s, so a hung connection is retried while time remains', async () => {
    const { sae } = client(60_000)
    await sae.describeIngress(87)
    expect(timeouts).toEqual([20_000])
  })
})

describe('an answer that never comes, or never ends, is cut at the attempt timeout: one attempt, Timeout', () => {
  test.each<[string, Fault]>([
    ['DescribeIngress never answered', { kind: 'hang', action: 'DescribeIngress', times: Infinity }],
    // 16 bytes every 50 ms keep the connection busy: only a bound on the whole answer ends it, not one on idle time.
    ['DescribeIngress trickling forever', { kind: 'endless', chunkBytes: 16, intervalMs: 50, durationMs: 30_000, action: 'DescribeIngress', times: Infinity }]
  ])('%s', async (_name, fault) => {
    emulator.inject(fault)
    const { sae, clock } = client(300)
    const err = await sae.describeIngress(87).catch((thrown: unknown) => thrown)
    expect(err).toMatchObject({ code: 'Timeout', action: 'DescribeIngress', attempts: 1 })
    expect(timeouts).toEqual([300])
    expect(emulator.requests.map(r => r.action)).toEqual(['DescribeIngress'])
    // The next backoff (500 ms) would pass the deadline: no sleep, no second attempt.
    expect(clock.slept).toEqual([])
  })

  test('UpdateIngress never answered', async () => {
    emulator.inject({ kind: 'hang', action: 'UpdateIngress', times: Infinity })
    const { sae, clock } = client(300)
    const err = await sae.updateIngress(update).catch((thrown: unknown) => thrown)
    expect(err).toMatchObject({ code: 'Timeout', action: 'UpdateIngress', attempts: 1 })
    expect(timeouts).toEqual([300])
    expect(emulator.requests.map(r => r.action)).toEqual(['UpdateIngress'])
    expect(clock.slept).toEqual([])
  })
})
