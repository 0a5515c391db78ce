// The tables `npm run bench:wan` prints for people.

const pad = (text, width) => String(text).padEnd(width)
const padLeft = (text, width) => String(text).padStart(width)
const ms = value => (value >= 100 ? value.toFixed(0) : value.toFixed(1))

/** One line per mode and RTT: time against the floor, what crossed the network, and where the time went. */
export function renderTable(rows) {
  const columns = [
    ['mode', 33, r => r.label, 'left'],
    ['RTT', 5, r => r.rttMs],
    ['wall', 8, r => ms(r.wallMs)],
    ['floor', 8, r => ms(r.floorMs)],
    ['÷floor', 8, r => r.ratio.toFixed(2)],
    ['−sleep', 8, r => r.ratioWithoutSleep.toFixed(2)],
    ['ref', 7, r => (r.referenceMs === undefined ? '–' : ms(r.referenceMs))],
    ['ref÷fl', 8, r => (r.referenceRatio === undefined ? '–' : r.referenceRatio.toFixed(2))],
    ['conn', 6, r => `${r.saeConnections}${r.healthConnections ? `+${r.healthConnections}` : ''}`],
    ['TLS', 5, r => r.tlsHandshakes],
    ['  SAE requests', 16, r => `  ${r.saeCalls}${r.healthRequests ? ` +${r.healthRequests}H` : ''}${r.varies ? ' *' : ''}`, 'left'],
    ['sleep', 7, r => ms(r.sleepMs)],
    ['start', 7, r => ms(r.startMs)],
    ['net', 7, r => ms(r.networkMs)],
    ['client', 8, r => ms(r.clientMs)],
    ['tail', 6, r => ms(r.tailMs)],
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
    'ref = wall time of the reference client, the network\'s part of as many SAE requests alone (one connection by host',
    'name, its TCP handshake sent before tls loads, DescribeIngress requests signed by the harness, sent one after the',
    'other, nothing parsed or written; bench-wan/reference-client.cjs), started like the runs; ref÷fl = ref ÷ floor.',
    'One measurement per number of requests: change, upsert and remove share one, no change and dry run another.',
    "conn = connections to SAE (+ to the health-check host); TLS = ClientHellos seen by SAE's relay.",
    'Requests: D DescribeIngress, U UpdateIngress, nH health-check requests; * = not the same in every round.',
    'Where the time went, seen from the relay: start = spawn to first connection; net = waiting on the network; client = the',
    "action's own work and sleeps between answers and the next request; tail = last answer to exit."
  )
  return lines.join('\n')
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
