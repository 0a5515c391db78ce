// Keyless credentials in process (src/engine/credentials/oidc.ts): an OIDC token exchanged with the emulator's STS
// AssumeRoleWithOIDC for temporary credentials, which then sign SAE calls; and what a refusal says, with the token and
// every credential STS hands out masked. e2e-oidc runs the same exchange through the bundle, with GitHub's token
// service; here the token comes straight from the test, as the front end hands it over.
import * as proxies from '@actions/http-client/lib/proxy'
import { GITHUB_OIDC_ISSUER, makeGitHubIdToken, startEmulator, type Emulator } from '../emulator/index.mjs'
import { deadlineAfter } from '../src/engine/clock.js'
import { oidcCredentials } from '../src/engine/credentials/oidc.js'
import { ExpectedFailure } from '../src/engine/failure.js'
import { failureMessage } from '../src/engine/failure-message.js'
import type { OidcExchange } from '../src/engine/model/credentials.js'
import { SaeApiError } from '../src/engine/sae/errors.js'
import { openSaeSession } from '../src/engine/sae/session.js'
import { SecretRegistry } from '../src/engine/text/secrets.js'
import { virtualClock } from './support/memory-sae.js'
import { useProxyEnv } from './support/proxy-env.js'
import { recordingLog } from './support/recording-log.js'

useProxyEnv()

const ROLE = 'acs:ram::1234567890123456:role/github-deploy'
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/GitHub'

let emulator: Emulator

beforeEach(async () => {
  emulator = await startEmulator({
    ingresses: [{ Id: 87, ListenerPort: 80, Rules: [] }],
    sts: { roleArns: [ROLE], oidcProviderArns: [PROVIDER] }
  })
})
afterEach(async () => {
  await emulator.close()
})

/** GitHub's ID token for this repository, as the action's front end gets it; `expiresInSeconds` < 0: expired. */
const idToken = (expiresInSeconds = 300): string =>
  makeGitHubIdToken({ subject: 'repo:acme/web:ref:refs/heads/main', audience: 'sts.aliyuncs.com', issuer: GITHUB_OIDC_ISSUER, nowMs: Date.now(), expiresInSeconds })

/** The exchange as the action's inputs describe it, against the emulator's STS, with the run's context. */
function keyless(token: () => Promise<string>, exchange: Partial<OidcExchange> = {}) {
  const clock = virtualClock(0.5)
  const { log, said } = recordingLog()
  const secrets = new SecretRegistry()
  let asked = 0
  const source = oidcCredentials(
    { roleArn: ROLE, providerArn: PROVIDER, sessionName: 'github-acme-web-4242', durationSeconds: 3600, stsEndpoint: emulator.url, ...exchange },
    () => (asked++, token()),
    { log, secrets, proxies }
  )
  return { source, clock, said, secrets, deadline: deadlineAfter(clock, 30_000), asked: () => asked }
}

test('the token is exchanged once for STS credentials, registered as secrets before anything can print them', async () => {
  const token = idToken()
  const { source, deadline, said, secrets, asked } = keyless(async () => token)
  expect(source.from).toBe(`role ${ROLE} (OIDC)`)
  const credentials = await source.resolve(deadline)
  expect(credentials.accessKeyId).toMatch(/^STS\./)
  expect(credentials.securityToken).toMatch(/^CAIS/)
  // Resolved once: a second call (the rollback's client) gets the same credentials without asking STS again.
  await expect(source.resolve(deadline)).resolves.toBe(credentials)
  expect(asked()).toBe(1)
  const [assume, ...others] = emulator.requests
  expect(others).toEqual([])
  expect(assume).toMatchObject({ action: 'AssumeRoleWithOIDC', method: 'POST', status: 200 })
  expect(assume!.params).toMatchObject({ RoleArn: ROLE, OIDCProviderArn: PROVIDER, OIDCToken: token, RoleSessionName: 'github-acme-web-4242', DurationSeconds: '3600' })
  // Anonymous, as STS expects for this API: no AccessKey signs it.
  expect(assume!.params['AccessKeyId']).toBeUndefined()
  expect(said.info).toEqual([expect.stringMatching(new RegExp(`^Assumed ${ROLE} as session github-acme-web-4242 until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\.$`))])
  for (const secret of [token, credentials.accessKeySecret, credentials.securityToken!]) expect(secrets.redact(`<${secret}>`)).toBe('<***>')
})

test('the credentials STS issued sign the SAE calls of the session, security token included', async () => {
  const { source, deadline, clock, said } = keyless(async () => idToken())
  const session = await openSaeSession({ endpoint: emulator.url, credentials: source }, { log: recordingLog().log, secrets: new SecretRegistry(), proxies }, deadline)
  try {
    expect(session.credentialsFrom).toBe(`role ${ROLE} (OIDC)`)
    const { ingress } = await session.client(deadlineAfter(clock, 10_000)).describeIngress(87)
    expect(ingress.Id).toBe(87)
  } finally {
    session.close()
  }
  const describe = emulator.requests.find(r => r.action === 'DescribeIngress')!
  expect(describe.status).toBe(200)
  expect(describe.headers['x-acs-accesskey-id']).toMatch(/^STS\./)
  expect(describe.headers['x-acs-security-token']).toMatch(/^CAIS/)
  expect(said.info).toHaveLength(1)
})

test('an STS that fails for a moment is asked again after a backoff on the run\'s clock', async () => {
  emulator.inject({ kind: 'unavailable', action: 'AssumeRoleWithOIDC' })
  const { source, deadline, clock, said } = keyless(async () => idToken())
  await expect(source.resolve(deadline)).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^STS\./) })
  expect(clock.slept).toEqual([375])
  expect(said.info[0]).toBe('AssumeRoleWithOIDC: ServiceUnavailable on attempt 1; retrying in 375 ms.')
  expect(emulator.requests.map(r => r.status)).toEqual([503, 200])
})

test('a 5xx answer is retried whatever its code, as the SAE calls are: its HTTP status is kept', async () => {
  emulator.inject({ kind: 'error', action: 'AssumeRoleWithOIDC', status: 502, code: 'BadGateway', message: 'upstream went away' })
  const { source, deadline, said } = keyless(async () => idToken())
  await expect(source.resolve(deadline)).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^STS\./) })
  expect(said.info[0]).toBe('AssumeRoleWithOIDC: BadGateway on attempt 1; retrying in 375 ms.')
  expect(emulator.requests.map(r => r.status)).toEqual([502, 200])
})

describe('a refused token', () => {
  test('an expired one is the service\'s error, named AssumeRoleWithOIDC, with what to do, and not tried again', async () => {
    const { source, deadline } = keyless(async () => idToken(-60))
    const err = (await source.resolve(deadline).catch(e => e)) as SaeApiError
    expect(err).toBeInstanceOf(SaeApiError)
    expect(err).toMatchObject({ code: 'AuthenticationFail.OIDCToken.Expired', message: 'This JsonWebToken is expired.', httpStatus: 401, transient: false, action: 'AssumeRoleWithOIDC' })
    expect(failureMessage(err)).toMatch(/^AssumeRoleWithOIDC failed: AuthenticationFail\.OIDCToken\.Expired: .*\nHint: The workflow's OIDC token expired before STS saw it/)
    expect(emulator.requests).toHaveLength(1)
  })

  test('a token the answer echoes is masked in the error, whatever its shape', async () => {
    // Not a JWT: only the run's registry, which the token joined before it was sent, can know it is a secret.
    const token = 'opaque-oidc-token-7f3a9c21'
    emulator.inject({
      kind: 'raw',
      action: 'AssumeRoleWithOIDC',
      status: 400,
      body: ({ requestId }: { requestId: string }) => ({ RequestId: requestId, Code: 'AuthenticationFail.OIDCToken.Invalid', Message: `The OIDCToken ${token} is invalid.` })
    })
    const { source, deadline, secrets } = keyless(async () => token)
    const err = (await source.resolve(deadline).catch(e => e)) as SaeApiError
    expect(err).toMatchObject({ code: 'AuthenticationFail.OIDCToken.Invalid', message: 'The OIDCToken *** is invalid.', action: 'AssumeRoleWithOIDC' })
    expect(failureMessage(err)).not.toContain(token)
    expect(secrets.redact(token)).toBe('***')
  })

  test('a role STS does not know is refused with the hint to check the role and its trust policy', async () => {
    const { source, deadline } = keyless(async () => idToken(), { roleArn: 'acs:ram::1234567890123456:role/nobody' })
    const err = (await source.resolve(deadline).catch(e => e)) as SaeApiError
    expect(err).toMatchObject({ code: 'EntityNotExist.Role', httpStatus: 404, action: 'AssumeRoleWithOIDC' })
    expect(failureMessage(err)).toMatch(/\nHint: STS refused the role: check role-to-assume and oidc-provider-arn/)
  })
})

test('whatever shape the credentials STS hands out have, they are registered as the run\'s secrets', async () => {
  const issued = { AccessKeyId: 'STS.issuedKeyId', AccessKeySecret: 'issued-secret-value-1', SecurityToken: 'issued-opaque-token-2', Expiration: '2030-01-01T00:00:00Z' }
  emulator.inject({ kind: 'raw', action: 'AssumeRoleWithOIDC', status: 200, body: { RequestId: 'req-issued', Credentials: issued } })
  const { source, deadline, secrets } = keyless(async () => idToken())
  await expect(source.resolve(deadline)).resolves.toEqual({ accessKeyId: 'STS.issuedKeyId', accessKeySecret: 'issued-secret-value-1', securityToken: 'issued-opaque-token-2' })
  expect(secrets.redact(`${issued.AccessKeySecret} ${issued.SecurityToken} ${issued.AccessKeyId}`)).toBe('*** *** STS.issuedKeyId')
})

test('an answer without credentials is a failure that says so, with its RequestId', async () => {
  emulator.inject({ kind: 'raw', action: 'AssumeRoleWithOIDC', status: 200, body: { RequestId: 'req-no-credentials' } })
  const { source, deadline } = keyless(async () => idToken())
  const resolved = source.resolve(deadline)
  await expect(resolved).rejects.toThrow(ExpectedFailure)
  await expect(resolved).rejects.toThrow('AssumeRoleWithOIDC returned no credentials (RequestId req-no-credentials).')
})
