import { spawn } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { mkdtemp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { watchRun } from './integrity.js'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DIST = path.join(ROOT, 'dist', 'index.js')

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  file?: string
  line?: number
  col?: number
  message: string
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  annotations: Annotation[]
  workspace: string
  ms: number
}

export interface RunOptions {
  /** Action inputs by their action.yml names (hyphens kept, as the runner passes them). */
  inputs: Record<string, string>
  /** Files to create in the workspace, by relative path. */
  files?: Record<string, string | Uint8Array>
  /** Symbolic links to create in the workspace: relative path → target (absolute, or relative to the link). */
  symlinks?: Record<string, string>
  env?: Record<string, string>
  /** Kill the process after this long (a test of timeouts must not hang the suite). */
  killAfterMs?: number
}

/** Every run of the suite, so a test can prove no secret reached any of them. */
export const transcripts: ActionRun[] = []

/** Reads the runner's file-command format: `name<<DELIM\nvalue\nDELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!
  return outputs
}

function unescapeData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

export function parseAnnotations(stdout: string): Annotation[] {
  const found: Annotation[] = []
  for (const match of stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)) {
    const props = Object.fromEntries(
      (match[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map(pair => [pair.slice(0, pair.indexOf('=')), unescapeData(pair.slice(pair.indexOf('=') + 1)).replace(/%3A/g, ':').replace(/%2C/g, ',')])
    )
    found.push({
      level: match[1] as Annotation['level'],
      file: props.file,
      line: props.line ? Number(props.line) : undefined,
      col: props.col ? Number(props.col) : undefined,
      message: unescapeData(match[3]!)
    })
  }
  return found
}

/** Runs the bundled action the way the runner does: a node process, INPUT_* variables, file commands. */
/** Written by the jest global setup (bundle-setup.mjs) when dist/ could not be rebuilt from src/. */
const BUILD_FAILED = path.join(ROOT, 'node_modules', '.cache', 'sae-ingress-bundle', 'build-failed.txt')

export async function runAction(options: RunOptions): Promise<ActionRun> {
  if (existsSync(BUILD_FAILED)) throw new Error(readFileSync(BUILD_FAILED, 'utf8'))
  const workspace = await mkdtemp(path.join(tmpdir(), 'sae-action-'))
  const runnerTemp = path.join(workspace, '_temp')
  await mkdir(runnerTemp)
  for (const [name, content] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(workspace, name)), { recursive: true })
    await writeFile(path.join(workspace, name), content)
  }
  for (const [name, target] of Object.entries(options.symlinks ?? {})) {
    await mkdir(path.dirname(path.join(workspace, name)), { recursive: true })
    await symlink(target, path.join(workspace, name))
  }
  const outputFile = path.join(runnerTemp, 'output.txt')
  const summaryFile = path.join(runnerTemp, 'summary.md')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTIONS: 'true',
    ...options.env
  }
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  // The suite-wide integrity check: the emulator's state before and after, against the run's plan.
  const watch = watchRun(options)
  const started = Date.now()
  const child = spawn(process.execPath, [DIST], { env, cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(killer)
  const run: ActionRun = {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    annotations: parseAnnotations(stdout),
    workspace,
    ms: Date.now() - started
  }
  transcripts.push(run)
  watch?.finish(run)
  recordInLedger(run, env)
  return run
}

/** Variables and inputs whose values are secrets: none may appear in anything a run prints. */
const SECRET_NAME = /SECRET|TOKEN/i

/**
 * The suite-wide leak check (issue: "one test collects every e2e run"): each run's printed text and the secrets it
 * was given go to a ledger that __tests__/support/secret-ledger-teardown.mjs checks once all suites have finished.
 */
function recordInLedger(run: ActionRun, env: Record<string, string>): void {
  const dir = process.env.SAE_E2E_LEDGER
  if (!dir) return
  const secrets = secretsOfEnvironment(env)
  appendFileSync(path.join(dir, `runs-${process.pid}.jsonl`), JSON.stringify({ secrets, printed: everythingPrinted(run) }) + '\n')
}

/**
 * The secrets a run's environment holds: inputs and variables named like secrets or tokens (access key secret,
 * security token, github-token, ACTIONS_ID_TOKEN_REQUEST_TOKEN, ...) and the credentials in proxy URLs, as written
 * and decoded. Written apart from src/secrets.ts on purpose: the check must not share the code it checks.
 */
export function secretsOfEnvironment(env: Record<string, string>): string[] {
  const named = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && !name.endsWith('_URL') && value.length >= 6)
    .map(([, value]) => value)
  const proxies = Object.entries(env)
    .filter(([name, value]) => /_proxy$/i.test(name) && value.includes('@'))
    .flatMap(([, value]) => {
      const userinfo = value.replace(/^[a-z0-9+.-]+:\/\//i, '').replace(/@[^@]*$/, '')
      const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : userinfo
      return [password, decodeURIComponent(password)]
    })
  return [...named, ...proxies].filter(value => value.length >= 4)
}

/** Adds to the ledger secrets only a test knows (credentials an emulator fault handed out). */
export function recordSecrets(secrets: readonly string[]): void {
  const dir = process.env.SAE_E2E_LEDGER
  if (dir && secrets.length) appendFileSync(path.join(dir, `runs-${process.pid}.jsonl`), JSON.stringify({ secrets, printed: '' }) + '\n')
}

/** Adds to the ledger text a run wrote somewhere else (a PR comment, the previous-config file), to be checked too. */
export function recordPrinted(printed: string): void {
  const dir = process.env.SAE_E2E_LEDGER
  if (dir && printed) appendFileSync(path.join(dir, `runs-${process.pid}.jsonl`), JSON.stringify({ secrets: [], printed }) + '\n')
}

/**
 * Adds to the ledger what only the wire shows: request signatures and security tokens (STS-issued ones included)
 * from the requests an emulator received. Returns how many values it recorded.
 */
export function recordWireSecrets(requests: ReadonlyArray<{ headers: Record<string, string> }>): number {
  const values = requests.flatMap(({ headers }) => [
    /^acs [^:\s]+:(\S+)$/.exec(headers.authorization ?? '')?.[1],
    headers['x-acs-security-token']
  ])
  const secrets = values.filter((value): value is string => Boolean(value))
  const dir = process.env.SAE_E2E_LEDGER
  if (dir && secrets.length) appendFileSync(path.join(dir, `runs-${process.pid}.jsonl`), JSON.stringify({ secrets, printed: '' }) + '\n')
  return secrets.length
}

/**
 * Every place a run could leak to: log, stderr, outputs, summary. `::add-mask::` commands are left out: the runner
 * consumes them (they are how a value gets masked) and never shows them in the log.
 */
export function everythingPrinted(run: ActionRun): string {
  const log = run.stdout.replace(/^::add-mask::.*$/gm, '')
  return [log, run.stderr, JSON.stringify(run.outputs), run.summary].join('\n')
}
