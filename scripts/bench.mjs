// `npm run bench`: whole-process timings of the bundled action against a hand-written pop-core script
// and a bare `node -e 0`, interleaved (A B C A B C …) after a warm-up so a noisy machine still gives a
// fair comparison; plus peak RSS, the size of dist/ and of what the apply path loads, the validator's
// warm time, and the API calls the action makes (counted at the loopback emulator).
//
//   npm run bench                      full run (5 warm-up + 40 interleaved rounds, about a minute)
//   npm run bench -- --rounds 40       more rounds (--warmup N too)
//   npm run bench -- --quick           CI: no timings; only the deterministic budgets; exit 1 on a miss
//   npm run bench -- --strict          full run that also exits 1 when a timing target is missed
//
// Prints one table for people and one `BENCH_JSON {...}` line for machines.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { median, quantile, renderTable, rssMethod, validatorTime } from './bench-measure.mjs'
import { startEmulator } from '../emulator/index.mjs'
import { actionDefaults, parseOutputs, runnerEnv } from './runner-env.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'dist')
const entry = path.join(dist, 'index.js')

// ── options ────────────────────────────────────────────────────────────────────────────────────
const argv = process.argv.slice(2)
const flag = name => argv.includes(name)
function numberOption(name, fallback) {
  const at = argv.indexOf(name)
  if (at < 0) return fallback
  const value = Number(argv[at + 1])
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`)
  return value
}
const quick = flag('--quick')
const strict = flag('--strict')
const rounds = numberOption('--rounds', 40)
const warmup = numberOption('--warmup', 5)
const rssRuns = numberOption('--rss-runs', 5)

// ── budgets ───────────────────────────────────────────────────────────────────────────────────
// Start-up is no longer a target (the whole step at a distance is: npm run bench:wan). These budgets are what the
// design measured when the action went back to @actions/core and pop-core as shipped, plus 20 %: they catch a
// regression, they do not ask for savings. Files: the action loads the step whole (no staged loading), so a plain
// apply loads the entry chunk and pop-core (vendored on its own in dist/node_modules); the PR comment with its GitHub
// client (a lazy chunk) and Alibaba's credential chain (@alicloud/credentials, vendored beside pop-core) load only
// when a run needs them.
const BUDGET = {
  actionVsFloor: 6.4,
  rssMiB: 90,
  distJsBytes: 2_430_000,
  applyPathBytes: 2_170_000,
  applyPathFiles: 2,
  validate40Ms: 0.6,
  rules40VsRules1: 1.2
}
/** The verify loop's poll schedule after UpdateIngress (src/write-and-confirm.ts): 0, +500, +1000, +2000, +4000… ms. */
const POLL_SCHEDULE_MS = [0, 500, 1500, 3500, 7500, 11500]
const PROPAGATION_MS = 600

// ── helpers ────────────────────────────────────────────────────────────────────────────────────
const keys = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' }
const seed = JSON.parse(await readFile(path.join(root, 'examples', 'emulator-seed.json'), 'utf8')).ingresses
const temp = await mkdtemp(path.join(tmpdir(), 'sae-ingress-bench-'))
const outputFile = path.join(temp, 'output.txt')
const summaryFile = path.join(temp, 'summary.md')

const round = (value, digits = 2) => Number(value.toFixed(digits))

const defaults = await actionDefaults(root)
const actionEnv = (endpoint, file) =>
  runnerEnv({ root, temp, outputFile, summaryFile, keys, defaults, inputs: { 'ingress-file': file, endpoint, 'region-id': 'cn-hangzhou' } })

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 }))
  })
}

async function readOutputs() {
  return parseOutputs(await readFile(outputFile, 'utf8'))
}

/** Emulator + the cases: each prepares its state, then is run as a whole process. */
const emulator = await startEmulator({ credentials: [keys], ingresses: seed })
const reset = () => {
  for (const live of seed) emulator.setIngress(structuredClone(live))
  emulator.requests.length = 0
}
async function resetFiles() {
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
}
const bareEnv = { PATH: process.env.PATH ?? '', ...{ ALIBABA_CLOUD_ACCESS_KEY_ID: keys.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.accessKeySecret }, SAE_ENDPOINT: emulator.url }
const actionCase = (name, file) => ({
  name,
  args: [entry],
  env: actionEnv(emulator.url, file),
  prepare: async () => (reset(), resetFiles()),
  check: async result => {
    const calls = emulator.requests.map(r => r.action).join(',')
    const outputs = await readOutputs()
    if (result.code !== 0 || outputs.changed !== 'true' || calls !== 'DescribeIngress,UpdateIngress,DescribeIngress') {
      throw new Error(`${name}: exit ${result.code}, changed=${outputs.changed}, calls ${calls}\n${result.stdout}${result.stderr}`)
    }
  }
})
const cases = [
  { name: 'floor', args: ['-e', '0'], env: { PATH: process.env.PATH ?? '' }, prepare: async () => {}, check: async r => { if (r.code !== 0) throw new Error('node -e 0 failed') } },
  {
    name: 'bare',
    args: [path.join(root, 'bench', 'bare-pop-core.mjs'), 'examples/ingress.json', 'U'],
    env: bareEnv,
    prepare: async () => reset(),
    check: async result => {
      if (result.code !== 0 || emulator.requests.map(r => r.status).join() !== '200') throw new Error(`bare: exit ${result.code}\n${result.stdout}${result.stderr}`)
    }
  },
  actionCase('action', 'examples/ingress.json'),
  actionCase('action-1', 'bench/ingress-1.json'),
  actionCase('action-10', 'bench/ingress-10.json'),
  actionCase('action-40', 'bench/ingress-40.json')
]

async function runCase(c, wrapper) {
  await c.prepare()
  const [command, args, env] = wrapper ? wrapper(c.args, c.env) : [process.execPath, c.args, c.env]
  const result = await run(command, args, env)
  await c.check(result)
  return result
}

// ── deterministic budgets: sizes and API calls ─────────────────────────────────────────────────
async function jsFiles(dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await jsFiles(file)))
    else if (/\.(m|c)?js$/.test(entry.name)) out.push({ file, bytes: (await stat(file)).size })
  }
  return out
}

/** Runs the action once and returns the calls the emulator saw, the outputs and (optionally) the files loaded. */
async function applyOnce(target, file, { reseed = true, traceLoads = false } = {}) {
  if (reseed) for (const live of seed) target.setIngress(structuredClone(live))
  target.requests.length = 0
  await resetFiles()
  const loadedFile = path.join(temp, 'loaded.txt')
  await writeFile(loadedFile, '')
  const env = actionEnv(target.url, file)
  const args = [entry]
  if (traceLoads) {
    env.BENCH_LOADED_FILE = loadedFile
    args.unshift('--import', pathToFileURL(path.join(root, 'scripts', 'bench-loaded.mjs')).href)
  }
  const result = await run(process.execPath, args, env)
  const loaded = [...new Set((await readFile(loadedFile, 'utf8')).split('\n').filter(Boolean))]
  return { result, outputs: await readOutputs(), calls: target.requests.map(r => r.action), loaded }
}

const checks = []
const check = (name, value, target, pass, kind = 'budget') => checks.push({ name, value, target, pass, kind })

// The CLI's bundle (dist/cli/, the sae-ingress bin) is another program: the action never loads it, and the budget was
// set for the action. Its size is reported, with no budget here.
const cliDir = path.join(dist, 'cli') + path.sep
const allFiles = await jsFiles(dist)
const distFiles = allFiles.filter(f => !f.file.startsWith(cliDir))
const distJsBytes = distFiles.reduce((sum, f) => sum + f.bytes, 0)
const cliJsBytes = allFiles.reduce((sum, f) => sum + f.bytes, 0) - distJsBytes
check('JS in dist/ for the action (all .js but dist/cli/)', `${distJsBytes.toLocaleString('en')} B`, `≤ ${BUDGET.distJsBytes.toLocaleString('en')} B`, distJsBytes <= BUDGET.distJsBytes)

const changed = await applyOnce(emulator, 'examples/ingress.json', { traceLoads: true })
if (changed.result.code !== 0) throw new Error(`the action failed:\n${changed.result.stdout}${changed.result.stderr}`)
const loadedDist = changed.loaded.map(url => fileURLToPath(url)).filter(file => file.startsWith(dist + path.sep))
const applyPath = distFiles.filter(f => loadedDist.includes(f.file))
const applyPathBytes = applyPath.reduce((sum, f) => sum + f.bytes, 0)
const notLoaded = distFiles.filter(f => !loadedDist.includes(f.file)).map(f => path.relative(dist, f.file))
// What a run loads only when it needs it (the PR comment and its GitHub client, the credential chain) must stay off
// the plain apply path of a valid file with static keys.
check(
  `apply path loads ${applyPath.map(f => path.relative(dist, f.file)).join(' + ')}`,
  `${applyPathBytes.toLocaleString('en')} B`,
  `≤ ${BUDGET.applyPathFiles} files, ≤ ${BUDGET.applyPathBytes.toLocaleString('en')} B`,
  applyPath.length <= BUDGET.applyPathFiles && applyPathBytes <= BUDGET.applyPathBytes
)
const changedCalls = changed.calls.join(',')
check('API calls, changed apply (wait)', changed.calls.map(short).join(' '), 'D U D', changedCalls === 'DescribeIngress,UpdateIngress,DescribeIngress' && changed.outputs.changed === 'true')

const unchanged = await applyOnce(emulator, 'examples/ingress.json', { reseed: false })
check('API calls, unchanged apply', unchanged.calls.map(short).join(' ') || 'none', 'D', unchanged.calls.join(',') === 'DescribeIngress' && unchanged.outputs.changed === 'false' && unchanged.result.code === 0)

// With propagation delay, each poll is one describe; polls can only land later than scheduled,
// so at most (scheduled polls before the delay ends) + 1 describes follow the update.
const slow = await startEmulator({ credentials: [keys], ingresses: seed, propagationDelayMs: PROPAGATION_MS })
const delayed = await applyOnce(slow, 'examples/ingress.json')
await slow.close()
const maxPolls = POLL_SCHEDULE_MS.filter(t => t < PROPAGATION_MS).length + 1
const polls = delayed.calls.slice(2)
check(
  `API calls, changed apply, ${PROPAGATION_MS} ms propagation`,
  delayed.calls.map(short).join(' '),
  `D U + ≤ ${maxPolls} D`,
  delayed.result.code === 0 && delayed.calls.slice(0, 2).join(',') === 'DescribeIngress,UpdateIngress' &&
    polls.length >= 1 && polls.length <= maxPolls && polls.every(a => a === 'DescribeIngress')
)
function short(action) {
  return { DescribeIngress: 'D', UpdateIngress: 'U' }[action] ?? action
}

// ── timings ────────────────────────────────────────────────────────────────────────────────────
const samples = Object.fromEntries(cases.map(c => [c.name, []]))
const rss = Object.fromEntries(cases.map(c => [c.name, []]))
let validate = null

if (!quick) {
  const started = Date.now()
  process.stderr.write(`bench: ${warmup} warm-up + ${rounds} rounds of ${cases.map(c => c.name).join(' ')}\n`)
  for (let r = 0; r < warmup + rounds; r++) {
    for (const c of cases) {
      const { ms } = await runCase(c)
      if (r >= warmup) samples[c.name].push(ms)
    }
    if (process.stderr.isTTY) process.stderr.write(`\r  round ${r + 1}/${warmup + rounds}${r < warmup ? ' (warm-up)' : '          '}`)
    else if ((r + 1) % 10 === 0) process.stderr.write(`  round ${r + 1}/${warmup + rounds}\n`)
  }
  if (process.stderr.isTTY) process.stderr.write('\n')

  // Peak RSS: separate runs (the wrapper costs a fork, so it stays out of the timed runs).
  const rssWrapper = await rssMethod(temp)
  for (let r = 0; r < rssRuns; r++) {
    for (const c of cases) {
      const rssFile = path.join(temp, 'rss.txt')
      await writeFile(rssFile, '')
      await runCase(c, rssWrapper.wrap(rssFile))
      const kb = Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop())
      if (!Number.isFinite(kb) || kb <= 0) throw new Error(`no peak RSS for ${c.name}`)
      rss[c.name].push(kb / 1024)
    }
  }
  validate = await validatorTime(root, temp)
  process.stderr.write(`bench: ${((Date.now() - started) / 1000).toFixed(0)} s; peak RSS via ${rssWrapper.name}\n`)
}
await emulator.close()

// ── report ─────────────────────────────────────────────────────────────────────────────────────
const stats = {}
for (const c of cases) {
  const s = samples[c.name]
  if (s.length) stats[c.name] = { median: round(median(s)), p25: round(quantile(s, 0.25)), p75: round(quantile(s, 0.75)), n: s.length }
}
const perRound = (a, b) => round(median(samples[a].map((v, i) => v / samples[b][i])), 3)
let ratios = {}
if (!quick) {
  ratios = {
    actionVsBare: perRound('action', 'bare'),
    actionVsFloor: perRound('action', 'floor'),
    bareVsFloor: perRound('bare', 'floor'),
    rules40VsRules1: perRound('action-40', 'action-1'),
    rules10VsRules1: perRound('action-10', 'action-1')
  }
  check('action / floor', ratios.actionVsFloor.toFixed(3), `≤ ${BUDGET.actionVsFloor}`, ratios.actionVsFloor <= BUDGET.actionVsFloor, 'timing')
  check('action 40 rules / 1 rule', ratios.rules40VsRules1.toFixed(3), `≤ ${BUDGET.rules40VsRules1}`, ratios.rules40VsRules1 <= BUDGET.rules40VsRules1, 'timing')
  const actionRss = median(rss.action)
  check('peak RSS of the action (median)', `${actionRss.toFixed(1)} MiB`, `≤ ${BUDGET.rssMiB} MiB`, actionRss <= BUDGET.rssMiB, 'timing')
  check('validate 40-rule file, warm (loadIngressFile)', `${validate.loadMs.toFixed(3)} ms`, `≤ ${BUDGET.validate40Ms} ms`, validate.loadMs <= BUDGET.validate40Ms, 'timing')
}

console.log(renderTable({ quick, warmup, rounds, cases, stats, perRound, rss, validate, notLoaded, cliJsBytes, checks }))

const failedBudgets = checks.filter(c => !c.pass && c.kind === 'budget')
const failedTimings = checks.filter(c => !c.pass && c.kind === 'timing')
console.log(
  'BENCH_JSON ' +
    JSON.stringify({
      node: process.version,
      quick,
      rounds: quick ? 0 : rounds,
      warmup: quick ? 0 : warmup,
      ms: stats,
      ratios,
      rssMiB: quick ? {} : Object.fromEntries(cases.map(c => [c.name, { median: round(median(rss[c.name]), 1), max: round(Math.max(...rss[c.name]), 1) }])),
      validate40Ms: validate && { load: round(validate.loadMs, 4), schemaOnly: round(validate.schemaOnlyMs, 5) },
      distJsBytes,
      cliJsBytes,
      applyPathBytes,
      applyPathFiles: applyPath.map(f => path.relative(dist, f.file)),
      apiCalls: { changed: changed.calls, unchanged: unchanged.calls, changedWithPropagation: delayed.calls },
      checks: checks.map(({ name, value, target, pass }) => ({ name, value, target, pass })),
      pass: failedBudgets.length === 0 && failedTimings.length === 0
    })
)
await rm(temp, { recursive: true, force: true })
if (failedBudgets.length || (strict && failedTimings.length)) process.exit(1)
