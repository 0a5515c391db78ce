// End to end: `sae-ingress validate` (offline: every problem located, placeholders as the action fills them) and
// `sae-ingress plan` (the live ingress read, the plan on stdout in the action's diff words, exit 0/2/1, never a write),
// the built CLI against the loopback emulator.
import type { Emulator } from '../emulator/index.mjs'
import { API_APP, envKeys, ingressFile, INGRESS_ID, json, LEGACY_APP, startE2eEmulator, WEB_APP } from './support/e2e.js'
import { NODE_WARNING, runCli, type CliRun } from './support/run-cli.js'

let emulator: Emulator

beforeEach(async () => {
  emulator = await startE2eEmulator()
})

afterEach(async () => {
  await emulator.close()
})

const actions = (): Array<string | undefined> => emulator.requests.map(request => request.action)

function plan(file: Record<string, unknown>, args: string[] = [], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['plan', 'ingress.json', '--endpoint', emulator.url, ...args], { files: { 'ingress.json': json(file) }, env: { ...envKeys(), ...env } })
}

/** The live ingress 87 as a file states it: no changes. */
const liveAsFile = (): Record<string, unknown> =>
  ingressFile({
    RequestTimeout: 30,
    EnableXForwardedFor: undefined,
    Rules: [
      { appId: WEB_APP, containerPort: 8080, domain: 'www.example.com', path: '/' },
      { appId: LEGACY_APP, containerPort: 8080, domain: 'old.example.com', path: '/' }
    ]
  })

describe('validate', () => {
  test('a valid file: exit 0, said on stderr, nothing on stdout', async () => {
    const run = await runCli(['validate', 'ingress.json'], { files: { 'ingress.json': json(ingressFile()) } })

    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe('ingress.json is valid: 2 rule(s).\n')
  })

  test('every problem of an invalid file as <file>:<line>:<col>: <message> on stderr, exit 1', async () => {
    const text = ['{', '  "IngressId": 87,', '  "ListenerPort": 70000,', '  "Rules": [', `    { "appId": "${WEB_APP}", "containerPort": 0, "domain": "a.example.com", "path": "/" }`, '  ]', '}', ''].join('\n')
    const run = await runCli(['validate', 'bad.json'], { files: { 'bad.json': text } })

    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    const problems = run.stderr.split('\n').filter(line => line.startsWith('bad.json:'))
    expect(problems).toEqual([expect.stringMatching(/^bad\.json:3:19: .*ListenerPort/), expect.stringMatching(/^bad\.json:5:73: Rules\/0\/containerPort must be an integer from 1 to 65535 \(found 0\)$/)])
    expect(run.stderr).toContain('bad.json is not a valid ingress file (2 problems).')
  })

  test('--rules-mode upsert: settings are problems there, a file of rules alone is valid', async () => {
    const settings = await runCli(['validate', 'ingress.json', '--rules-mode', 'upsert'], { files: { 'ingress.json': json(ingressFile()) } })
    const rules = await runCli(['validate', 'rules.json', '--rules-mode', 'upsert'], { files: { 'rules.json': json({ IngressId: INGRESS_ID, Rules: ingressFile().Rules }) } })

    expect(settings.code).toBe(1)
    expect(settings.stderr).toMatch(/^ingress\.json:\d+:\d+: Description cannot be set with rules-mode upsert/m)
    expect(rules.code).toBe(0)
  })

  test('placeholders are filled from the environment as the action fills them; an unset one is a problem at its place', async () => {
    const files = { 'ingress.json': json(ingressFile({ Description: 'web-${RELEASE}' })) }
    const set = await runCli(['validate', 'ingress.json'], { files, env: { RELEASE: 'v42' } })
    const unset = await runCli(['validate', 'ingress.json'], { files })

    expect(set.code).toBe(0)
    expect(unset.code).toBe(1)
    expect(unset.stderr).toMatch(/^ingress\.json:3:\d+: .*RELEASE/m)
    const planned = await plan(ingressFile({ Description: 'web-${RELEASE}' }), [], { RELEASE: 'v42' })
    expect(planned.stdout).toContain('~ Description: web-prod → web-v42')
  })

  test('a placeholder naming a credential is refused, even when it is set, and its value never shows', async () => {
    const files = { 'ingress.json': json(ingressFile({ Description: '${ALIBABA_CLOUD_ACCESS_KEY_SECRET}' })) }
    const run = await runCli(['validate', 'ingress.json'], { files, env: envKeys() })

    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^ingress\.json:3:\d+: .*ALIBABA_CLOUD_ACCESS_KEY_SECRET.* is refused: .*looks like a credential/m)
    expect(run.stderr).not.toContain(envKeys().ALIBABA_CLOUD_ACCESS_KEY_SECRET)
  })
})

describe('plan', () => {
  test('changes: the plan on stdout in the diff output words, exit 2, and only reads', async () => {
    const run = await plan(ingressFile())

    expect(run.code).toBe(2)
    expect(run.stdout.split('\n')).toEqual([
      `+ rule api.example.com/v1 → ${API_APP}:9090`,
      '- rule old.example.com/',
      '~ RequestTimeout: 30 → 60',
      '~ EnableXForwardedFor: unset → true',
      ''
    ])
    expect(run.stderr).toBe('')
    expect(actions()).toEqual(['DescribeIngress'])
  })

  test('a field the file leaves out of a rule goes back to its default, and the plan says so', async () => {
    const live = emulator.getIngress(INGRESS_ID)!
    emulator.setIngress({ ...live, Rules: live.Rules!.map(rule => ({ ...rule, BackendProtocol: 'https', RewritePath: '/app' })) })
    const run = await plan(liveAsFile())

    expect(run.code).toBe(2)
    expect(run.stdout).toContain('~ rule www.example.com/: backendProtocol https → http (not in the file: back to the default), rewritePath /app → unset (not in the file: back to the default)')
    expect(actions()).not.toContain('UpdateIngress')
  })

  test('no changes: "no changes" on stdout, exit 0', async () => {
    const run = await plan(liveAsFile())

    expect(run.code).toBe(0)
    expect(run.stdout).toBe('no changes\n')
    expect(run.stderr).toBe('')
    expect(actions()).toEqual(['DescribeIngress'])
  })

  test('--ingress-id plans against that ingress, whatever the file says', async () => {
    const run = await plan(liveAsFile(), ['--ingress-id', '88'])

    expect(run.code).toBe(2)
    expect(emulator.requests.map(request => request.params.IngressId)).toEqual(['88'])
    expect(run.stdout).toContain('~ ListenerPort: 8080 → 80')
  })

  test('an --ingress-id that is no whole number, or past 2^53 (it would round to another id), is refused before any request', async () => {
    const runs = [await plan(liveAsFile(), ['--ingress-id', '9007199254740993']), await plan(liveAsFile(), ['--ingress-id', '87a'])]

    for (const run of runs) expect([run.code, run.stderr]).toEqual([1, expect.stringMatching(/^error: --ingress-id must be a positive whole number, got "(9007199254740993|87a)"\.\n$/)])
    expect(emulator.requests).toEqual([])
  })

  test('an ingress that does not exist: exit 1, the service\'s word on stderr, nothing on stdout', async () => {
    const run = await plan(liveAsFile(), ['--ingress-id', '999'])

    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^error: .*999/m)
    expect(run.stderr).not.toMatch(/^\s{4}at /m)
  })

  test('an invalid file is planned against nothing: its problems, exit 1, no request', async () => {
    const run = await plan(ingressFile({ ListenerPort: 0 }))

    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^ingress\.json:\d+:\d+: .*ListenerPort/m)
    expect(run.stderr).toContain('error: ingress.json is not a valid ingress file (1 problem).')
    expect(emulator.requests).toEqual([])
  })

  test('--verbose: the calls and phases on stderr; the plan on stdout once', async () => {
    const run = await plan(ingressFile(), ['--verbose'])

    expect(run.code).toBe(2)
    expect(run.stdout.match(/^- rule old\.example\.com\/$/gm)).toHaveLength(1)
    expect(run.stderr).toMatch(/^DescribeIngress: GET \/pop\/v1\/sam\/ingress\/Ingress with IngressId, attempt 1: HTTP 200/m)
    expect(run.stderr).toContain('── Plan')
  })

  test('no run prints a Node warning (deprecations included)', async () => {
    const runs = [await plan(ingressFile()), await plan(ingressFile(), ['--verbose']), await runCli(['validate', 'x.json'], { files: { 'x.json': json(ingressFile()) } })]

    for (const run of runs) expect(run.stderr).not.toMatch(NODE_WARNING)
  })
})
