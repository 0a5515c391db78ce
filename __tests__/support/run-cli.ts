// The CLI under test, two ways. runCli: the built `sae-ingress` (dist/cli/index.js) as a child process, as a person
// runs it: a clean environment (none of the developer's ALIBABA_CLOUD_* variables, proxies or HOME), a temporary HOME
// with the aliyun CLI's config when a test gives one, stdin not a terminal. runMain: main() of src/cli/main.ts in this
// process, with fake streams (a terminal or not), for the prompt and colours. Every run's printed text and secrets go
// to the suite-wide secret ledger, and a run against an emulator of this process to the integrity ledger too.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { watchRun } from './integrity.js'
import { setProxyEnv } from './proxy-env.js'
import { recordPrinted, recordSecrets, ROOT, secretsOfEnvironment, type ActionRun } from './run-action.js'

/** The bundle; SAE_CLI_BUNDLE runs the suites against another build of it (a copy of dist/ with a fault planted). */
export const CLI = process.env.SAE_CLI_BUNDLE ?? path.join(ROOT, 'dist', 'cli', 'index.js')
const BUILD_FAILED = path.join(ROOT, 'node_modules', '.cache', 'sae-ingress-bundle', 'build-failed.txt')

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  /** The run's working directory (files given to it are here) and HOME. */
  cwd: string
  home: string
  ms: number
}

export interface CliOptions {
  /** Added to the clean environment (PATH, HOME, ALIBABA_CLOUD_ECS_METADATA_DISABLED=true). */
  env?: Record<string, string>
  /** Files to create in the working directory, by relative path. */
  files?: Record<string, string>
  /** Written to $HOME/.aliyun/config.json: an object as JSON, a string as it is. */
  aliyunConfig?: unknown
  /** Other files to create under HOME, by relative path (~/.alibabacloud/credentials). */
  homeFiles?: Record<string, string>
  /** Secrets only the test knows (a profile's), for the ledger. */
  secrets?: string[]
  /** Run in this directory (and HOME) instead of fresh ones: a second command on the first one's files. */
  reuse?: Pick<CliRun, 'cwd' | 'home'>
  killAfterMs?: number
}

/** A secret-looking value of the aliyun CLI's config, at any depth. */
function configSecrets(config: unknown): string[] {
  if (typeof config === 'string') return [...config.matchAll(/"[^"]*(?:secret|token)[^"]*"\s*:\s*"([^"]+)"/gi)].map(match => match[1]!)
  if (Array.isArray(config)) return config.flatMap(configSecrets)
  if (config === null || typeof config !== 'object') return []
  return Object.entries(config).flatMap(([key, value]) => (typeof value === 'string' ? (/secret|token/i.test(key) ? [value] : []) : configSecrets(value)))
}

/** The value of `--name` in `args`, if given. */
const option = (args: readonly string[], name: string): string | undefined => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}

function toLedger(secrets: string[], printed: string): void {
  recordSecrets(secrets)
  recordPrinted(printed)
}

/** Runs `node dist/cli/index.js ...args` and waits for it to end. */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  if (existsSync(BUILD_FAILED)) throw new Error(readFileSync(BUILD_FAILED, 'utf8'))
  const cwd = options.reuse?.cwd ?? (await mkdtemp(path.join(tmpdir(), 'sae-cli-')))
  const home = options.reuse?.home ?? path.join(cwd, '.home')
  await mkdir(home, { recursive: true })
  for (const [name, content] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(cwd, name)), { recursive: true })
    await writeFile(path.join(cwd, name), content)
  }
  for (const [name, content] of Object.entries(options.homeFiles ?? {})) {
    await mkdir(path.dirname(path.join(home, name)), { recursive: true })
    await writeFile(path.join(home, name), content)
  }
  if (options.aliyunConfig !== undefined) {
    await mkdir(path.join(home, '.aliyun'), { recursive: true })
    const config = options.aliyunConfig
    await writeFile(path.join(home, '.aliyun', 'config.json'), typeof config === 'string' ? config : JSON.stringify(config, null, 2))
  }
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...options.env }
  // The integrity ledger: an emulator of this process named by --endpoint has its state judged against the plan.
  const endpoint = option(args, '--endpoint')
  const watch = endpoint ? watchRun({ inputs: { endpoint } }) : undefined
  const started = Date.now()
  const child = spawn(process.execPath, [CLI, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(killer)
  const run: CliRun = { code, stdout, stderr, cwd, home, ms: Date.now() - started }
  const ingressId = option(args, '--ingress-id')
  const printedPlan = args[0] === 'plan' || args[0] === 'apply' ? stdout : ''
  watch?.finish({ ...asActionRun(run), outputs: { diff: printedPlan, ...(ingressId ? { 'ingress-id': ingressId } : {}) } })
  toLedger([...secretsOfEnvironment(env), ...configSecrets(options.aliyunConfig), ...(options.secrets ?? [])], `${stdout}\n${stderr}`)
  return run
}

function asActionRun(run: CliRun): ActionRun {
  return { code: run.code, stdout: run.stdout, stderr: run.stderr, outputs: {}, summary: '', annotations: [], workspace: run.cwd, ms: run.ms }
}

/** A Node warning of any kind (deprecation, experimental, unsettled await): none may reach a user. */
export const NODE_WARNING = /Warning|\(node:\d+\)/

/** A stream that keeps what is written to it, a terminal or not. */
export class Capture extends Writable {
  text = ''
  constructor(readonly isTTY: boolean) {
    super()
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString()
    done()
  }
}

export interface MainOptions {
  /** The environment main() sees (io.env) and, for the credential library and the proxy rules, process.env. */
  env?: Record<string, string>
  /** What a person types; undefined: stdin ends at once. */
  input?: string
  /** Typed this long after the start (stdin stays open until then). */
  inputAfterMs?: number
  /** Which of the streams are terminals; stdin is one unless said otherwise. */
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean }
}

export interface MainRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * main() of src/cli/main.ts with fake streams. The credential library and @actions/http-client read process.env, so
 * the run's environment (with a temporary HOME and no proxy) is process.env while it runs, restored afterwards.
 */
export async function runMain(args: readonly string[], options: MainOptions = {}): Promise<MainRun> {
  const { main } = await import('../../src/cli/main.js')
  const home = await mkdtemp(path.join(tmpdir(), 'sae-cli-home-'))
  const env: Record<string, string> = { HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...options.env }
  const saved = { ...process.env }
  const restoreProxies = setProxyEnv({})
  for (const name of Object.keys(process.env)) if (name.startsWith('ALIBABA_CLOUD_') || name === 'NO_COLOR') delete process.env[name]
  Object.assign(process.env, env)
  const typed = options.input === undefined ? [] : [options.input]
  const stdin = Object.assign(options.inputAfterMs === undefined ? Readable.from(typed) : new Readable({ read() {} }), { isTTY: options.tty?.stdin ?? true })
  if (options.inputAfterMs !== undefined) setTimeout(() => [...typed, null].forEach(chunk => stdin.push(chunk)), options.inputAfterMs)
  const stdout = new Capture(options.tty?.stdout ?? false)
  const stderr = new Capture(options.tty?.stderr ?? false)
  try {
    const code = await main(args, { stdin, stdout, stderr, env })
    toLedger(secretsOfEnvironment(env), `${stdout.text}\n${stderr.text}`)
    return { code, stdout: stdout.text, stderr: stderr.text }
  } finally {
    restoreProxies()
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
}
