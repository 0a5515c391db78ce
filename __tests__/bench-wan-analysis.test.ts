// The arithmetic of the WAN bench (scripts/bench-wan/analysis.mjs): the floor of a mode, its targets, which timers
// were the action's deliberate sleeps, and the quick mode's budget checks.
import { checkBudget, deliberateSleeps, describeTarget, floorMs, judgeTarget, shortCalls } from '../scripts/bench-wan/analysis.mjs'
import { MODES, settleBudget } from '../scripts/bench-wan/modes.mjs'

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

describe('the targets', () => {
  test('are shown as the ratios not to exceed', () => {
    expect(describeTarget({ floor: 1.15 })).toBe('≤ 1.15')
    expect(describeTarget({ floor: 1.4 })).toBe('≤ 1.40')
    expect(describeTarget({ floor: 1.15, bare: 1.1 })).toBe('≤ 1.15, ≤ 1.10 ÷bare')
  })

  test('are met when every ratio, as the table shows it, is within its target', () => {
    expect(judgeTarget({ floor: 1.15 }, { ratio: 1.08 })).toEqual({ met: true, missed: [] })
    // 1.1549 reads 1.15 in the table: met. 1.1551 reads 1.16: missed.
    expect(judgeTarget({ floor: 1.15 }, { ratio: 1.1549 }).met).toBe(true)
    expect(judgeTarget({ floor: 1.15 }, { ratio: 1.1551 })).toEqual({ met: false, missed: ['÷floor 1.16 > 1.15'] })
    // A mode without a target against the bare script is not judged against it.
    expect(judgeTarget({ floor: 1.4 }, { ratio: 1.3, bareRatio: 3 })).toEqual({ met: true, missed: [] })
  })

  test('wait: false must also stay within 1.10 × the bare script; each miss is named', () => {
    const target = { floor: 1.15, bare: 1.1 }
    expect(judgeTarget(target, { ratio: 1.12, bareRatio: 1.05 })).toEqual({ met: true, missed: [] })
    expect(judgeTarget(target, { ratio: 1.12, bareRatio: 1.2 })).toEqual({ met: false, missed: ['÷bare 1.20 > 1.10'] })
    expect(judgeTarget(target, { ratio: 1.3, bareRatio: 1.2 }).missed).toEqual(['÷floor 1.30 > 1.15', '÷bare 1.20 > 1.10'])
  })

  test('a ratio that was not measured is not met', () => {
    expect(judgeTarget({ floor: 1.15, bare: 1.1 }, { ratio: 1.1 })).toEqual({ met: false, missed: ['÷bare not measured'] })
    expect(judgeTarget({ floor: 1.15 }, { ratio: NaN }).met).toBe(false)
  })

  test("are the issue's: replace 1.15, upsert and remove 1.4, wait: false also 1.10 ÷bare, each compared with the same calls", () => {
    const byId = Object.fromEntries(MODES.map(mode => [mode.id, mode]))
    expect(Object.fromEntries(MODES.filter(mode => mode.target).map(mode => [mode.id, describeTarget(mode.target!)]))).toEqual({
      change: '≤ 1.15',
      'no-change': '≤ 1.15',
      'dry-run': '≤ 1.15',
      'no-wait': '≤ 1.15, ≤ 1.10 ÷bare',
      upsert: '≤ 1.40',
      remove: '≤ 1.40'
    })
    // The bare script makes the calls the mode needs: its budget's, which are its necessary requests.
    for (const mode of MODES.filter(m => m.bare)) {
      expect(mode.bare).toBe(mode.budget.sae)
      expect(mode.bare!.split(' ')).toHaveLength(mode.necessary.sae)
    }
    expect(byId['health-rollback']!.bare).toBeUndefined()
  })
})

test("upsert and remove may sleep the settle (the writers' 100 ms + the write's round trip) and 50 ms of slack", () => {
  expect(settleBudget(50)).toBe(200)
  expect(settleBudget(200)).toBe(350)
  const upsert = MODES.find(mode => mode.id === 'upsert')!
  expect(upsert.budget.sleepMs).toBe(settleBudget)
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
