// The CLI on a terminal, in process: main() of src/cli/main.ts with fake streams (a terminal or not) against the
// loopback emulator. `apply` without --yes asks, and only `yes` writes; no answer (stdin ending, Ctrl-C, Ctrl-D) is a
// no. Plan lines are coloured only on a terminal and never with NO_COLOR. These runs are the engine's in-process
// coverage too. Help, version and usage errors: the built CLI as a child process.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Emulator } from '../emulator/index.mjs'
import { API_APP, envKeys, ingressFile, INGRESS_ID, json, startE2eEmulator } from './support/e2e.js'
import { runCli, runMain, type MainOptions, type MainRun } from './support/run-cli.js'

const ESC = '\u001b['

let emulator: Emulator
let file: string

beforeAll(async () => {
  file = path.join(await mkdtemp(path.join(tmpdir(), 'sae-cli-terminal-')), 'ingress.json')
  await writeFile(file, json(ingressFile()))
})

beforeEach(async () => {
  emulator = await startE2eEmulator()
})

afterEach(async () => {
  await emulator.close()
})

const actions = (): Array<string | undefined> => emulator.requests.map(request => request.action)

function cli(args: string[], options: MainOptions = {}): Promise<MainRun> {
  return runMain([args[0]!, file, '--endpoint', emulator.url, ...args.slice(1)], { ...options, env: { ...envKeys(), ...options.env } })
}

describe('the prompt of apply', () => {
  test("'yes' on a terminal: the plan, the question, then the write", async () => {
    const run = await cli(['apply'], { input: 'yes\n' })

    expect(run.code).toBe(0)
    expect(run.stdout).toContain('- rule old.example.com/\n')
    expect(run.stderr).toContain(`Apply this plan to ingress ${INGRESS_ID}? Only 'yes' applies it: `)
    expect(run.stderr).toMatch(/Applied and confirmed \(RequestId [0-9A-F-]{36}\)\.\n$/)
    expect(actions()).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
    expect(emulator.getIngress(INGRESS_ID)!.RequestTimeout).toBe(60)
  })

  test.each([
    ['no', 'no\n'],
    ['y (only yes applies)', 'y\n'],
    ['stdin ending with no answer (Ctrl-D)', undefined]
  ])('%s: nothing is written, exit 1', async (_answer, input) => {
    const run = await cli(['apply'], { input })

    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Not applied: nothing was written\.\n$/)
    expect(run.stderr).not.toContain('Unexpected')
    expect(actions()).toEqual(['DescribeIngress'])
    expect(emulator.getIngress(INGRESS_ID)!.RequestTimeout).toBe(30)
  })

  test.each([
    ['Ctrl-C', '\u0003'],
    ['Ctrl-D', '\u0004']
  ])('%s at the question on a terminal is a no, not an unexpected error', async (_key, input) => {
    const run = await cli(['apply'], { input, tty: { stdin: true, stderr: true } })

    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Not applied: nothing was written.')
    expect(run.stderr).not.toMatch(/Unexpected|AbortError|\s{4}at /)
    expect(actions()).toEqual(['DescribeIngress'])
  })

  test('the time taken to answer does not count against --timeout; the live ingress is read again before the write', async () => {
    const run = await cli(['apply', '--timeout', '3'], { input: 'yes\n', inputAfterMs: 3500 })

    expect(run.stderr).not.toContain('error')
    expect(run.code).toBe(0)
    expect(actions()).toEqual(['DescribeIngress', 'DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
  })

  test('an ingress changed while the question waited is not written: plan again', async () => {
    setTimeout(() => emulator.setIngress({ ...emulator.getIngress(INGRESS_ID)!, IdleTimeout: 50 }), 500)
    const run = await cli(['apply'], { input: 'yes\n', inputAfterMs: 1500 })

    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`error: Ingress ${INGRESS_ID} changed while the plan waited for approval; nothing was written. Plan again.`)
    expect(actions()).toEqual(['DescribeIngress', 'DescribeIngress'])
  })

  test('with --yes nothing is asked, on a terminal too', async () => {
    const run = await cli(['apply', '--yes'], { input: 'no\n' })

    expect(run.code).toBe(0)
    expect(run.stderr).not.toContain('Apply this plan')
    expect(actions()).toContain('UpdateIngress')
  })

  test('stdin not a terminal and no --yes: refused before any request', async () => {
    const run = await cli(['apply'], { input: 'yes\n', tty: { stdin: false } })

    expect(run.code).toBe(1)
    expect(run.stderr).toContain('pass --yes')
    expect(emulator.requests).toEqual([])
  })
})

describe('colours', () => {
  test('plan lines on a terminal are coloured by what they do', async () => {
    const run = await cli(['plan'], { tty: { stdout: true } })

    expect(run.code).toBe(2)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toBe(`${ESC}32m+ rule api.example.com/v1 → ${API_APP}:9090${ESC}39m`)
    expect(lines[1]).toBe(`${ESC}31m- rule old.example.com/${ESC}39m`)
    expect(lines[2]).toBe(`${ESC}33m~ RequestTimeout: 30 → 60${ESC}39m`)
  })

  test('with NO_COLOR, or when stdout is not a terminal, none', async () => {
    const noColor = await cli(['plan'], { tty: { stdout: true, stderr: true }, env: { NO_COLOR: '1' } })
    const piped = await cli(['plan'], { tty: { stdout: false, stderr: true } })

    expect(noColor.stdout).toContain('- rule old.example.com/\n')
    for (const run of [noColor, piped]) expect(run.stdout).not.toContain(ESC)
    expect(noColor.stderr).not.toContain(ESC)
  })

  test('stderr is coloured on its own terms: a terminal there, a pipe on stdout', async () => {
    const run = await runMain(['plan', file, '--ingress-id', '999', '--endpoint', emulator.url], { env: envKeys(), tty: { stdout: false, stderr: true } })

    expect(run.code).toBe(1)
    expect(run.stderr.startsWith(`${ESC}31merror: `)).toBe(true)
    expect(run.stdout).toBe('')
  })
})

describe('help, version and usage errors', () => {
  test('--version prints the version; --help the commands, on stdout, exit 0', async () => {
    const version = await runCli(['--version'])
    const help = await runCli(['--help'])
    const planHelp = await runCli(['plan', '--help'])

    expect(version).toMatchObject({ code: 0, stderr: '' })
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: sae-ingress \[options\] \[command\]/)
    for (const command of ['validate', 'plan', 'apply', 'export']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
    expect(planHelp.stdout).toContain('--ingress-name <name>')
  })

  test('an unknown option is an error naming the closest one; nothing runs', async () => {
    const run = await runCli(['plan', 'ingress.json', '--ingres-id', '87', '--endpoint', emulator.url], { files: { 'ingress.json': json(ingressFile()) }, env: envKeys() })
    const command = await runCli(['aply', 'ingress.json'])

    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain("error: unknown option '--ingres-id'\n(Did you mean --ingress-id?)")
    expect(command.code).not.toBe(0)
    expect(command.stderr).toContain('(Did you mean apply?)')
    expect(emulator.requests).toEqual([])
  })

  test('an option value out of its choices is an error listing them', async () => {
    const run = await runCli(['validate', 'ingress.json', '--rules-mode', 'merge'], { files: { 'ingress.json': json(ingressFile()) } })

    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Allowed choices are replace, upsert, remove.')
  })
})
