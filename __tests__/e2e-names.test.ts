// End to end: the action addresses an ingress by name (namespace-id + ingress-name) instead of an id. dist/index.js
// pages through ListIngresses of that namespace (50 a page, up to TotalSize), takes the one ingress whose Description
// (or, when none has it, whose generated Name) is the name, and plans, guards and writes that ingress alone: the id
// it resolved is the one allowed-ingress-ids is checked against and the one the outputs and summary show. None or
// several such ingresses is an error naming the candidates with their ids, and nothing is read or written.
import type { Emulator, LiveIngress } from '../emulator/index.mjs'
import { expectCleanFailure, envKeys, failureAnnotation, json, LIVE_LISTENER, startE2eEmulator, WEB_APP } from './support/e2e.js'
import { runChecked as runAction } from './support/integrity.js'
import type { ActionRun } from './support/run-action.js'

const NAMESPACE = 'cn-hangzhou:big'
const OTHER_NAMESPACE = 'cn-hangzhou:other'
/** More than two pages of 50 (find-ingress.ts PAGE_SIZE), so a name on the third page needs every page read. */
const COUNT = 130
const PAGE_SIZE = 50
/** The ingress described `checkout`: the 120th of the namespace, on page 3. */
const TARGET = 1120
/** Two ingresses described `twin`, on pages 1 and 3. */
const TWINS = [1007, 1110]
/** No Description: found only by its generated Name. */
const UNDESCRIBED = 1060
/** Described with the generated Name of 1031: a Description match wins over a Name match. */
const MISLEADING = 1030
/** In the other namespace: one described `checkout` too, and one whose name no ingress of NAMESPACE has. */
const ELSEWHERE = { checkout: 9001, only: 9002 }

const nameOf = (n: number): string => `lb-emulator${String(n).padStart(13, '0')}-${80 + n}-f5a1`

function namespace(): LiveIngress[] {
  const ingresses: LiveIngress[] = []
  for (let n = 1; n <= COUNT; n++) {
    const id = 1000 + n
    const description =
      id === TARGET ? 'checkout' : TWINS.includes(id) ? 'twin' : id === UNDESCRIBED ? undefined : id === MISLEADING ? nameOf(31) : `service-${n}`
    ingresses.push({
      ...LIVE_LISTENER,
      NamespaceId: NAMESPACE,
      Id: id,
      Name: nameOf(n),
      ...(description ? { Description: description } : {}),
      ListenerPort: 80 + n,
      DefaultRule: { AppId: WEB_APP, AppName: 'web', ContainerPort: 8080 },
      Rules: []
    })
  }
  const elsewhere = { ...LIVE_LISTENER, NamespaceId: OTHER_NAMESPACE, DefaultRule: { AppId: WEB_APP, AppName: 'web', ContainerPort: 8080 }, Rules: [] }
  ingresses.push({ ...elsewhere, Id: ELSEWHERE.checkout, Name: 'lb-other-80-0001', Description: 'checkout' })
  ingresses.push({ ...elsewhere, Id: ELSEWHERE.only, Name: 'lb-other-81-0002', Description: 'only-elsewhere', ListenerPort: 81 })
  return ingresses
}

let emulator: Emulator
/** How many of the emulator's requests came before the current run of a test that runs the action twice. */
let seen = 0
/** The requests since the last forget(): those of the run under test. */
const requests = () => emulator.requests.slice(seen)
const forget = (): void => {
  seen = emulator.requests.length
}

beforeEach(async () => {
  seen = 0
  emulator = await startE2eEmulator({ ingresses: namespace() })
})

afterEach(async () => {
  await emulator.close()
})

/** A file without IngressId: a rule and a RequestTimeout for whichever ingress the run names. */
const FILE = { RequestTimeout: 90, Rules: [{ appId: WEB_APP, containerPort: 8080, domain: 'checkout.example.com', path: '/' }] }

function deploy(inputs: Record<string, string>, file: unknown = FILE): Promise<ActionRun> {
  return runAction({
    inputs: { 'ingress-file': 'ingress.json', endpoint: emulator.url, 'region-id': 'cn-hangzhou', timeout: '30', ...inputs },
    files: { 'ingress.json': json(file) },
    env: envKeys()
  })
}

const byName = (name: string, namespaceId = NAMESPACE): Record<string, string> => ({ 'namespace-id': namespaceId, 'ingress-name': name })

const actions = (): Array<string | undefined> => requests().map(request => request.action)
const lists = (): Array<Record<string, string | undefined>> =>
  requests()
    .filter(request => request.action === 'ListIngresses')
    .map(({ params }) => ({ NamespaceId: params.NamespaceId, CurrentPage: params.CurrentPage, PageSize: params.PageSize }))
const idsOf = (action: string): Array<string | undefined> => requests().filter(request => request.action === action).map(request => request.params.IngressId)
const pagesOf = (namespaceId: string, pages: number) =>
  Array.from({ length: pages }, (_, page) => ({ NamespaceId: namespaceId, CurrentPage: String(page + 1), PageSize: String(PAGE_SIZE) }))

/** Every ingress as the emulator holds it now, by id. */
const state = (): Map<number, string> => new Map(emulator.ingressIds().map(id => [id, JSON.stringify(emulator.getIngress(id))]))
/** The ids whose live state differs from `before`. */
const changedSince = (before: Map<number, string>): number[] => [...before].filter(([id, was]) => JSON.stringify(emulator.getIngress(id)) !== was).map(([id]) => id)

describe('an ingress named in a namespace', () => {
  test('is found on the third page of ListIngresses and is the one read, written and reported', async () => {
    const before = state()
    const run = await deploy(byName('checkout'))

    expect(run.code).toBe(0)
    // Every page up to TotalSize, of that namespace only; then the resolved id alone is read and written.
    expect(lists()).toEqual(pagesOf(NAMESPACE, 3))
    expect(actions()).toEqual(['ListIngresses', 'ListIngresses', 'ListIngresses', 'DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
    expect(idsOf('DescribeIngress')).toEqual([String(TARGET), String(TARGET)])
    expect(idsOf('UpdateIngress')).toEqual([String(TARGET)])
    // The same name in another namespace is no candidate (else this would be ambiguous) and is left alone.
    expect(changedSince(before)).toEqual([TARGET])
    expect(emulator.getIngress(TARGET)).toMatchObject({ RequestTimeout: 90, Rules: [expect.objectContaining({ Domain: 'checkout.example.com', Path: '/' })] })

    expect(run.stdout).toContain(`Ingress "checkout" of namespace ${NAMESPACE} is ${TARGET}.`)
    // The URL's port is the live listener's of the ingress the name resolved to (the file leaves it to the service).
    expect(run.outputs).toMatchObject({ 'ingress-id': String(TARGET), changed: 'true', url: `http://checkout.example.com:${80 + 120}/` })
    expect(run.outputs.diff).toContain('+ rule checkout.example.com/')
    expect(run.summary).toContain('### ✅ Ingress updated')
    expect(run.summary).toContain(`| **Ingress** | ${TARGET} |`)
  })

  test('a dry run by name resolves and plans the same ingress, and writes nothing', async () => {
    const before = state()
    const run = await deploy({ ...byName('checkout'), 'dry-run': 'true' })

    expect(run.code).toBe(0)
    expect(actions()).toEqual(['ListIngresses', 'ListIngresses', 'ListIngresses', 'DescribeIngress'])
    expect(idsOf('DescribeIngress')).toEqual([String(TARGET)])
    expect(changedSince(before)).toEqual([])
    expect(run.outputs).toMatchObject({ 'ingress-id': String(TARGET), changed: 'true' })
    expect(run.summary).toContain(`| **Ingress** | ${TARGET} |`)
  })

  test('ingress-name overrides the IngressId in the file: the named ingress is written, the file’s is never read', async () => {
    const before = state()
    const run = await deploy(byName('checkout'), { ...FILE, IngressId: 1001 })

    expect(run.code).toBe(0)
    expect(idsOf('DescribeIngress')).toEqual([String(TARGET), String(TARGET)])
    expect(idsOf('UpdateIngress')).toEqual([String(TARGET)])
    expect(changedSince(before)).toEqual([TARGET])
    expect(run.outputs['ingress-id']).toBe(String(TARGET))
    expect(run.summary).toContain(`| **Ingress** | ${TARGET} |`)
  })

  test('an invalid file with an IngressId and a name: the run reports no ingress rather than the file’s, and sends nothing', async () => {
    const run = await deploy(byName('checkout'), { ...FILE, IngressId: 1001, RequestTimeout: 'soon' })

    expect(run.code).toBe(1)
    expect(requests()).toEqual([])
    expect(run.outputs['ingress-id']).toBeUndefined()
    expect(run.summary).not.toContain('1001')
  })

  test('with no Description equal to the name, the ingress whose generated Name it is; a Description match wins over a Name', async () => {
    const byGeneratedName = await deploy({ ...byName(nameOf(60)), 'dry-run': 'true' })

    expect(byGeneratedName.code).toBe(0)
    expect(idsOf('DescribeIngress')).toEqual([String(UNDESCRIBED)])
    expect(byGeneratedName.outputs['ingress-id']).toBe(String(UNDESCRIBED))

    // nameOf(31) is 1031's Name and 1030's Description: the Description is the console's name for an ingress.
    forget()
    const described = await deploy({ ...byName(nameOf(31)), 'dry-run': 'true' })

    expect(described.code).toBe(0)
    expect(idsOf('DescribeIngress')).toEqual([String(MISLEADING)])
    expect(described.outputs['ingress-id']).toBe(String(MISLEADING))
  })
})

describe('a name that does not pick out one ingress', () => {
  test('no ingress has it: exit 1, the error lists candidates with their ids, nothing is read or written', async () => {
    const before = state()
    const run = await deploy(byName('payments'))

    expectCleanFailure(run)
    const message = failureAnnotation(run)
    expect(message).toContain(`No ingress of namespace ${NAMESPACE} is named "payments" (by its Description or Name); its ingresses: `)
    expect(message).toContain(`1001 ("service-1", ${nameOf(1)}), 1002 ("service-2", ${nameOf(2)})`)
    expect(message).toContain(`and ${COUNT - 20} more.`)
    expect(lists()).toEqual(pagesOf(NAMESPACE, 3))
    expect(actions().filter(action => action !== 'ListIngresses')).toEqual([])
    expect(changedSince(before)).toEqual([])
    expect(run.outputs['ingress-id']).toBeUndefined()
    expect(run.summary).toContain('❌ Ingress deployment failed')
    expect(run.summary).toContain('is named')
  })

  test('two ingresses have it: exit 1 naming both ids, nothing is read or written', async () => {
    const before = state()
    const run = await deploy(byName('twin'))

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toContain(
      `2 ingresses of namespace ${NAMESPACE} are named "twin": ${TWINS[0]} ("twin", ${nameOf(7)}), ${TWINS[1]} ("twin", ${nameOf(110)}). Name one by its id instead.`
    )
    expect(actions().filter(action => action !== 'ListIngresses')).toEqual([])
    expect(changedSince(before)).toEqual([])
    expect(run.outputs['ingress-id']).toBeUndefined()
  })

  test('a name of another namespace’s ingress is not found in this one; in its own namespace it is', async () => {
    const before = state()
    const wrong = await deploy(byName('only-elsewhere'))

    expectCleanFailure(wrong)
    const message = failureAnnotation(wrong)
    expect(message).toContain(`No ingress of namespace ${NAMESPACE} is named "only-elsewhere"`)
    expect(message).not.toContain(String(ELSEWHERE.only))
    expect(actions().filter(action => action !== 'ListIngresses')).toEqual([])
    expect(changedSince(before)).toEqual([])

    forget()
    const right = await deploy(byName('only-elsewhere', OTHER_NAMESPACE))

    expect(right.code).toBe(0)
    expect(lists()).toEqual(pagesOf(OTHER_NAMESPACE, 1))
    expect(idsOf('UpdateIngress')).toEqual([String(ELSEWHERE.only)])
    expect(changedSince(before)).toEqual([ELSEWHERE.only])
    expect(right.outputs['ingress-id']).toBe(String(ELSEWHERE.only))
  })

  test('a namespace with no ingresses: the error says so', async () => {
    const run = await deploy(byName('checkout', 'cn-hangzhou:empty'))

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toContain('No ingress of namespace cn-hangzhou:empty is named "checkout" (by its Description or Name); it has no ingresses.')
    expect(actions()).toEqual(['ListIngresses'])
  })
})

describe('allowed-ingress-ids guards the id the name resolves to', () => {
  test('resolved id not in the list: refused after the lookup, before the ingress is read; the file’s own IngressId being allowed does not help', async () => {
    const before = state()
    // 1001 is the file's IngressId and 9001 the same name's ingress in the other namespace: neither is the one meant.
    const run = await deploy({ ...byName('checkout'), 'allowed-ingress-ids': `1001, ${ELSEWHERE.checkout}` }, { ...FILE, IngressId: 1001 })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toBe(`Ingress ${TARGET} is not in allowed-ingress-ids (1001, ${ELSEWHERE.checkout}); refusing to touch it.`)
    expect(actions()).toEqual(['ListIngresses', 'ListIngresses', 'ListIngresses'])
    expect(changedSince(before)).toEqual([])
    expect(run.outputs['ingress-id']).toBe(String(TARGET))
    expect(run.summary).toContain(`| **Ingress** | ${TARGET} |`)
  })

  test('resolved id in the list: the update goes ahead', async () => {
    const before = state()
    const run = await deploy({ ...byName('checkout'), 'allowed-ingress-ids': `1001\n${TARGET}` })

    expect(run.code).toBe(0)
    expect(idsOf('UpdateIngress')).toEqual([String(TARGET)])
    expect(changedSince(before)).toEqual([TARGET])
  })
})

describe('namespace-id and ingress-name as inputs', () => {
  test.each([
    ['ingress-name without namespace-id', { 'ingress-name': 'checkout' }, 'Inputs namespace-id and ingress-name go together'],
    ['namespace-id without ingress-name', { 'namespace-id': NAMESPACE }, 'Inputs namespace-id and ingress-name go together'],
    ['ingress-id with them', { ...byName('checkout'), 'ingress-id': String(TARGET) }, 'Input ingress-id names the ingress already'],
    ['a namespace-id that is no namespace id', byName('checkout', 'big namespace'), 'Input namespace-id must look like cn-hangzhou:prod']
  ])('%s: an input error before any request', async (_, inputs, error) => {
    const before = state()
    const run = await deploy(inputs, { ...FILE, IngressId: TARGET })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toContain(error)
    expect(requests()).toEqual([])
    expect(changedSince(before)).toEqual([])
  })
})
