// The tables `npm run bench:wan` prints for people.
import { TARGET_RTT_MS } from './analysis.mjs'

const pad = (text, width) => String(text).padEnd(width)
const padLeft = (text, width) => String(text).padStart(width)
const ms = value => (value >= 100 ? value.toFixed(0) : value.toFixed(1))

/** `≤ 1.15  met` at the RTT targets are judged at, the targets alone at the others, `–` for modes without one. */
const targetCell = r => `${r.target ?? '–'}${r.targetMet === undefined ? '' : r.targetMet ? '  met' : '  MISSED'}`

/** One line per mode and RTT: time against the floor and the bare script, the targets, what crossed the network. */
export function renderTable(rows) {
  const columns = [
    ['mode', 33, r => r.label, 'left'],
    ['RTT', 5, r => r.rttMs],
    ['wall', 8, r => ms(r.wallMs)],
    ['floor', 8, r => ms(r.floorMs)],
    ['÷floor', 8, r => r.ratio.toFixed(2)],
    ['−sleep', 8, r => r.ratioWithoutSleep.toFixed(2)],
    ['bare', 7, r => (r.bareMs === undefined ? '–' : ms(r.bareMs))],
    ['÷bare', 7, r => (r.bareRatio === undefined ? '–' : r.bareRatio.toFixed(2))],
    ['  target', 31, r => `  ${targetCell(r)}`, 'left'],
    ['conn', 5, r => `${r.saeConnections}${r.healthConnections ? `+${r.healthConnections}` : ''}`],
    ['TLS', 5, r => r.tlsHandshakes],
    ['  SAE requests', 16, r => `  ${r.saeCalls}${r.healthRequests ? ` +${r.healthRequests}H` : ''}${r.varies ? ' *' : ''}`, 'left'],
    ['sleep', 7, r => ms(r.sleepMs)],
    ['  sleeps for', 0, r => `  ${r.sleepReasons || '–'}`, 'left']
  ]
  const lines = [columns.map(([title, width, , align]) => (align === 'left' ? pad(title, width) : padLeft(title, width))).join('')]
  let lastRtt
  for (const row of rows) {
    if (lastRtt !== undefined && row.rttMs !== lastRtt) lines.push('')
    lastRtt = row.rttMs
    lines.push(columns.map(([, width, cell, align]) => (align === 'left' ? pad(cell(row), width) : padLeft(cell(row), width))).join(''))
  }
  lines.push(
    '',
    'All times in ms, medians. floor = node -e 0 (with the sleep probe preloaded, like the runs) + 2 RTT per host (TCP +',
    'TLS 1.3) + 1 RTT per necessary request (+ what the service takes: the propagation mode adds max(0, propagation − RTT)).',
    '÷floor = wall ÷ floor; −sleep = (wall − deliberate sleep) ÷ floor.',
    'bare = bench/bare-pop-core.mjs making the same SAE calls (D; D U; D U D) with pop-core from node_modules on one',
    'keep-alive connection, started like the runs (same node, extra CA, sleep probe); ÷bare = wall ÷ bare.',
    `target = wall ÷ floor (and ÷ bare where shown) the mode must not exceed, judged at ${TARGET_RTT_MS} ms: met or MISSED.`,
    "conn = connections to SAE (+ to the health-check host); TLS = ClientHellos seen by SAE's relay.",
    'Requests: D DescribeIngress, U UpdateIngress, nH health-check requests; * = not the same in every round.'
  )
  return lines.join('\n')
}

/** The targets' verdict at the RTT they are judged at: how many modes met them, and what each miss was. */
export function renderTargets(rows) {
  const judged = rows.filter(r => r.targetMet !== undefined)
  if (!judged.length) return `Targets: judged at ${TARGET_RTT_MS} ms RTT, which this run did not measure.`
  const missed = judged.filter(r => !r.targetMet)
  return [
    `Targets at ${TARGET_RTT_MS} ms: ${judged.length - missed.length} of ${judged.length} modes met theirs${missed.length ? '; missed:' : '.'}`,
    ...missed.map(r => `  ${r.label}: ${r.targetMissed.join(', ')}`)
  ].join('\n')
}

export function renderConcurrency(results) {
  return results
    .map(
      c =>
        `Ten concurrent upserts of distinct rules into one ingress, RTT ${c.rttMs} ms: ${10 - c.lostRules.length}/10 rules live` +
        `${c.othersKept ? ', the other rules intact' : ', OTHER RULES CHANGED'}${c.failed ? `, ${c.failed} run(s) FAILED` : ''}; ` +
        `all done in ${ms(c.wallMs)} ms (slowest run ${ms(c.slowestMs)} ms); ${c.updates} UpdateIngress, ${c.describes} DescribeIngress, ` +
        `${c.connections} connections${c.lostRules.length ? `; lost: ${c.lostRules.join(', ')}` : ''}`
    )
    .join('\n')
}

/** The budgets checked (all of them in quick mode; only the missed ones otherwise). */
export function renderChecks(checks, { all }) {
  if (!checks.length) return all ? 'No budgets checked.' : 'Budgets (requests, connections, TLS handshakes, sleep, rules lost): all met.'
  const width = Math.max(...checks.map(c => c.name.length)) + 2
  const lines = [all ? 'Budgets (machine-independent):' : 'Budgets missed:', `${pad('check', width)}${pad('measured', 22)}${pad('budget', 22)}result`]
  for (const c of checks) lines.push(`${pad(c.name, width)}${pad(c.measured, 22)}${pad(c.budget, 22)}${c.pass ? 'pass' : 'FAIL'}`)
  return lines.join('\n')
}
