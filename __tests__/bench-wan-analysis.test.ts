// The arithmetic of the WAN bench (scripts/bench-wan/analysis.mjs): the floor of a mode, where a run's time went,
// which timers were the action's deliberate sleeps, and the quick mode's budget checks.
import { checkBudget, deliberateSleeps, floorMs, shortCalls, timeBreakdown, waitIntervals } from '../scripts/bench-wan/analysis.mjs'
import type { TimelineEvent } from '../scripts/bench-wan/delay-proxy.mjs'

describe('the floor', () => {
  test('is start-up, plus a TCP and a TLS handshake and one round trip per necessary request for each host', () => {
    // A change: Describe, Update, confirming Describe over one TLS connection.
    expect(floorMs({ startupMs: 40, rttMs: 200, hosts: [{ requests: 3 }] })).toBe(40 + 5 * 200)
    // No change or a dry run: one Describe.
    expect(floorMs({ startupMs: 40, rttMs: 50, hosts: [{ requests: 1 }] })).toBe(40 + 3 * 50)
    // A host with no necessary request costs nothing; one over plain TCP has no TLS handshake.
    expect(floorMs({ startupMs: 40, rttMs: 50, hosts: [{ requests: 5 }, { requests: 0 }] })).toBe(40 + 7 * 50)
    expect(floorMs({ startupMs: 40, rttMs: 50, hosts: [{ requests: 5 }, { requests: 1, tls: false }] })).toBe(40 + 9 * 50)
    // What the service itself takes (propagation) is added as is.
    expect(floorMs({ startupMs: 40, rttMs: 50, hosts: [{ requests: 3 }], serviceMs: 950 })).toBe(40 + 5 * 50 + 950)
  })
})

test('calls are shown by their initials', () => {
  expect(shortCalls(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])).toBe('D U D')
  expect(shortCalls([])).toBe('')
})

/** One TLS connection at RTT 100 (relay's view): handshake, a request, 500 ms of the client's own, another request. */
function timeline(): TimelineEvent[] {
  const e = (kind: TimelineEvent['kind'], t: number, conn = 0, host = 'sae'): TimelineEvent => ({ conn, host, kind, t })
  return [
    e('accept', 50),
    e('send', 50), // ClientHello
    e('deliver', 250), // ServerHello … Finished
    e('send', 251), // client Finished + request 1
    e('deliver', 350), // session tickets
    e('deliver', 352), // response 1
    e('send', 852), // request 2, after 500 ms of the client's own
    e('deliver', 1052),
    e('close', 1060)
  ]
}

describe("where a run's time went", () => {
  test('waiting on the network runs from what the client sends to the last chunk it receives before it sends again', () => {
    expect(waitIntervals(timeline())).toEqual([
      { start: 50, end: 250 },
      { start: 251, end: 352 },
      { start: 852, end: 1052 }
    ])
  })

  test('the rest is start-up, the client between answers (its work and sleeps), and the tail to exit', () => {
    const breakdown = timeBreakdown(timeline(), { startedAt: 0, endedAt: 1070 })
    expect(breakdown).toEqual({
      startMs: 50,
      networkMs: 200 + 101 + 200,
      clientMs: 1 + 500,
      tailMs: 18,
      gaps: [{ atMs: 352, ms: 500 }]
    })
  })

  test('waits on two connections at once count once', () => {
    const events: TimelineEvent[] = [
      { conn: 0, host: 'sae', kind: 'accept', t: 0 },
      { conn: 0, host: 'sae', kind: 'send', t: 0 },
      { conn: 0, host: 'health', kind: 'accept', t: 10 },
      { conn: 0, host: 'health', kind: 'send', t: 10 },
      { conn: 0, host: 'sae', kind: 'deliver', t: 100 },
      { conn: 0, host: 'health', kind: 'deliver', t: 150 }
    ]
    expect(timeBreakdown(events, { startedAt: -20, endedAt: 160 })).toMatchObject({ startMs: 20, networkMs: 150, clientMs: 0, tailMs: 10 })
  })

  test('a run that never connected spent all its time before the network', () => {
    expect(timeBreakdown([], { startedAt: 0, endedAt: 45 })).toEqual({ startMs: 45, networkMs: 0, clientMs: 0, tailMs: 0, gaps: [] })
  })
})

describe('deliberate sleeps, from the timers the probe saw fire', () => {
  // Stacks as the probe records them from the bundle (source maps on; the bundler names module functions file_fn).
  const sleepFrames = ['at <anonymous> (/work/main/src/clock.ts:10:1)', 'at new Promise (<anonymous>)', 'at Object.sleep (/work/main/src/clock.ts:10:1)']
  const settle = { ms: 2338, armedAt: 700, firedAt: 3040, stack: [...sleepFrames, 'at deploy_confirm (/work/main/src/deploy.ts:160:1)', 'at async deploy (/work/main/src/deploy.ts:82:1)'] }
  const health = { ms: 1000, armedAt: 900, firedAt: 1901, stack: [...sleepFrames, 'at waitUntilHealthy (/work/main/src/health.ts:115:1)'] }

  test("are the action's own fired timers, each with the function it slept for; health-check backoff is told apart", () => {
    expect(deliberateSleeps([settle, health])).toEqual({
      totalMs: 3338,
      healthMs: 1000,
      otherMs: 2338,
      sleeps: [
        { ms: 2338, reason: 'confirm (deploy.ts)', healthCheck: false },
        { ms: 1000, reason: 'waitUntilHealthy (health.ts)', healthCheck: true }
      ]
    })
  })

  test("a timer that never fired, or one armed by node or a dependency, is not the action's sleep", () => {
    const cleared = { ...settle, firedAt: undefined }
    const nodeTimer = { ms: 5000, armedAt: 0, firedAt: 5000, stack: ['at Agent.createSocket (node:_http_agent:340:5)'] }
    const dependency = { ms: 1000, armedAt: 0, firedAt: 1000, stack: ['at exports.request (/work/main/dist/node_modules/@alicloud/pop-core/index.js:80:15)'] }
    expect(deliberateSleeps([cleared, nodeTimer, dependency])).toEqual({ totalMs: 0, healthMs: 0, otherMs: 0, sleeps: [] })
  })
})

describe('the quick mode budgets', () => {
  const budget = { exit: 0, sae: 'D U D', saeConnections: 1, tlsHandshakes: 1, sleepMs: 0 }
  const good = { exit: 0, saeCalls: 'D U D', saeConnections: 1, tlsHandshakes: 1, healthConnections: 0, sleepMs: 0 }
  const failing = (measured: Parameters<typeof checkBudget>[1]) =>
    checkBudget('change', measured, budget)
      .filter(check => !check.pass)
      .map(check => `${check.name}: ${check.measured} (${check.budget})`)

  test('a run within its budget passes every check', () => {
    expect(checkBudget('change', good, budget).map(check => check.pass)).toEqual([true, true, true, true, true])
  })

  test('each regression is named: an extra request, a missing confirmation, a second connection, a sleep, a wrong exit', () => {
    expect(failing({ ...good, saeCalls: 'D U D D' })).toEqual(['change: SAE requests: D U D D (D U D)'])
    expect(failing({ ...good, saeCalls: 'D U' })).toEqual(['change: SAE requests: D U (D U D)'])
    expect(failing({ ...good, saeConnections: 2, tlsHandshakes: 2 })).toEqual(['change: SAE connections: 2 (≤ 1)', 'change: TLS handshakes with SAE: 2 (≤ 1)'])
    expect(failing({ ...good, sleepMs: 1500 })).toEqual(['change: deliberate sleep (health-check backoff excluded): 1500 ms (≤ 0 ms)'])
    expect(failing({ ...good, exit: 1 })).toEqual(['change: exit code: 1 (0)'])
  })

  test('rules lost to concurrent writers are checked when measured', () => {
    expect(checkBudget('10 concurrent upserts', { lostRules: 1 }, { lostRules: 0 })).toEqual([
      { name: '10 concurrent upserts: rules lost', measured: '1', budget: '≤ 0', pass: false }
    ])
  })
})
