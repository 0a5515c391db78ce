// @ts-check
// The arithmetic of `npm run bench:wan`, kept free of I/O so that it is tested on its own
// (__tests__/bench-wan-analysis.test.ts): the floor of a mode, its targets, which timers were the action's
// deliberate sleeps (from the sleep probe), medians, and the budgets of the quick mode.

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

/** The round trip at which the targets are judged: what GitHub-hosted runners see of an SAE region far away. */
export const TARGET_RTT_MS = 200

/**
 * @typedef {{ floor: number, bare?: number }} Target  wall ≤ floor × `floor`; and, where set, wall ≤ `bare` × the
 *   bare pop-core script's wall time for the same calls
 */

/** `≤ 1.15` or `≤ 1.15, ≤ 1.10 ÷bare`: a mode's targets as the table shows them. */
export function describeTarget(/** @type {Target} */ target) {
  return [`≤ ${target.floor.toFixed(2)}`, ...(target.bare === undefined ? [] : [`≤ ${target.bare.toFixed(2)} ÷bare`])].join(', ')
}

/**
 * Whether a mode met its targets. Ratios are compared as the table shows them, to two decimals, so that a row never
 * reads `1.15` and missed `≤ 1.15`. A ratio that was not measured (the bare script failed) is a miss: a target is met
 * only when it is seen to be.
 * @param {Target} target
 * @param {{ ratio: number, bareRatio?: number }} measured
 * @returns {{ met: boolean, missed: string[] }}
 */
export function judgeTarget(target, { ratio, bareRatio }) {
  const shown = (/** @type {number} */ value) => Number(value.toFixed(2))
  /** @type {string[]} */
  const missed = []
  if (!(shown(ratio) <= target.floor)) missed.push(`÷floor ${ratio.toFixed(2)} > ${target.floor.toFixed(2)}`)
  if (target.bare !== undefined) {
    if (bareRatio === undefined || !Number.isFinite(bareRatio)) missed.push('÷bare not measured')
    else if (!(shown(bareRatio) <= target.bare)) missed.push(`÷bare ${bareRatio.toFixed(2)} > ${target.bare.toFixed(2)}`)
  }
  return { met: missed.length === 0, missed }
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
