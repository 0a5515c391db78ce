// End to end: what the service (or the network) answers when things go wrong, and what the user then sees.
import type { Fault } from '../emulator/index.mjs'
import {
  envKeys,
  expectCleanFailure,
  failureAnnotation,
  INGRESS_ID,
  ingressFile,
  json,
  KEYS,
  STACK_LINE,
  useEmulatorBehindRelay,
  STS
} from './support/e2e.js'
import { closedPort } from './support/ports.js'
import { everythingPrinted, runAction, transcripts } from './support/run-action.js'

const target = useEmulatorBehindRelay()

afterAll(async () => {
  // No expected failure of this file, whatever the fault, may end in a stack trace.
  for (const run of transcripts) {
    expect(run.stdout).not.toMatch(STACK_LINE)
    expect(run.stderr).not.toMatch(STACK_LINE)
  }
})

const FILE = 'ingress.json'

function deploy(extra: { inputs?: Record<string, string>; env?: Record<string, string>; killAfterMs?: number } = {}) {
  return runAction({
    inputs: { 'ingress-file': FILE, endpoint: target.relay.url, 'region-id': 'cn-hangzhou', timeout: '15', ...extra.inputs },
    files: { [FILE]: json(ingressFile()) },
    env: extra.env ?? envKeys(),
    killAfterMs: extra.killAfterMs ?? 30_000
  })
}

const updates = () => target.emulator.requests.filter(r => r.action === 'UpdateIngress')
const retryLines = (stdout: string) => stdout.split('\n').filter(line => / on attempt \d+; retrying in \d+ ms\.$/.test(line))
/** The backoffs the run announced, summed: the time it chose to wait, which must fit in its timeout. */
const announcedBackoff = (stdout: string) => retryLines(stdout).reduce((sum, line) => sum + Number(/retrying in (\d+) ms/.exec(line)![1]), 0)
const seedRules = () => target.emulator.getIngress(INGRESS_ID)!.Rules!.map(r => r.Domain)

describe('transient failures are retried and the update still lands', () => {
  test('throttled twice, then accepted: three attempts, each retry in the log', async () => {
    target.emulator.inject({ kind: 'throttle', action: 'UpdateIngress', times: 2 })

    const run = await deploy()

    expect(run.code).toBe(0)
    expect(updates().map(r => [r.status, r.fault])).toEqual([
      [400, 'throttle'],
      [400, 'throttle'],
      [200, undefined]
    ])
    expect(retryLines(run.stdout)).toEqual([
      expect.stringMatching(/^UpdateIngress: Throttling\.User on attempt 1; retrying in \d+ ms\.$/),
      expect.stringMatching(/^UpdateIngress: Throttling\.User on attempt 2; retrying in \d+ ms\.$/)
    ])
    const accepted = target.relay.responses.filter(r => r.method === 'PUT' && r.status === 200)
    expect(accepted).toHaveLength(1)
    expect(run.outputs['request-id']).toBe(accepted[0]!.requestId)
    expect(run.outputs.changed).toBe('true')
    expect(seedRules()).toEqual(['www.example.com', 'api.example.com'])
  })

  test.each<[string, Fault, string]>([
    ['503 ServiceUnavailable', { kind: 'unavailable', action: 'UpdateIngress' }, 'ServiceUnavailable'],
    ['500 InternalError', { kind: 'status', status: 500, action: 'UpdateIngress' }, 'InternalError'],
    ['a gateway HTML page', { kind: 'html', status: 502, action: 'UpdateIngress' }, 'NonJsonResponse'],
    ['a 200 whose JSON is cut short', { kind: 'badjson', action: 'UpdateIngress' }, 'NonJsonResponse'],
    ['a reset connection', { kind: 'reset', action: 'UpdateIngress' }, 'NetworkError']
  ])('%s once, then accepted', async (_name, fault, code) => {
    target.emulator.inject(fault)

    const run = await deploy()

    expect(run.code).toBe(0)
    expect(updates()).toHaveLength(2)
    expect(updates()[1]!.status).toBe(200)
    expect(retryLines(run.stdout)).toEqual([expect.stringMatching(new RegExp(`^UpdateIngress: ${code} on attempt 1; retrying in \\d+ ms\\.$`))])
    expect(seedRules()).toEqual(['www.example.com', 'api.example.com'])
  })

  test('a throttled read is retried too', async () => {
    target.emulator.inject({ kind: 'throttle', action: 'DescribeIngress' })

    const run = await deploy()

    expect(run.code).toBe(0)
    expect(target.emulator.requests.map(r => [r.action, r.status])).toEqual([
      ['DescribeIngress', 400],
      ['DescribeIngress', 200],
      ['UpdateIngress', 200],
      ['DescribeIngress', 200]
    ])
  })
})

// How many attempts fit in a timeout, and that the last one ends by it, is timing: retry.test.ts and
// attempt-timeout.test.ts check it on a fake clock. Here: what the user is told, and what was (not) written.
describe('transient failures that do not stop fail once the timeout runs out', () => {
  test('throttled until the timeout runs out: the failure names the code, the attempts and a hint', async () => {
    target.emulator.inject({ kind: 'throttle', action: 'UpdateIngress', times: Infinity })

    const run = await deploy({ inputs: { timeout: '3' } })

    expectCleanFailure(run)
    const attempts = updates().length
    expect(attempts).toBeGreaterThan(1)
    // Each retry was announced, and the backoffs the run chose fit in its 3 s.
    expect(retryLines(run.stdout)).toHaveLength(attempts - 1)
    expect(announcedBackoff(run.stdout)).toBeLessThan(3000)
    const last = target.relay.responses.filter(r => r.method === 'PUT').at(-1)!
    expect(failureAnnotation(run)).toBe(
      `UpdateIngress failed: Throttling.User: Request was denied due to user flow control. · RequestId: ${last.requestId} · after ${attempts} attempts\n` +
        'Hint: The API throttled the requests; the action retried until the timeout ran out. Raise timeout or deploy less often.'
    )
    expect(seedRules()).toEqual(['www.example.com', 'old.example.com'])
  })

  test('HTML pages until the timeout runs out fail as NonJsonResponse, with a snippet of the page', async () => {
    target.emulator.inject({ kind: 'html', status: 502, action: 'UpdateIngress', times: Infinity })

    const run = await deploy({ inputs: { timeout: '3' } })

    expectCleanFailure(run)
    expect(updates().length).toBeGreaterThan(1)
    expect(updates().every(r => r.status === 502)).toBe(true)
    const message = failureAnnotation(run)
    expect(message).toMatch(/^UpdateIngress failed: NonJsonResponse: the endpoint answered HTTP 502 with a non-JSON page: <html> <head><title>502 Bad Gateway<\/title>/)
    expect(message).toMatch(/\nHint: The service or the network failed repeatedly until the timeout ran out; try again later\.$/)
  })

  test('a service that never answers fails with Timeout after one attempt, given no more than the timeout', async () => {
    target.emulator.inject({ kind: 'hang', action: 'UpdateIngress', times: Infinity })

    // killAfterMs (30 s by default) only stops a run that hangs: one that gave its attempt 20 s fails on the message.
    const run = await deploy({ inputs: { timeout: '3' } })

    expectCleanFailure(run)
    expect(updates()).toHaveLength(1)
    expect(updates()[0]!.status).toBeUndefined()
    const message = failureAnnotation(run)
    // pop-core names the attempt's own timeout: what was left of the 3 s, not the 20 s an attempt may take at most.
    expect(message).toMatch(/^UpdateIngress failed: Timeout: ReadTimeout\(\d+\)/)
    expect(Number(/ReadTimeout\((\d+)\)/.exec(message)![1])).toBeLessThanOrEqual(3000)
    expect(message).toMatch(/\nHint: The service or the network failed repeatedly/)
    expect(retryLines(run.stdout)).toEqual([])
    expect(seedRules()).toEqual(['www.example.com', 'old.example.com'])
  })
})

describe('errors that retrying cannot fix fail at once', () => {
  test('400 SlbListenerPort.NotAvailable: one UpdateIngress, and the failure names code, message, RequestId and a hint', async () => {
    target.emulator.inject({
      kind: 'error',
      status: 400,
      code: 'SlbListenerPort.NotAvailable',
      message: 'The SLB listening port is unavailable: slbId [lb-emulator0000000000000], port [80]',
      action: 'UpdateIngress'
    })

    const run = await deploy()

    expectCleanFailure(run)
    expect(updates()).toHaveLength(1)
    expect(retryLines(run.stdout)).toEqual([])
    const answer = target.relay.responses.find(r => r.method === 'PUT')!
    expect(answer.status).toBe(400)
    const expected =
      'UpdateIngress failed: SlbListenerPort.NotAvailable: The SLB listening port is unavailable: slbId [lb-emulator0000000000000], port [80]' +
      ` · RequestId: ${answer.requestId}\nHint: ListenerPort is already used on this load balancer: choose a free port.`
    expect(failureAnnotation(run)).toBe(expected)
    expect(run.summary).toContain('### ❌ Ingress deployment failed')
    expect(run.summary).toContain('SlbListenerPort.NotAvailable')
    expect(run.summary).toContain(answer.requestId!)
    expect(run.outputs['ingress-id']).toBe(String(INGRESS_ID))
    expect(run.outputs).not.toHaveProperty('request-id')
    expect(run.outputs).not.toHaveProperty('changed')
    expect(seedRules()).toEqual(['www.example.com', 'old.example.com'])
  })

  test('HTTP 200 with Success:false fails with its ErrorCode and RequestId, without a retry', async () => {
    target.emulator.inject({
      kind: 'successFalse',
      code: 'Application.InvalidStatus',
      message: 'The application is being deployed; try again later.',
      action: 'UpdateIngress'
    })

    const run = await deploy()

    expectCleanFailure(run)
    expect(updates().map(r => r.status)).toEqual([200])
    const answer = target.relay.responses.find(r => r.method === 'PUT')!
    expect(failureAnnotation(run)).toBe(
      `UpdateIngress failed: Application.InvalidStatus: The application is being deployed; try again later. · RequestId: ${answer.requestId}`
    )
    expect(run.outputs).not.toHaveProperty('changed')
  })

  test('Success:false with an InvalidParameter code comes with the InvalidParameter hint', async () => {
    target.emulator.inject({ kind: 'successFalse', action: 'DescribeIngress' })

    const run = await deploy()

    expectCleanFailure(run)
    expect(updates()).toEqual([])
    const answer = target.relay.responses[0]!
    expect(failureAnnotation(run)).toBe(
      `DescribeIngress failed: InvalidParameter.WithMessage: The parameter is invalid {IngressId}: InvalidParameter.WithMessage · RequestId: ${answer.requestId}\n` +
        'Hint: The service rejected a parameter: check the value it names. SAE also answers this way when the IngressId does not exist in this region.'
    )
  })

  test('an ingress that does not exist fails on the read, nothing written', async () => {
    const run = await deploy({ inputs: { 'ingress-id': '999' } })

    expectCleanFailure(run)
    expect(target.emulator.requests.map(r => r.action)).toEqual(['DescribeIngress'])
    expect(failureAnnotation(run)).toMatch(/^DescribeIngress failed: InvalidParameter\.WithMessage: The parameter is invalid \{IngressId\}: The ingress \[999\] does not exist\./)
  })
})

describe('credentials the service refuses', () => {
  test('a wrong secret fails with SignatureDoesNotMatch and a hint, the secret nowhere in sight', async () => {
    const run = await deploy({ env: envKeys({ accessKeyId: KEYS.accessKeyId, accessKeySecret: KEYS.wrongSecret }) })

    expectCleanFailure(run)
    expect(target.emulator.requests.map(r => [r.action, r.status])).toEqual([['DescribeIngress', 400]])
    const message = failureAnnotation(run)
    expect(message).toMatch(/^DescribeIngress failed: SignatureDoesNotMatch: Specified signature is not matched with our calculation\./)
    expect(message).toContain(`RequestId: ${target.relay.responses[0]!.requestId}`)
    expect(message).toMatch(/\nHint: The AccessKey secret does not match the AccessKey ID: check access-key-secret, ALIBABA_CLOUD_ACCESS_KEY_SECRET or the ~\/\.aliyun\/config\.json profile/)
    for (const secret of [KEYS.wrongSecret, KEYS.accessKeySecret]) expect(everythingPrinted(run)).not.toContain(secret)
  })

  test('with STS keys, the security token the service echoes in its string-to-sign is redacted everywhere', async () => {
    const run = await deploy({ env: envKeys({ ...STS, accessKeySecret: KEYS.wrongSecret }) })

    expectCleanFailure(run)
    // The service did echo the token: the action had something to redact.
    expect(target.relay.responses[0]!.body).toContain(STS.securityToken)
    const message = failureAnnotation(run)
    expect(message).toMatch(/^DescribeIngress failed: SignatureDoesNotMatch: /)
    expect(message).toContain('x-acs-security-token:***')
    const printed = everythingPrinted(run)
    for (const secret of [STS.securityToken, encodeURIComponent(STS.securityToken), KEYS.wrongSecret, STS.accessKeySecret]) {
      expect(printed).not.toContain(secret)
    }
    expect(run.summary).toContain('SignatureDoesNotMatch')
  })

  test('the same, with the STS keys passed as inputs', async () => {
    const run = await deploy({
      inputs: { 'access-key-id': STS.accessKeyId, 'access-key-secret': KEYS.wrongSecret, 'security-token': STS.securityToken },
      env: {}
    })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(/^DescribeIngress failed: SignatureDoesNotMatch: /)
    expect(everythingPrinted(run)).not.toContain(STS.securityToken)
    expect(everythingPrinted(run)).not.toContain(KEYS.wrongSecret)
  })

  test('an unknown AccessKey ID fails with InvalidAccessKeyId.NotFound and a hint', async () => {
    const run = await deploy({ env: envKeys({ accessKeyId: 'e2eUnknownKeyId0000', accessKeySecret: KEYS.accessKeySecret }) })

    expectCleanFailure(run)
    expect(target.emulator.requests.map(r => [r.action, r.status])).toEqual([['DescribeIngress', 404]])
    expect(failureAnnotation(run)).toBe(
      `DescribeIngress failed: InvalidAccessKeyId.NotFound: Specified access key is not found. · RequestId: ${target.relay.responses[0]!.requestId}\n` +
        'Hint: The AccessKey ID is unknown or disabled: check the key this run signs with (access-key-id, ALIBABA_CLOUD_ACCESS_KEY_ID from aliyun/configure-aliyun-credentials-action, or the ~/.aliyun/config.json profile).'
    )
  })

  test('no credentials at all, not a dry run: a clear failure and no request', async () => {
    const run = await deploy({ env: {} })

    expectCleanFailure(run)
    expect(target.emulator.requests).toEqual([])
    // Names every way to provide credentials (the list grows with keyless OIDC).
    expect(failureAnnotation(run)).toMatch(
      /^No credentials: set .*ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET .*or the access-key-id and access-key-secret inputs\.$/
    )
    expect(run.outputs['ingress-id']).toBe(String(INGRESS_ID))
  })

  test('no credentials in a dry run: the file is validated offline, exit 0, no request', async () => {
    const run = await deploy({ inputs: { 'dry-run': 'true' }, env: {} })

    expect(run.code).toBe(0)
    expect(target.emulator.requests).toEqual([])
    expect(run.annotations).toEqual([expect.objectContaining({ level: 'notice', message: expect.stringContaining('validated offline') })])
    expect(run.summary).toContain('Ingress file is valid (offline dry run')
  })
})

describe('an https endpoint that cannot be reached: a clean failure, with the log, annotations and outputs', () => {
  // The run opens its TCP connection before anything else; when that fails before TLS could start on it, the
  // first request connects on its own and reports why.
  test.each([
    ['a port nothing listens on', async () => `https://127.0.0.1:${await closedPort()}`, /ECONNREFUSED/],
    ['a host name that does not exist', async () => 'https://sae.cn-hangzhou.nonexistent.invalid', /does not exist \(DNS: not found\)/]
  ])('%s', async (_case, endpointFor, reason) => {
    const run = await deploy({ inputs: { endpoint: await endpointFor(), timeout: '5' } })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(reason)
    expect(run.outputs['ingress-id']).toBe(String(INGRESS_ID))
    expect(run.stdout).toContain('::group::')
  })
})
