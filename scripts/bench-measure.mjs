// Parts of `npm run bench` with their own set-up: peak RSS of a child process, the warm time of the validator on
// the current source, and the table printed for people.
import { spawnSync } from 'node:child_process'
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b)
  if (!sorted.length) return NaN
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low)
}
export const median = values => quantile(values, 0.5)

/** /usr/bin/time -f %M if it works here, else a preload that writes process.resourceUsage().maxRSS at exit. */
export async function rssMethod(temp) {
  const probe = path.join(temp, 'rss-probe.txt')
  const time = spawnSync('/usr/bin/time', ['-f', '%M', '-o', probe, process.execPath, '-e', '0'])
  if (time.status === 0 && Number((await readFile(probe, 'utf8').catch(() => '')).trim()) > 0) {
    return { name: '/usr/bin/time -f %M', wrap: file => (args, env) => ['/usr/bin/time', ['-f', '%M', '-o', file, process.execPath, ...args], env] }
  }
  const preload = path.join(temp, 'rss-preload.mjs')
  await writeFile(preload, `import { writeFileSync } from 'node:fs'\nprocess.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)))\n`)
  return {
    name: 'process.resourceUsage().maxRSS',
    wrap: file => (args, env) => [process.execPath, ['--import', pathToFileURL(preload).href, ...args], { ...env, BENCH_RSS_FILE: file }]
  }
}

/**
 * Warm time of loadIngressFile (UTF-8 decode, JSON with positions, placeholders, schema, checks) on the
 * 40-rule file. src/ is transpiled as-is (no type check) into a temp dir, so this measures the current
 * source without a slow ncc build.
 */
export async function validatorTime(root, temp) {
  const { default: ts } = await import('typescript')
  const out = path.join(temp, 'build')
  async function transpile(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const from = path.join(dir, entry.name)
      const to = path.join(out, path.relative(root, from))
      if (entry.isDirectory()) await transpile(from)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const { outputText } = ts.transpileModule(await readFile(from, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, isolatedModules: true, esModuleInterop: true },
          fileName: from
        })
        await mkdir(path.dirname(to), { recursive: true })
        await writeFile(to.replace(/\.ts$/, '.js'), outputText)
      } else if (entry.name.endsWith('.js')) {
        await mkdir(path.dirname(to), { recursive: true })
        await writeFile(to, await readFile(from))
      }
    }
  }
  await transpile(path.join(root, 'src'))
  await writeFile(path.join(out, 'package.json'), '{"type":"module"}\n')
  await symlink(path.join(root, 'node_modules'), path.join(out, 'node_modules'), 'dir')
  const load = await import(pathToFileURL(path.join(out, 'src', 'ingress', 'load.js')).href)
  const { validateIngressFile } = await import(pathToFileURL(path.join(out, 'src', 'ingress', 'schema-validator.generated.js')).href)
  const bytes = new Uint8Array(await readFile(path.join(root, 'bench', 'ingress-40.json')))
  const first = await load.loadIngressFile(bytes, {})
  if (!first.ok || first.ingress.Rules.length !== 40) throw new Error(`bench/ingress-40.json does not validate: ${JSON.stringify(first)}`)
  const parsed = JSON.parse(new TextDecoder().decode(bytes))
  const per = async (fn, batch, batches) => {
    for (let i = 0; i < batch * 5; i++) await fn() // warm-up: let the JIT settle
    const times = []
    for (let b = 0; b < batches; b++) {
      const t = process.hrtime.bigint()
      for (let i = 0; i < batch; i++) await fn()
      times.push(Number(process.hrtime.bigint() - t) / 1e6 / batch)
    }
    return median(times)
  }
  return {
    // What the action runs (one validator and one locator: a valid file and a file with findings take the same way).
    loadMs: await per(() => load.loadIngressFile(bytes, {}), 200, 25),
    schemaOnlyMs: await per(() => validateIngressFile(parsed), 2000, 25)
  }
}

/** The human-readable report: timings (unless --quick), what dist/ does not load, the CLI's size, every budget's result. */
export function renderTable({ quick, warmup, rounds, cases, stats, perRound, rss, validate, notLoaded, cliJsBytes, checks }) {
  const lines = []
  const pad = (text, width) => String(text).padEnd(width)
  const padLeft = (text, width) => String(text).padStart(width)
  lines.push(`SAE ingress action benchmark: node ${process.version}, ${cpus().length} CPUs${quick ? ', --quick (no timings)' : `, ${warmup} warm-up + ${rounds} interleaved rounds`}`)
  if (!quick) {
    lines.push('', `${pad('process', 12)}${padLeft('median ms', 11)}${padLeft('p25', 9)}${padLeft('p75', 9)}${padLeft('÷ floor', 9)}${padLeft('RSS MiB', 9)}${padLeft('max RSS', 9)}`)
    for (const c of cases) {
      const s = stats[c.name]
      lines.push(
        `${pad(c.name, 12)}${padLeft(s.median.toFixed(1), 11)}${padLeft(s.p25.toFixed(1), 9)}${padLeft(s.p75.toFixed(1), 9)}` +
          `${padLeft(perRound(c.name, 'floor').toFixed(2), 9)}${padLeft(median(rss[c.name]).toFixed(1), 9)}${padLeft(Math.max(...rss[c.name]).toFixed(1), 9)}`
      )
    }
    lines.push(`(floor = node -e 0; bare = bench/bare-pop-core.mjs, unbundled pop-core, one UpdateIngress; action = dist/index.js, changed 2-rule file; action-N = N-rule file)`)
    lines.push(
      `validator, 40 rules, warm: loadIngressFile ${validate.loadMs.toFixed(3)} ms (schema check ${(validate.schemaOnlyMs * 1000).toFixed(1)} µs)`
    )
  }
  lines.push(`dist/ not loaded on the apply path: ${notLoaded.join(', ') || 'none'}`)
  lines.push(`dist/cli/ (the CLI's bundle, not the action's; no budget here): ${cliJsBytes.toLocaleString('en')} B of JS`)
  const width = Math.max(...checks.map(c => c.name.length)) + 2
  const budgetWidth = Math.max(20, ...checks.map(c => c.target.length + 2))
  lines.push('', `${pad('target', width)}${pad('measured', 22)}${pad('budget', budgetWidth)}result`)
  for (const c of checks) lines.push(`${pad(c.name, width)}${pad(c.value, 22)}${pad(c.target, budgetWidth)}${c.pass ? 'pass' : 'FAIL'}`)
  return lines.join('\n')
}
