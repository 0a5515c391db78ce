// End to end: ingresses by name (--namespace-id and --ingress-name), the built CLI against the loopback emulator.
// ListIngresses is read page by page (50 a page) until its TotalSize; the one ingress whose Description (or, when
// none has it, whose Name) is the name is the one meant, and its id is the one the plan reads and the apply writes.
// None or several is an error naming the candidates with their ids; answers that do not add up are never guessed from.
import { startEmulator, type Emulator, type LiveIngress } from '../emulator/index.mjs'
import { envKeys, json, KEYS, LIVE_LISTENER, WEB_APP } from './support/e2e.js'
import { runCli, type CliRun } from './support/run-cli.js'

const NAMESPACE = 'cn-hangzhou:big'
const COUNT = 130
/** The 120th ingress of the namespace: on the third page of 50. */
const TARGET = 1120

function namespace(): LiveIngress[] {
  const ingresses: LiveIngress[] = []
  for (let n = 1; n <= COUNT; n++) {
    const description = 1000 + n === TARGET ? 'checkout' : n === 7 || n === 110 ? 'twin' : n === 60 ? undefined : `service-${n}`
    ingresses.push({
      ...LIVE_LISTENER,
      NamespaceId: NAMESPACE,
      Id: 1000 + n,
      Name: `lb-emulator${String(n).padStart(13, '0')}-${80 + n}-f5a1`,
      ...(description ? { Description: description } : {}),
      ListenerPort: 80 + n,
      DefaultRule: { AppId: WEB_APP, ContainerPort: 8080 },
      Rules: []
    })
  }
  // The same name in another namespace is never a candidate.
  ingresses.push({ ...LIVE_LISTENER, Id: 9001, Description: 'checkout', DefaultRule: { AppId: WEB_APP, ContainerPort: 8080 }, Rules: [] })
  return ingresses
}

let emulator: Emulator

beforeEach(async () => {
  emulator = await startEmulator({ credentials: [{ accessKeyId: KEYS.accessKeyId, accessKeySecret: KEYS.accessKeySecret }], ingresses: namespace() })
})

afterEach(async () => {
  await emulator.close()
})

const byName = (name: string): string[] => ['--namespace-id', NAMESPACE, '--ingress-name', name, '--endpoint', emulator.url]

/** A file without IngressId for the ingress named `checkout`, changing its RequestTimeout. */
const FILE = json({ Description: 'checkout', ListenerPort: 80 + 120, RequestTimeout: 90, DefaultRule: { appId: WEB_APP, containerPort: 8080 } })

function cli(command: string, name: string, extra: string[] = []): Promise<CliRun> {
  const file = command === 'export' ? [] : ['ingress.json']
  return runCli([command, ...file, ...byName(name), ...extra], { files: { 'ingress.json': FILE }, env: envKeys() })
}

const lists = (): Array<Record<string, string>> =>
  emulator.requests.filter(request => request.action === 'ListIngresses').map(({ params }) => ({ NamespaceId: params.NamespaceId!, CurrentPage: params.CurrentPage!, PageSize: params.PageSize! }))
const described = (): Array<string | undefined> => emulator.requests.filter(request => request.action === 'DescribeIngress').map(request => request.params.IngressId)

test('a name on a later page: every page is read up to TotalSize, and the plan reads the ingress it names', async () => {
  const run = await cli('plan', 'checkout')

  expect(run.code).toBe(2)
  expect(run.stdout).toBe('~ RequestTimeout: 30 → 90\n')
  expect(lists()).toEqual([1, 2, 3].map(page => ({ NamespaceId: NAMESPACE, CurrentPage: String(page), PageSize: '50' })))
  expect(described()).toEqual([String(TARGET)])
  expect(run.stderr).toBe('')
})

test('apply by name writes the ingress the name resolves to, and no other', async () => {
  const before = namespace().map(live => emulator.getIngress(live.Id))
  const run = await cli('apply', 'checkout', ['--yes'])

  expect(run.code).toBe(0)
  const updates = emulator.requests.filter(request => request.action === 'UpdateIngress')
  expect(updates.map(request => request.params.IngressId)).toEqual([String(TARGET)])
  expect(emulator.getIngress(TARGET)!.RequestTimeout).toBe(90)
  const changed = before.filter(live => JSON.stringify(emulator.getIngress(live!.Id)) !== JSON.stringify(live)).map(live => live!.Id)
  expect(changed).toEqual([TARGET])
})

test('no Description has the name: the ingress whose generated Name it is', async () => {
  const run = await cli('export', 'lb-emulator0000000000060-140-f5a1')

  expect(run.code).toBe(0)
  expect(described()).toEqual(['1060'])
  expect(JSON.parse(run.stdout)).not.toHaveProperty('IngressId')
})

test('no ingress has the name: an error listing the candidates with their ids, and nothing read', async () => {
  const run = await cli('plan', 'payments')

  expect(run.code).toBe(1)
  expect(run.stdout).toBe('')
  expect(run.stderr).toContain(`error: No ingress of namespace ${NAMESPACE} is named "payments" (by its Description or Name); its ingresses: 1001 ("service-1", lb-emulator0000000000001-81-f5a1), 1002 ("service-2"`)
  expect(run.stderr).toContain(`and ${COUNT - 20} more.`)
  expect(described()).toEqual([])
})

test('several ingresses have the name: an error naming each with its id, and nothing read', async () => {
  const run = await cli('apply', 'twin', ['--yes'])

  expect(run.code).toBe(1)
  expect(run.stderr).toContain(`error: 2 ingresses of namespace ${NAMESPACE} are named "twin": 1007 ("twin", lb-emulator0000000000007-87-f5a1), 1110 ("twin", lb-emulator0000000000110-190-f5a1). Name one by its id instead.`)
  expect(described()).toEqual([])
  expect(emulator.requests.some(request => request.action === 'UpdateIngress')).toBe(false)
})

test('--namespace-id and --ingress-name go together, and not with --ingress-id: errors before any request', async () => {
  const alone = await runCli(['export', '--ingress-name', 'checkout', '--endpoint', emulator.url], { env: envKeys() })
  const both = await runCli(['export', ...byName('checkout'), '--ingress-id', '1120'], { env: envKeys() })

  expect(alone.code).toBe(1)
  expect(alone.stderr).toContain('--namespace-id and --ingress-name go together')
  expect(both.code).toBe(1)
  expect(both.stderr).toContain('--ingress-id names the ingress already')
  expect(emulator.requests).toEqual([])
})

/** A ListIngresses answer claiming the whole namespace, with the given page of it. */
function page(items: LiveIngress[]): { kind: 'raw'; action: string; times: number; body: unknown } {
  return {
    kind: 'raw',
    action: 'ListIngresses',
    times: Infinity,
    body: { RequestId: 'B4D1C0DE-0000-4000-8000-000000000001', Success: true, Code: '200', Data: { CurrentPage: 1, PageSize: 50, TotalSize: COUNT, IngressList: items.map(({ ListenerPort, ...item }) => ({ ...item, ListenerPort: String(ListenerPort) })) } }
  }
}

test('pages that stop short of TotalSize are not guessed from: an empty page is an error', async () => {
  emulator.inject(page([]))
  const run = await cli('plan', 'checkout')

  expect(run.code).toBe(1)
  expect(run.stderr).toContain(`error: ListIngresses page 1 of namespace ${NAMESPACE} added no ingress, with 0 of the ${COUNT} it counts read; refusing to guess which ingress is meant.`)
  expect(described()).toEqual([])
})

test('a service that answers the same page again is caught on the second page, not after hundreds of requests', async () => {
  emulator.inject(page(namespace().slice(0, 50)))
  const run = await cli('plan', 'service-3')

  expect(run.code).toBe(1)
  expect(run.stderr).toContain('ListIngresses page 2 of namespace cn-hangzhou:big added no ingress, with 50 of the 130 it counts read')
  expect(lists()).toHaveLength(2)
  expect(described()).toEqual([])
})
