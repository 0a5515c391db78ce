// `npm run bench:wan`: the whole step, as users wait for it, against an SAE endpoint one round trip away (issue 12).
//
// The bundled action (dist/index.js) runs as the runner runs it against the loopback SAE emulator served over TLS
// (a throwaway CA trusted through NODE_EXTRA_CA_CERTS; certificate verification stays on), behind a delay proxy that
// holds every chunk RTT/2 each way and makes the TCP handshake cost its round trip too
// (scripts/bench-wan/delay-proxy.mjs says what it models). For each mode and RTT it prints the wall time (median
// of the rounds), the floor, their ratio, the bare pop-core script's wall time and the ratio to it, the mode's
// targets (judged at 200 ms), connections, TLS handshakes, requests, and the deliberate sleeps, which a preload
// records from outside the action (scripts/bench-wan/sleep-probe.mjs).
//
// Floor = node start-up (median of `node -e 0` in the same run and conditions: the extra CA, and the sleep probe the
// runs preload too) + 2 RTT per host (TCP + TLS 1.3 handshakes) + 1 RTT per necessary request
// (scripts/bench-wan/modes.mjs lists them, mode by mode). Bare = bench/bare-pop-core.mjs making the mode's SAE calls
// (D, D U or D U D) with pop-core from node_modules on one keep-alive connection, started like the action's runs,
// after the modes of each round at the same RTT: what a user might write instead of the action.
//
//   npm run bench:wan                       all modes at RTT 0, 50 and 200 ms, 5 rounds (4–6 minutes)
//   npm run bench:wan -- --rounds 7         more rounds; --rtt 0,100 other RTTs; --modes change,upsert some modes;
//                                           --concurrent-rounds 10 repeats the ten concurrent upserts (default 3)
//   npm run bench:wan -- --quick            CI: each mode once at 50 ms, and ten concurrent upserts; checks the
//                                           budgets that do not depend on the machine (requests, connections, TLS
//                                           handshakes, deliberate sleep, rules lost) and exits 1 on a regression
//
// Everything listens on 127.0.0.1. Prints one table for people and one `BENCH_WAN_JSON {...}` line for machines.
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { TARGET_RTT_MS, checkBudget, describeTarget, floorMs, judgeTarget, median } from './bench-wan/analysis.mjs'
import { createHarness } from './bench-wan/harness.mjs'
import { MODES, PRODUCTION_INGRESS_ID, PREVIEW_INGRESS_ID } from './bench-wan/modes.mjs'
import { renderChecks, renderConcurrency, renderTable, renderTargets } from './bench-wan/report.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const entry = path.join(root, 'dist', 'index.js')

const argv = process.argv.slice(2)
const option = (name, fallback) => {
  const at = argv.indexOf(name)
  return at < 0 ? fallback : argv[at + 1]
}
const quick = argv.includes('--quick')
const rounds = Number(option('--rounds', quick ? 1 : 5))
const rtts = String(option('--rtt', quick ? '50' : '0,50,200')).split(',').map(Number)
const wanted = option('--modes', undefined)?.split(',')
const modes = wanted ? MODES.filter(m => wanted.includes(m.id)) : MODES
const concurrentRtts = argv.includes('--no-concurrent') ? [] : quick ? [50] : rtts.filter(rtt => rtt > 0)
// A race that loses a rule now and then is found by repeating it: each round is ten new runs at once.
const concurrentRounds = Number(option('--concurrent-rounds', quick ? 1 : 3))
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(concurrentRounds) || concurrentRounds < 1 || rtts.some(rtt => !(rtt >= 0)) || (wanted && modes.length !== wanted.length)) {
  console.error(`bench:wan: bad options ${argv.join(' ')} (modes: ${MODES.map(m => m.id).join(', ')})`)
  process.exit(2)
}
if (!existsSync(entry)) {
  console.error('bench:wan: dist/index.js is missing: run `npm run bundle` first.')
  process.exit(2)
}

const started = Date.now()
const progress = text => process.stderr.write(`bench:wan ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${text}\n`)
const harness = await createHarness({ root, entry })
/** @type {any[]} */
const runs = []
const startups = []
const problems = []
const concurrent = []
// The bare script once per round and RTT for each sequence of calls the modes compare with (the quick mode times nothing).
const bareCalls = quick ? [] : [...new Set(modes.filter(mode => mode.bare).map(mode => mode.bare))]
const bares = []
const keep = result => {
  if (result.problems.length) problems.push(`${result.mode} at RTT ${result.rttMs}: ${result.problems.join('; ')}\n${result.log.slice(-3000)}`)
  return result
}

try {
  // Warm-up at RTT 0: file caches, and the states that "no change" and "remove" start from.
  progress('warm-up')
  const byId = Object.fromEntries(MODES.map(m => [m.id, m]))
  keep(await harness.runMode(byId.change, 0))
  harness.snapshot('applied', PRODUCTION_INGRESS_ID)
  keep(await harness.runMode(byId.upsert, 0))
  harness.snapshot('previewWithRule', PREVIEW_INGRESS_ID)
  if (!quick) for (const mode of modes) keep(await harness.runMode(mode, 0))
  // The bare script warms up too (pop-core's files from node_modules), as the action just did.
  for (const calls of bareCalls) await harness.runBare(calls, 0)
  for (let i = 0; i < 3; i++) await harness.nodeStartup()

  for (let round = 0; round < rounds; round++) {
    for (const rttMs of rtts) {
      progress(`round ${round + 1}/${rounds}, RTT ${rttMs} ms`)
      startups.push(await harness.nodeStartup())
      for (const mode of modes) runs.push(keep(await harness.runMode(mode, rttMs)))
      for (const calls of bareCalls) {
        const { wallMs, problem } = await harness.runBare(calls, rttMs)
        if (problem) problems.push(problem)
        else bares.push({ rttMs, calls, wallMs })
      }
      startups.push(await harness.nodeStartup())
    }
  }
  for (let round = 0; round < concurrentRounds; round++) {
    for (const rttMs of concurrentRtts) {
      progress(`ten concurrent upserts, RTT ${rttMs} ms (${round + 1}/${concurrentRounds})`)
      concurrent.push(await harness.runConcurrent(rttMs))
    }
  }
} finally {
  await harness.close()
}

// ── summary per mode and RTT ────────────────────────────────────────────────────────────────────
const startupMs = median(startups)
const most = values => [...values].sort((a, b) => values.filter(v => v === b).length - values.filter(v => v === a).length)[0]
const rows = []
for (const rttMs of rtts) {
  for (const mode of modes) {
    const mine = runs.filter(r => r.mode === mode.id && r.rttMs === rttMs)
    const floor = floorMs({
      startupMs,
      rttMs,
      hosts: [{ requests: mode.necessary.sae }, { requests: mode.necessary.health }],
      serviceMs: mode.serviceMs?.(rttMs) ?? 0
    })
    const wallMs = median(mine.map(r => r.wallMs))
    const bare = mode.bare ? bares.filter(b => b.rttMs === rttMs && b.calls === mode.bare) : []
    const bareMs = bare.length ? median(bare.map(b => b.wallMs)) : undefined
    const bareRatio = bareMs === undefined ? undefined : wallMs / bareMs
    const judged = mode.target && rttMs === TARGET_RTT_MS ? judgeTarget(mode.target, { ratio: wallMs / floor, bareRatio }) : undefined
    rows.push({
      mode: mode.id,
      label: mode.label,
      rttMs,
      n: mine.length,
      wallMs,
      floorMs: floor,
      ratio: wallMs / floor,
      ratioWithoutSleep: median(mine.map(r => r.wallMs - r.sleeps.totalMs)) / floor,
      bareCalls: mode.bare,
      bareMs,
      bareRatio,
      target: mode.target && describeTarget(mode.target),
      targetMet: judged?.met,
      targetMissed: judged?.missed,
      saeConnections: most(mine.map(r => r.saeConnections)),
      tlsHandshakes: most(mine.map(r => r.tlsHandshakes)),
      healthConnections: most(mine.map(r => r.healthConnections)),
      saeCalls: most(mine.map(r => r.saeCalls)),
      healthRequests: most(mine.map(r => r.healthRequests)),
      sleepMs: median(mine.map(r => r.sleeps.totalMs)),
      healthSleepMs: median(mine.map(r => r.sleeps.healthMs)),
      sleepReasons: most(mine.map(r => r.sleeps.sleeps.map(s => (s.healthCheck ? 'health-check' : s.reason)).join(', '))),
      proxyLateMs: median(mine.map(r => r.proxyLateMs)),
      varies: new Set(mine.map(r => `${r.saeConnections}/${r.tlsHandshakes}/${r.saeCalls}`)).size > 1
    })
  }
}

// ── the quick mode's budgets: counts, calls and sleeps of every run, and rules lost to concurrency ────────────
const checks = []
for (const result of runs) {
  const mode = MODES.find(m => m.id === result.mode)
  const measured = { ...result, sleepMs: result.sleeps.otherMs }
  const { sleepMs } = mode.budget
  const budget = { ...mode.budget, sleepMs: typeof sleepMs === 'function' ? sleepMs(result.rttMs) : sleepMs }
  checks.push(...checkBudget(`${result.mode} @${result.rttMs}`, measured, budget))
}
for (const c of concurrent) {
  checks.push(...checkBudget(`10 concurrent upserts @${c.rttMs}`, { lostRules: c.lost, exit: c.failed }, { lostRules: 0, exit: 0 }).map(check => (check.name.endsWith('exit code') ? { ...check, name: check.name.replace('exit code', 'runs failed') } : check)))
}
const failed = checks.filter(c => !c.pass)

console.log(`SAE ingress WAN benchmark: node ${process.version}, ${cpus().length} CPUs, ${quick ? 'quick (one run per mode)' : `${rounds} rounds, medians`}; node -e 0 = ${startupMs.toFixed(1)} ms (median of ${startups.length})`)
if (!quick) console.log('\n' + renderTable(rows) + '\n\n' + renderTargets(rows))
if (concurrent.length) console.log('\n' + renderConcurrency(concurrent))
// The same miss in every round is one line, with how many runs missed it.
const missed = [...new Map(failed.map(c => [`${c.name}|${c.measured}`, { ...c, name: `${c.name} (${failed.filter(f => f.name === c.name && f.measured === c.measured).length} of ${checks.filter(f => f.name === c.name).length} runs)` }])).values()]
console.log('\n' + renderChecks(quick ? checks : missed, { all: quick }))
if (quick) console.log(failed.length ? `\n${failed.length} of ${checks.length} budgets missed: see FAIL above.` : `\nAll ${checks.length} budgets met.`)
if (problems.length) console.log(`\nRuns that did not end as expected:\n${problems.join('\n')}`)
console.log(
  'BENCH_WAN_JSON ' +
    JSON.stringify({
      node: process.version,
      quick,
      rounds,
      startupMs,
      rows,
      bares,
      targets: { rttMs: TARGET_RTT_MS, judged: rows.filter(r => r.targetMet !== undefined).length, met: rows.filter(r => r.targetMet).length },
      concurrent: concurrent.map(({ logs: _logs, ...c }) => c),
      checks,
      pass: failed.length === 0 && problems.length === 0
    })
)
progress('done')
if (problems.length || (quick && failed.length)) process.exit(1)
