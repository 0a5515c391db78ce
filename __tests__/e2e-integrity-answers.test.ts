// End to end (issue 9.1): the answers the action refuses to believe. A DescribeIngress answer without Data, for
// another ingress, that is no object, a redirect, or a body too large or without end is never planned with: the
// worst case it guards against is an upsert of one preview rule planned against "no rules", which would delete every
// production rule. Each case ends in a failure naming what was wrong (and the RequestId, when the answer had one),
// with no UpdateIngress sent and the live rules as they were. That retries and a trickling answer end by the timeout is
// timing, checked on a fake clock in retry.test.ts and attempt-timeout.test.ts; here each failure says why it ended.
import type { Emulator, Fault, LiveIngress } from '../emulator/index.mjs'
import { envKeys, expectCleanFailure, failureAnnotation, INGRESS_ID, json, startE2eEmulator, WEB_APP } from './support/e2e.js'
import { runChecked } from './support/integrity.js'

let emulator: Emulator
beforeEach(async () => (emulator = await startE2eEmulator()))
afterEach(() => emulator.close())

const PREVIEW = { IngressId: INGRESS_ID, Rules: [{ appId: WEB_APP, containerPort: 8080, domain: 'pr-7.preview.example.com', path: '/' }] }

function upsertPreview(timeout = '4', mode = 'upsert') {
  return runChecked({
    inputs: { 'ingress-file': 'ingress.json', endpoint: emulator.url, 'rules-mode': mode, timeout },
    files: { 'ingress.json': json(PREVIEW) },
    env: envKeys(),
    killAfterMs: 40_000
  })
}

const requestsFor = (action: string) => emulator.requests.filter(r => r.action === action)
const liveRules = (): LiveIngress['Rules'] => emulator.getIngress(INGRESS_ID)?.Rules

/** A raw fault whose body is built per request; the RequestIds it answered with, in order. */
function rawAnswers(body: (requestId: string) => unknown, extra: Partial<Fault> = {}): { fault: Fault; ids: string[] } {
  const ids: string[] = []
  const fault = {
    kind: 'raw',
    action: 'DescribeIngress',
    times: Infinity,
    body: ({ requestId }: { requestId: string }) => (ids.push(requestId), body(requestId)),
    ...extra
  } as Fault
  return { fault, ids }
}

const envelope = (requestId: string, data?: unknown) => ({ RequestId: requestId, Code: '200', Message: 'success', Success: true, ...(data === undefined ? {} : { Data: data }) })
const seededLive = (): LiveIngress => emulator.getIngress(INGRESS_ID)!

describe('a DescribeIngress answer that cannot be believed is retried, then fails; nothing is written', () => {
  test.each<[string, (requestId: string) => unknown, RegExp]>([
    ['a success without Data', id => envelope(id), /returned no Data/],
    ['Data for another ingress', id => envelope(id, { ...seededLive(), Id: 88 }), /returned ingress 88, not 87/],
    ['Data without an Id', id => envelope(id, { ...seededLive(), Id: undefined }), /without an Id/],
    ['Data that is not an object', id => envelope(id, 'ingress 87'), /returned no Data/],
    ['rules without a Domain', id => envelope(id, { ...seededLive(), Rules: [{ AppId: WEB_APP, ContainerPort: 8080, Path: '/' }] }), /Rules\[0\] has no Domain/],
    ['Rules that is not a list', id => envelope(id, { ...seededLive(), Rules: {} }), /Rules is not a list/]
  ])('%s', async (_name, body, why) => {
    const before = liveRules()
    const { fault, ids } = rawAnswers(body)
    emulator.inject(fault)
    const run = await upsertPreview()
    expectCleanFailure(run)
    const message = failureAnnotation(run)
    expect(message).toMatch(/^DescribeIngress failed: MalformedResponse: /)
    expect(message).toMatch(why)
    expect(message).toContain(`RequestId: ${ids.at(-1)}`)
    // Retried like a gateway error until the timeout ran out; the failure counts every answer refused.
    expect(requestsFor('DescribeIngress').length).toBeGreaterThan(1)
    expect(message).toContain(` · after ${requestsFor('DescribeIngress').length} attempts`)
    expect(requestsFor('UpdateIngress')).toHaveLength(0)
    expect(liveRules()).toEqual(before)
  })

  test.each<[string, string]>([
    ['a JSON array', '[]'],
    ['a JSON string', '"ok"'],
    ['JSON null', 'null']
  ])('a body that is %s', async (_name, body) => {
    emulator.inject({ kind: 'raw', action: 'DescribeIngress', times: Infinity, body })
    const run = await upsertPreview()
    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(/^DescribeIngress failed: (MalformedResponse|NonJsonResponse): /)
    expect(requestsFor('UpdateIngress')).toHaveLength(0)
  })

  test('an answer that becomes well-formed while time remains is believed (a captive portal that clears)', async () => {
    emulator.inject({ kind: 'raw', action: 'DescribeIngress', times: 2, body: ({ requestId }: { requestId: string }) => envelope(requestId) })
    const run = await upsertPreview('15')
    expect(run.code).toBe(0)
    expect(liveRules()?.map(rule => rule.Domain).sort()).toEqual(['old.example.com', 'pr-7.preview.example.com', 'www.example.com'])
  })

  test.each([301, 302, 307, 308])('a redirect (%i) is never followed: retried, then a failure', async status => {
    const before = liveRules()
    emulator.inject({ kind: 'redirect', status, location: `${emulator.url}/followed`, action: 'DescribeIngress', times: Infinity })
    const run = await upsertPreview()
    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(new RegExp(`^DescribeIngress failed: HTTP${status}: `))
    expect(emulator.requests.filter(r => r.path === '/followed')).toHaveLength(0)
    expect(requestsFor('DescribeIngress').length).toBeGreaterThan(1)
    expect(requestsFor('UpdateIngress')).toHaveLength(0)
    expect(liveRules()).toEqual(before)
  })
})

describe('bodies too large or without end are refused, never buffered', () => {
  // Well-formed and believable but for its size: a client that buffered it would plan with it.
  const believable = ({ requestId }: { requestId: string }) => envelope(requestId, seededLive())
  test.each<[string, () => Fault]>([
    ['a 6 MiB answer with a content-length', () => ({ kind: 'oversized', body: believable, action: 'DescribeIngress', times: Infinity })],
    ['a 6 MiB answer without one (chunked)', () => ({ kind: 'oversized', body: believable, chunked: true, action: 'DescribeIngress', times: Infinity })],
    ['an endless answer', () => ({ kind: 'endless', action: 'DescribeIngress', times: Infinity, durationMs: 15_000 })]
  ])('%s: ResponseTooLarge, no write', async (_name, fault) => {
    const before = liveRules()
    emulator.inject(fault())
    const run = await upsertPreview()
    expectCleanFailure(run)
    // Refused at the cap while reading, not buffered to the end: an endless answer only ends after 15 s, long after
    // the 4 s timeout would have made this a Timeout. Not retried: a second attempt would meet the same answer.
    expect(failureAnnotation(run)).toMatch(/^DescribeIngress failed: ResponseTooLarge: /)
    expect(requestsFor('DescribeIngress')).toHaveLength(1)
    expect(requestsFor('UpdateIngress')).toHaveLength(0)
    expect(liveRules()).toEqual(before)
  })

  test('an answer that trickles forever ends at the timeout', async () => {
    // 16 bytes every 50 ms for 30 s: never too large, never idle. Only a bound on the whole answer ends it before the
    // emulator cuts the connection; then it fails with Timeout, not with a cut connection (killAfterMs is a safety net).
    emulator.inject({ kind: 'endless', chunkBytes: 16, intervalMs: 50, durationMs: 30_000, action: 'DescribeIngress', times: Infinity })
    const run = await upsertPreview('4')
    expectCleanFailure(run)
    const message = failureAnnotation(run)
    expect(message).toMatch(/^DescribeIngress failed: Timeout: ReadTimeout: \d+\./)
    expect(Number(/ReadTimeout: (\d+)\./.exec(message)![1])).toBeLessThanOrEqual(4000)
    expect(requestsFor('DescribeIngress')).toHaveLength(1)
    expect(requestsFor('UpdateIngress')).toHaveLength(0)
  })
})

describe('an UpdateIngress answer must say the update was done', () => {
  test('a 2xx with Success:false fails with the code and RequestId', async () => {
    emulator.inject({ kind: 'successFalse', code: 'InvalidParameter.WithMessage', action: 'UpdateIngress', times: Infinity })
    const run = await upsertPreview()
    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(/^UpdateIngress failed: InvalidParameter\.WithMessage: .*RequestId: [0-9A-F-]{36}/)
  })

  test('a 2xx for another ingress is not a success', async () => {
    const { fault, ids } = rawAnswers(id => envelope(id, { IngressId: 88 }), { action: 'UpdateIngress' })
    emulator.inject(fault)
    const run = await upsertPreview()
    expectCleanFailure(run)
    const message = failureAnnotation(run)
    expect(message).toMatch(/^UpdateIngress failed: MalformedResponse: .*answered for ingress 88, not 87/)
    expect(message).toContain(`RequestId: ${ids.at(-1)}`)
  })

  test.each([302, 307, 308])('a redirect (%i) is an error and is never followed: the write is not re-sent elsewhere', async status => {
    const before = liveRules()
    emulator.inject({ kind: 'redirect', status, location: `${emulator.url}/followed`, action: 'UpdateIngress', times: Infinity })
    const run = await upsertPreview('4', 'replace')
    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(new RegExp(`^UpdateIngress failed: HTTP${status}: `))
    expect(emulator.requests.filter(r => r.path === '/followed')).toHaveLength(0)
    expect(liveRules()).toEqual(before)
  })

  test('an oversized UpdateIngress answer is a failure', async () => {
    emulator.inject({ kind: 'oversized', action: 'UpdateIngress', times: Infinity })
    const run = await upsertPreview()
    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(/^UpdateIngress failed: ResponseTooLarge: /)
  })
})
