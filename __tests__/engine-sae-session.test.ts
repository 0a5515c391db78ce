// The engine's way to SAE in process: a session (src/engine/sae/session.ts) opened as both front ends open it, over
// the real client (pop-client.ts: pop-core's ROA signer on the run's one agent), against the loopback emulator. What
// a call sends and what its answer becomes: the ingress read, a write, an ingress found by name across pages, the
// service's errors as the engine's SaeApiError, retries on the injected clock, and the run's secrets redacted from
// every error text. The end-to-end suites assert what the user sees of the same calls through the bundle.
import * as proxies from '@actions/http-client/lib/proxy'
import { DEFAULT_CREDENTIAL, startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.mjs'
import { applyIngress, type EngineContext } from '../src/engine/apply/deploy.js'
import { deadlineAfter } from '../src/engine/clock.js'
import { failureMessage } from '../src/engine/failure-message.js'
import { toUpdateRequest } from '../src/engine/ingress/params.js'
import type { IngressFile } from '../src/engine/ingress/types.js'
import { staticCredentials, type Credentials } from '../src/engine/model/credentials.js'
import { SaeApiError } from '../src/engine/sae/errors.js'
import { IngressNotFound } from '../src/engine/sae/find-ingress.js'
import { openSaeSession, resolveIngress, withSaeSession, type SaeSession } from '../src/engine/sae/session.js'
import type { LiveIngress } from '../src/engine/sae/types.js'
import { SecretRegistry } from '../src/engine/text/secrets.js'
import { virtualClock } from './support/memory-sae.js'
import { useProxyEnv } from './support/proxy-env.js'
import { recordingLog } from './support/recording-log.js'

useProxyEnv()

const SEED: LiveIngress = {
  Id: 87,
  NamespaceId: 'cn-hangzhou:prod',
  Description: 'web',
  ListenerPort: 80,
  Rules: [{ AppId: 'app-web-0001', AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' }]
}

let emulator: Emulator
let sessions: SaeSession[] = []

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ ingresses: [SEED], ...options })
  return emulator
}

afterEach(async () => {
  for (const session of sessions) session.close()
  sessions = []
  await emulator?.close()
})

/** The engine's context as a front end builds it: the run's secrets, a log, the proxy rules, and a virtual clock. */
function context() {
  const clock = virtualClock(0.5)
  const { log, said } = recordingLog()
  const secrets = new SecretRegistry()
  const ctx: EngineContext = { log, secrets, clock, proxies }
  return { ctx, clock, said, secrets }
}

/** A session to the emulator signed with `credentials`, opened with the run's `timeoutMs`. */
async function open(credentials: Credentials = DEFAULT_CREDENTIAL, timeoutMs = 30_000) {
  const run = context()
  const target = { endpoint: emulator.url, credentials: staticCredentials(credentials, 'the test credentials') }
  const session = await openSaeSession(target, run.ctx, deadlineAfter(run.clock, timeoutMs))
  sessions.push(session)
  return { ...run, session, client: session.client(session.deadline) }
}

test('DescribeIngress: a signed GET of the ingress, its answer the live ingress with the call\'s RequestId', async () => {
  await start()
  const { session, client, said } = await open()
  expect(session.endpoint).toBe(emulator.url)
  expect(session.credentialsFrom).toBe('the test credentials')
  const answer = await client.describeIngress(87)
  expect(answer.ingress).toMatchObject({ Id: 87, ListenerPort: 80, Rules: SEED.Rules })
  expect(answer.attempts).toBe(1)
  const [request] = emulator.requests
  expect(request).toMatchObject({ method: 'GET', action: 'DescribeIngress', status: 200, query: { IngressId: '87' } })
  expect(request!.headers['authorization']).toMatch(/^acs testAccessKeyId:/)
  expect(request!.headers['user-agent']).toMatch(/ sae-ingress\//)
  expect(answer.requestId).toMatch(/^[0-9A-F-]{36}$/)
  expect(said.debug).toEqual([expect.stringMatching(/^DescribeIngress: GET \/pop\/v1\/sam\/ingress\/Ingress with IngressId, attempt 1: HTTP 200, RequestId [0-9A-F-]{36}, \d+ ms$/)])
  expect(session.stats().requests).toBe(1)
})

test('UpdateIngress: settings in the query, the rule set as a form body, and the service holds them after', async () => {
  await start()
  const { client } = await open()
  const file: IngressFile = {
    IngressId: 87,
    RequestTimeout: 45,
    Rules: [{ appId: 'app-api-0001', containerPort: 9090, domain: 'api.example.com', path: '/v1' }]
  }
  const answer = await client.updateIngress(toUpdateRequest(file, 87))
  expect(answer).toMatchObject({ ingressId: 87, attempts: 1 })
  const request = emulator.requests.find(r => r.action === 'UpdateIngress')!
  expect(request).toMatchObject({ method: 'PUT', status: 200, query: { IngressId: '87', RequestTimeout: '45' } })
  expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded')
  expect(JSON.parse(new URLSearchParams(request.body).get('Rules')!)).toEqual(file.Rules)
  expect(emulator.getIngress(87)).toMatchObject({ RequestTimeout: 45, Rules: [expect.objectContaining({ Domain: 'api.example.com', Path: '/v1', ContainerPort: 9090 })] })
})

test('the engine\'s apply over a session to the service: written, confirmed, and the session closed after', async () => {
  await start()
  const { ctx, clock } = context()
  const target = { endpoint: emulator.url, credentials: staticCredentials(DEFAULT_CREDENTIAL, 'the test credentials') }
  let used: SaeSession | undefined
  const file: IngressFile = { IngressId: 87, Rules: [{ appId: 'app-pr-0042', containerPort: 8080, domain: 'pr-42.example.com', path: '/' }] }
  const result = await withSaeSession(target, ctx, deadlineAfter(clock, 30_000), session => {
    used = session
    return applyIngress(file, { ingressId: 87, mode: 'upsert', dryRun: false, wait: true, dropRuleActions: false }, session, ctx)
  })
  expect(result.outcome).toBe('updated')
  expect(result.verification).toMatchObject({ ok: true })
  expect(emulator.getIngress(87)?.Rules?.map(r => r.Domain).sort()).toEqual(['pr-42.example.com', 'www.example.com'])
  expect(emulator.requests.map(r => r.action)).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
  // Every call of the run went over one connection, which is gone once the work is done.
  expect(used!.stats()).toMatchObject({ requests: 3, connections: 1 })
  await expect(used!.client(used!.deadline).describeIngress(87)).resolves.toBeDefined()
  expect(used!.stats().connections).toBe(2)
})

describe('an ingress by name (ListIngresses)', () => {
  /** 60 ingresses in the namespace: more than one page of 50. */
  const many = Array.from({ length: 60 }, (_, i): LiveIngress => ({ Id: 1000 + i, NamespaceId: 'cn-hangzhou:prod', Description: `svc-${i}`, ListenerPort: 80, Rules: [] }))

  test('is found on the second page, read page by page until the namespace\'s total', async () => {
    await start({ ingresses: [SEED, ...many, { Id: 5000, NamespaceId: 'cn-hangzhou:test', Description: 'svc-57', ListenerPort: 80, Rules: [] }] })
    const { session } = await open()
    await expect(resolveIngress(session, { namespaceId: 'cn-hangzhou:prod', ingressName: 'svc-57' })).resolves.toBe(1057)
    const lists = emulator.requests.filter(r => r.action === 'ListIngresses')
    expect(lists.map(r => r.query)).toEqual([
      { NamespaceId: 'cn-hangzhou:prod', CurrentPage: '1', PageSize: '50' },
      { NamespaceId: 'cn-hangzhou:prod', CurrentPage: '2', PageSize: '50' }
    ])
  })

  test('a name nobody has is an error that names the candidates', async () => {
    await start()
    const { session } = await open()
    const found = resolveIngress(session, { namespaceId: 'cn-hangzhou:prod', ingressName: 'api' })
    await expect(found).rejects.toThrow(IngressNotFound)
    await expect(found).rejects.toThrow('No ingress of namespace cn-hangzhou:prod is named "api" (by its Description or Name); its ingresses: 87 ("web"')
  })

  test('an id needs no request', async () => {
    await start()
    const { session } = await open()
    await expect(resolveIngress(session, { ingressId: 87 })).resolves.toBe(87)
    expect(emulator.requests).toEqual([])
  })
})

describe('the service\'s errors', () => {
  test('an error answer is a SaeApiError with the service\'s code, message, status and RequestId, named by its action', async () => {
    await start()
    const { client } = await open()
    const err = (await client.describeIngress(999).catch(e => e)) as SaeApiError
    expect(err).toBeInstanceOf(SaeApiError)
    expect(err).toMatchObject({
      code: 'InvalidParameter.WithMessage',
      message: 'The parameter is invalid {IngressId}: The ingress [999] does not exist.',
      httpStatus: 400,
      transient: false,
      attempts: 1,
      action: 'DescribeIngress'
    })
    expect(err.requestId).toMatch(/^[0-9A-F-]{36}$/)
    expect(failureMessage(err)).toMatch(/^DescribeIngress failed: InvalidParameter\.WithMessage: .* · RequestId: [0-9A-F-]{36}\nHint: The service rejected a parameter/)
  })

  test('a 2xx answer that says Success: false is a failure too', async () => {
    await start()
    const { client } = await open()
    emulator.inject({ kind: 'successFalse', code: 'Application.InvalidStatus', message: 'The application is being deployed.' })
    await expect(client.describeIngress(87)).rejects.toMatchObject({ code: 'Application.InvalidStatus', message: 'The application is being deployed.', transient: false })
  })

  test('throttling is retried after a backoff on the run\'s clock, and the retry is said', async () => {
    await start()
    const { client, clock, said } = await open()
    emulator.inject({ kind: 'throttle', action: 'DescribeIngress', times: 2 })
    const answer = await client.describeIngress(87)
    expect(answer.attempts).toBe(3)
    // 500 ms, then 1 s, each at 75 % (the clock's random() is 0.5): no wall-clock time passes.
    expect(clock.slept).toEqual([375, 750])
    expect(said.info).toEqual([
      'DescribeIngress: Throttling.User on attempt 1; retrying in 375 ms.',
      'DescribeIngress: Throttling.User on attempt 2; retrying in 750 ms.'
    ])
  })

  test('an UpdateIngress with retry: false makes one attempt, whatever the error', async () => {
    await start()
    const { client } = await open()
    emulator.inject({ kind: 'unavailable', action: 'UpdateIngress' })
    const err = (await client.updateIngress(toUpdateRequest({ IngressId: 87, RequestTimeout: 20 }, 87), { retry: false }).catch(e => e)) as SaeApiError
    expect(err).toMatchObject({ code: 'ServiceUnavailable', httpStatus: 503, transient: true, attempts: 1, action: 'UpdateIngress' })
    expect(emulator.requests.filter(r => r.action === 'UpdateIngress')).toHaveLength(1)
  })

  test('a redirect is a failure, never followed: retried like a gateway\'s page until the timeout', async () => {
    await start()
    const { client, clock } = await open(DEFAULT_CREDENTIAL, 3000)
    emulator.inject({ kind: 'redirect', status: 302, times: Infinity })
    const err = (await client.describeIngress(87).catch(e => e)) as SaeApiError
    expect(err).toMatchObject({ code: 'HTTP302', httpStatus: 302, transient: true, attempts: 3 })
    expect(err.message).toBe('the endpoint answered HTTP 302, which is not a success')
    // Backoffs of 375 and 750 ms leave the attempts after them a second or more of the 3 s; the next (1.5 s) would not.
    expect(clock.slept).toEqual([375, 750])
    expect(emulator.requests.map(r => r.fault)).toEqual(['redirect', 'redirect', 'redirect'])
  })

  test('a wrong secret is SignatureDoesNotMatch, with the hint to check it', async () => {
    await start()
    const { client } = await open({ accessKeyId: DEFAULT_CREDENTIAL.accessKeyId, accessKeySecret: 'notTheRightSecret' })
    const err = (await client.describeIngress(87).catch(e => e)) as SaeApiError
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', httpStatus: 400, transient: false, action: 'DescribeIngress' })
    expect(failureMessage(err)).toMatch(/\nHint: The AccessKey secret does not match the AccessKey ID/)
  })
})

describe('the run\'s secrets never show in what an error says', () => {
  const STS = { accessKeyId: 'STS.testSessionKeyId', accessKeySecret: 'stsSessionSecretValue', securityToken: 'CAIStestSecurityTokenValue0123' }

  test('the security token that the service echoes in its string to sign is masked', async () => {
    await start({ credentials: [STS] })
    const { client } = await open({ ...STS, accessKeySecret: 'aWrongSessionSecret' })
    const err = (await client.describeIngress(87).catch(e => e)) as SaeApiError
    expect(err.code).toBe('SignatureDoesNotMatch')
    // The service quotes what it signed, security token header included: the token is the session's, and masked.
    expect(err.message).toMatch(/server string to sign is:[\s\S]*x-acs-security-token:\*\*\*/)
    expect(err.message).not.toContain(STS.securityToken)
  })

  test('the access key secret, echoed by an answer in any field, is masked in the error and its ids', async () => {
    await start()
    const { client, secrets } = await open()
    const echoed = `${DEFAULT_CREDENTIAL.accessKeySecret}`
    emulator.inject({
      kind: 'raw',
      status: 400,
      body: { Code: 'InvalidParameter', Message: `cannot use ${echoed} here`, RequestId: `req-${echoed}`, Success: false }
    })
    const err = (await client.describeIngress(87).catch(e => e)) as SaeApiError
    expect(err.message).toBe('cannot use *** here')
    expect(err.requestId).toBe('req-***')
    expect(failureMessage(err)).not.toContain(echoed)
    // Opening the session registered the secret with the run's registry: the front end masks it everywhere else too.
    expect(secrets.redact(`x ${echoed} y`)).toBe('x *** y')
  })
})
