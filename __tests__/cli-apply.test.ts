// End to end: `sae-ingress apply`, the built CLI against the loopback emulator. It prints the plan, then writes and
// confirms exactly as the action does (the same request, the RuleActions guard, the confirmation); without --yes it
// asks, and with stdin not a terminal it refuses before anything is sent. The prompt itself is in cli-terminal.
import type { Emulator } from '../emulator/index.mjs'
import { API_APP, envKeys, ingressFile, INGRESS_ID, json, startE2eEmulator, WEB_APP } from './support/e2e.js'
import { runAction } from './support/run-action.js'
import { runCli, type CliRun } from './support/run-cli.js'

let emulator: Emulator

beforeEach(async () => {
  emulator = await startE2eEmulator()
})

afterEach(async () => {
  await emulator.close()
})

const actions = (): Array<string | undefined> => emulator.requests.map(request => request.action)

function apply(file: Record<string, unknown>, args: string[] = ['--yes']): Promise<CliRun> {
  return runCli(['apply', 'ingress.json', '--endpoint', emulator.url, ...args], { files: { 'ingress.json': json(file) }, env: envKeys() })
}

/** Ingress 87's rules with a redirect set up in the console on www.example.com/. */
function withRedirect(): void {
  const live = emulator.getIngress(INGRESS_ID)!
  const redirect = { ActionType: 'redirect', ActionConfig: '{"host":"new.example.com","path":"${path}","query":"${query}"}' }
  emulator.setIngress({ ...live, Rules: live.Rules!.map(rule => (rule.Domain === 'www.example.com' ? { ...rule, RuleActions: [redirect] } : rule)) })
}

test('--yes: the plan on stdout, then the write and its confirmation, exit 0', async () => {
  const run = await apply(ingressFile())

  expect(run.code).toBe(0)
  expect(run.stdout).toBe([`+ rule api.example.com/v1 → ${API_APP}:9090`, '- rule old.example.com/', '~ RequestTimeout: 30 → 60', '~ EnableXForwardedFor: unset → true', ''].join('\n'))
  // Nothing else on stderr: no Node warning either.
  expect(run.stderr).toMatch(/^Applied and confirmed \(RequestId [0-9A-F-]{36}\)\.\n$/)
  expect(actions()).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
  const live = emulator.getIngress(INGRESS_ID)!
  expect(live.RequestTimeout).toBe(60)
  expect(live.EnableXForwardedFor).toBe(true)
  expect(live.Rules!.map(rule => `${rule.Domain}${rule.Path}`)).toEqual(['www.example.com/', 'api.example.com/v1'])
})

test('the write is the very request the action sends for the same file', async () => {
  const file = ingressFile({ Rules: [{ appId: WEB_APP, containerPort: 8080, domain: 'www.example.com', path: '/', backendProtocol: 'http' }] })
  const action = await startE2eEmulator()
  try {
    const [cli, run] = await Promise.all([
      apply(file),
      runAction({ inputs: { 'ingress-file': 'ingress.json', endpoint: action.url, timeout: '30' }, files: { 'ingress.json': json(file) }, env: envKeys() })
    ])

    expect([cli.code, run.code]).toEqual([0, 0])
    const update = (at: Emulator) => at.requests.find(request => request.action === 'UpdateIngress')!
    const [sent, sentByAction] = [update(emulator), update(action)]
    expect(sent.params).toEqual(sentByAction.params)
    expect(JSON.parse(sent.params.Rules!)).toEqual([{ appId: WEB_APP, containerPort: 8080, domain: 'www.example.com', path: '/', backendProtocol: 'http' }])
    expect(emulator.getIngress(INGRESS_ID)).toEqual(action.getIngress(INGRESS_ID))
  } finally {
    await action.close()
  }
})

test('without --yes and with stdin not a terminal it refuses: exit 1, not even a request is sent', async () => {
  const run = await apply(ingressFile(), [])

  expect(run.code).toBe(1)
  expect(run.stderr).toContain('stdin is not a terminal: pass --yes to apply without asking. Nothing was done.')
  expect(run.stdout).toBe('')
  expect(emulator.requests).toEqual([])
})

test('nothing to change: "no changes", exit 0, nothing written', async () => {
  const live = ingressFile({
    RequestTimeout: 30,
    EnableXForwardedFor: undefined,
    Rules: emulator.getIngress(INGRESS_ID)!.Rules!.map(rule => ({ appId: rule.AppId, containerPort: rule.ContainerPort, domain: rule.Domain, path: rule.Path }))
  })
  const run = await apply(live)

  expect(run.code).toBe(0)
  expect(run.stdout).toBe('no changes\n')
  expect(run.stderr).toBe('No changes: nothing was written.\n')
  expect(actions()).toEqual(['DescribeIngress'])
})

test('a write that would drop RuleActions is refused as the action refuses it: exit 1, nothing written', async () => {
  withRedirect()
  const run = await apply(ingressFile())

  expect(run.code).toBe(1)
  expect(run.stdout).toContain('! RuleActions would be lost')
  expect(run.stderr).toMatch(/^error: The plan cannot be applied: RuleActions would be lost: .*www\.example\.com\/ \(redirect\)/m)
  expect(actions()).toEqual(['DescribeIngress'])
})

test('--drop-rule-actions accepts the loss: the plan names it, then the write', async () => {
  withRedirect()
  const run = await apply(ingressFile(), ['--yes', '--drop-rule-actions'])

  expect(run.code).toBe(0)
  expect(run.stdout).toContain('~ rule www.example.com/: RuleActions redirect → dropped (drop-rule-actions)')
  expect(actions()).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
  expect(emulator.getIngress(INGRESS_ID)!.Rules!.find(rule => rule.Domain === 'www.example.com')!.RuleActions).toBeUndefined()
})

test('a write the service refuses: exit 1, its code and message on stderr, no stack trace', async () => {
  emulator.inject({ kind: 'error', action: 'UpdateIngress', status: 400, code: 'InvalidParameter.NotEmpty', message: 'You must specify the parameter Rules.' })
  const run = await apply(ingressFile())

  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/^error: .*InvalidParameter\.NotEmpty.*You must specify the parameter Rules\./m)
  expect(run.stderr).not.toMatch(/^\s{4}at /m)
  expect(emulator.getIngress(INGRESS_ID)!.RequestTimeout).toBe(30)
})

test('a write that does not take is a failure once the timeout is up, as in the action', async () => {
  emulator.inject({ kind: 'dropUpdate', times: Infinity })
  const run = await apply(ingressFile(), ['--yes', '--timeout', '4'])

  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/^error: The change did not take within the timeout: /m)
  expect(actions().filter(action => action === 'UpdateIngress').length).toBeGreaterThanOrEqual(1)
})
