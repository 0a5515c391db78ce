// @ts-check
// The arithmetic of `npm run bench:wan`, kept free of I/O so that it is tested on its own
// (__tests__/bench-wan-analysis.test.ts): the floor of a mode, where a run's time went (from the delay proxy's
// timeline), which timers were the action's deliberate sleeps (from the sleep probe), medians, and the budgets of
// the quick mode.

/** Short names of the API calls in tables and budgets. */
export const SHORT = /** @type {Record<string, string>} */ ({ DescribeIngress: 'D', UpdateIngress: 'U', ListIngresses: 'L', AssumeRoleWithOIDC: 'A' })
export const shortCalls = (/** @type {Array<string | undefined>} */ actions) => actions.map(a => (a && SHORT[a]) ?? String(a)).join(' ')

/** @param {number[]} values */
export function quantile(values, /** @type {number} */ q) {
  const sorted = [...values].sort((a, b) => a - b)
  if (!sorted.length) return NaN
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.min(low + 1, sorted.length - 1)
  return /** @type {number} */ (sorted[low]) + (/** @type {number} */ (sorted[high]) - /** @type {number} */ (sorted[low])) * (at - low)
}
export const median = (/** @type {number[]} */ values) => quantile(values, 0.5)

/**
 * The network floor of a run: node start-up, then for each host one TCP handshake (1 RTT) plus one TLS 1.3
 * handshake (1 RTT) and one RTT per necessary request, plus what the service itself must take (e.g. propagation
 * beyond the confirming read's own round trip).
 * @param {{ startupMs: number, rttMs: number, hosts: Array<{ requests: number, tls?: boolean }>, serviceMs?: number }} input
 */
export function floorMs({ startupMs, rttMs, hosts, serviceMs = 0 }) {
  let trips = 0
  for (const host of hosts) {
    if (host.requests <= 0) continue
    trips += 1 + (host.tls === false ? 0 : 1) + host.requests
  }
  return startupMs + trips * rttMs + serviceMs
}

/**
 * @typedef {{ conn: number, host: string, kind: 'accept' | 'send' | 'deliver' | 'close', t: number, bytes?: number }} TimelineEvent
 * @typedef {{ start: number, end: number }} Interval
 */

/**
 * The intervals in which the client waits on the network, per connection: from the first chunk it sends to the
 * last chunk it receives before it sends again (a TLS flight, or an HTTP response, may come in several chunks).
 * @param {TimelineEvent[]} timeline
 * @returns {Interval[]}
 */
export function waitIntervals(timeline) {
  /** @type {Map<string, { start?: number, lastDeliver?: number }>} */
  const open = new Map()
  /** @type {Interval[]} */
  const out = []
  const sorted = [...timeline].sort((a, b) => a.t - b.t)
  for (const event of sorted) {
    const key = `${event.host}#${event.conn}`
    const state = open.get(key) ?? {}
    open.set(key, state)
    if (event.kind === 'send') {
      if (state.start !== undefined && state.lastDeliver !== undefined) {
        out.push({ start: state.start, end: state.lastDeliver })
        state.start = undefined
        state.lastDeliver = undefined
      }
      state.start ??= event.t
    } else if (event.kind === 'deliver') {
      if (state.start !== undefined) state.lastDeliver = event.t
    }
  }
  for (const state of open.values()) {
    if (state.start !== undefined && state.lastDeliver !== undefined) out.push({ start: state.start, end: state.lastDeliver })
  }
  return out.sort((a, b) => a.start - b.start)
}

/** @param {Interval[]} intervals sorted by start */
function union(intervals) {
  /** @type {Interval[]} */
  const merged = []
  for (const next of intervals) {
    const last = merged[merged.length - 1]
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end)
    else merged.push({ ...next })
  }
  return merged
}

/**
 * Where a run's wall time went, seen from the relay: `startMs` from spawn to the first connection (node start-up,
 * reading and validating the file), `networkMs` waiting on at least one connection, `clientMs` between the first
 * connection and the last answer with nothing in flight (the action's own work and its sleeps), `tailMs` from the
 * last answer to exit (outputs, summary, exit). `gaps` are the client-side intervals longer than `minGapMs`.
 * @param {TimelineEvent[]} timeline
 * @param {{ startedAt: number, endedAt: number, minGapMs?: number }} run
 */
export function timeBreakdown(timeline, { startedAt, endedAt, minGapMs = 20 }) {
  const accepts = timeline.filter(e => e.kind === 'accept').map(e => e.t)
  const delivers = timeline.filter(e => e.kind === 'deliver').map(e => e.t)
  if (!accepts.length) return { startMs: endedAt - startedAt, networkMs: 0, clientMs: 0, tailMs: 0, gaps: [] }
  const first = Math.min(...accepts)
  const last = delivers.length ? Math.max(...delivers) : first
  const waits = union(waitIntervals(timeline))
  const networkMs = waits.reduce((sum, w) => sum + (w.end - w.start), 0)
  /** @type {Interval[]} */
  const gaps = []
  let cursor = first
  for (const w of waits) {
    if (w.start > cursor) gaps.push({ start: cursor, end: w.start })
    cursor = Math.max(cursor, w.end)
  }
  if (last > cursor) gaps.push({ start: cursor, end: last })
  return {
    startMs: first - startedAt,
    networkMs,
    clientMs: Math.max(0, last - first - networkMs),
    tailMs: endedAt - last,
    gaps: gaps.filter(g => g.end - g.start >= minGapMs).map(g => ({ atMs: g.start - startedAt, ms: g.end - g.start }))
  }
}

/**
 * @typedef {{ ms: number, armedAt: number, firedAt?: number, stack: string[] }} ProbeRecord
 * @typedef {{ ms: number, reason: string, healthCheck: boolean }} Sleep
 */

/** `at fn (file:line:col)` or `at async fn (file:line:col)` or `at file:line:col` → parts. */
function frame(/** @type {string} */ line) {
  const match = /^at (?:async )?(?:(.+?) \()?(.+?):(\d+):\d+\)?$/.exec(line.trim())
  if (!match) return { fn: '', file: line.trim(), line: 0 }
  return { fn: match[1] ?? '', file: /** @type {string} */ (match[2]), line: Number(match[3]) }
}

const NOT_A_REASON = /(^|\.)sleep$|^<anonymous>$|^new Promise$|^Promise\b|^Timeout\b|^listOnTimeout$|processTimers|processTicksAndRejections|^wrapped$/

/** `deploy_confirm` in deploy.ts (the bundler's name for a module's function) → `confirm (deploy.ts)`. */
function reasonOf(/** @type {{ fn: string, file: string }} */ f) {
  const base = f.file.split(/[\\/]/).pop() ?? f.file
  const moduleName = base.replace(/\.[cm]?[jt]s$/, '').replace(/\W/g, '_')
  const fn = f.fn.replace(/^Object\./, '').replace(new RegExp(`^${moduleName}_`), '')
  return `${fn} (${base})`
}

/**
 * The action's deliberate sleeps among the timers the probe saw fire: those armed by the action's own code (not
 * by node or by a dependency), each with the function it slept for. Health-check backoff is told apart, because
 * waiting for the application to come up is the user's `timeout`, not overhead.
 * @param {ProbeRecord[]} records
 * @returns {{ totalMs: number, healthMs: number, otherMs: number, sleeps: Sleep[] }}
 */
export function deliberateSleeps(records) {
  /** @type {Sleep[]} */
  const sleeps = []
  for (const record of records) {
    if (record.firedAt === undefined) continue
    const frames = record.stack.map(frame).filter(f => !/sleep-probe\.mjs$/.test(f.file))
    const caller = frames[0]
    if (!caller || caller.file.startsWith('node:') || /node_modules/.test(caller.file)) continue
    const named = frames.find(f => f.fn && !NOT_A_REASON.test(f.fn) && !f.file.startsWith('node:'))
    const reason = named ? reasonOf(named) : 'unknown'
    const healthCheck = frames.some(f => /waitUntilHealthy|healthCheck|HealthCheck/.test(f.fn) || /health\.(ts|js)$/.test(f.file))
    sleeps.push({ ms: record.ms, reason, healthCheck })
  }
  const totalMs = sleeps.reduce((sum, s) => sum + s.ms, 0)
  const healthMs = sleeps.filter(s => s.healthCheck).reduce((sum, s) => sum + s.ms, 0)
  return { totalMs, healthMs, otherMs: totalMs - healthMs, sleeps }
}

/** `confirm 2210 + health 1000 + health 2000` style summary. */
export function describeSleeps(/** @type {Sleep[]} */ sleeps) {
  return sleeps.map(s => `${s.healthCheck ? 'health-check' : s.reason} ${Math.round(s.ms)}`).join(' + ') || 'none'
}

/**
 * @typedef {{ sae?: string, saeConnections?: number, tlsHandshakes?: number, healthConnections?: number, sleepMs?: number, lostRules?: number, exit?: number }} Budget
 * @typedef {{ saeCalls: string, saeConnections: number, tlsHandshakes: number, healthConnections: number, sleepMs: number, lostRules?: number, exit: number | null }} Measured
 * @typedef {{ name: string, measured: string, budget: string, pass: boolean }} Check
 */

/**
 * Compares one mode's run with its budget. A request budget is the exact sequence of calls (fewer would mean a
 * change is no longer confirmed, more is the regression); counts and sleep are upper bounds.
 * @param {string} mode
 * @param {Measured} measured
 * @param {Budget} budget
 * @returns {Check[]}
 */
export function checkBudget(mode, measured, budget) {
  /** @type {Check[]} */
  const checks = []
  const atMost = (/** @type {string} */ what, /** @type {number} */ value, /** @type {number | undefined} */ limit, unit = '') => {
    if (limit === undefined) return
    checks.push({ name: `${mode}: ${what}`, measured: `${Math.round(value)}${unit}`, budget: `≤ ${limit}${unit}`, pass: value <= limit })
  }
  if (budget.exit !== undefined) {
    checks.push({ name: `${mode}: exit code`, measured: String(measured.exit), budget: String(budget.exit), pass: measured.exit === budget.exit })
  }
  if (budget.sae !== undefined) {
    checks.push({ name: `${mode}: SAE requests`, measured: measured.saeCalls || 'none', budget: budget.sae || 'none', pass: measured.saeCalls === budget.sae })
  }
  atMost('SAE connections', measured.saeConnections, budget.saeConnections)
  atMost('TLS handshakes with SAE', measured.tlsHandshakes, budget.tlsHandshakes)
  atMost('health-check connections', measured.healthConnections, budget.healthConnections)
  atMost('deliberate sleep (health-check backoff excluded)', measured.sleepMs, budget.sleepMs, ' ms')
  if (measured.lostRules !== undefined) atMost('rules lost', measured.lostRules, budget.lostRules)
  return checks
}
