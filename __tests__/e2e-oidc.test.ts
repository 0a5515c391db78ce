import { startEmulator, startOidcTokenServer, type Emulator, type OidcTokenServer } from '../emulator/index.mjs'
import { recordWireSecrets, runAction } from './support/run-action.js'

const ROLE = 'acs:ram::1234567890123456:role/github-deploy'
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/GitHub'
const REQUEST_TOKEN = 'runner-request-token-7c1f9a0e5b'
const FILE = JSON.stringify(
  {
    IngressId: 87,
    Rules: [{ appId: 'app-oidc-0001', containerPort: 8080, domain: 'keyless.example.com', path: '/' }]
  },
  null,
  2
)
const seed = {
  Id: 87,
  ListenerPort: 80,
  ListenerProtocol: 'HTTP',
  Rules: [{ AppId: 'app-old-0001', AppName: 'old', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'old.example.com', Path: '/' }]
}

let emulator: Emulator
let tokens: OidcTokenServer
/** STS security tokens and request signatures seen on the wire, handed to the suite-wide leak check. */
let wireSecrets = 0

beforeEach(async () => {
  emulator = await startEmulator({ ingresses: [seed], sts: { roleArns: [ROLE], oidcProviderArns: [PROVIDER] } })
  tokens = await startOidcTokenServer({ requestToken: REQUEST_TOKEN })
})
afterEach(async () => {
  wireSecrets += recordWireSecrets(emulator.requests)
  await emulator.close()
  await tokens.close()
})

function keyless(extraInputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runAction({
    files: { 'ingress.json': FILE },
    inputs: {
      'ingress-file': 'ingress.json',
      endpoint: emulator.url,
      'sts-endpoint': emulator.url,
      'role-to-assume': ROLE,
      'oidc-provider-arn': PROVIDER,
      timeout: '15',
      ...extraInputs
    },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: tokens.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      GITHUB_REPOSITORY: 'acme/web',
      GITHUB_RUN_ID: '4242',
      ...env
    }
  })
}

const sae = (e: Emulator) => e.requests.filter(r => r.action === 'DescribeIngress' || r.action === 'UpdateIngress')

test('keyless: the OIDC token is exchanged for STS credentials that sign every SAE call', async () => {
  const run = await keyless()
  expect(run.code).toBe(0)
  expect(tokens.requests.map(r => r.audience)).toEqual(['sts.aliyuncs.com'])
  const [assume, ...rest] = emulator.requests
  expect(assume?.action).toBe('AssumeRoleWithOIDC')
  expect(assume?.status).toBe(200)
  expect(assume?.params).toMatchObject({ RoleArn: ROLE, OIDCProviderArn: PROVIDER, RoleSessionName: 'github-acme-web-4242', DurationSeconds: '3600' })
  expect(rest.map(r => r.action)).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
  for (const call of rest) {
    expect(call.headers['x-acs-security-token']).toBeTruthy()
    expect(call.headers['x-acs-accesskey-id']).toMatch(/^STS\./)
  }
  expect(emulator.getIngress(87)?.Rules?.map(r => r.Domain)).toEqual(['keyless.example.com'])
  expect(run.stdout).toMatch(/credentials from role acs:ram::\d+:role\/[^ ]+ \(OIDC\)/)
})

test('without id-token: write the step fails before any request and says which permission is missing', async () => {
  const run = await keyless({}, { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' })
  expect(run.code).toBe(1)
  expect(run.stdout).toContain('id-token: write')
  expect(emulator.requests).toHaveLength(0)
})

test('a dry run without an OIDC token (a fork) validates offline instead of failing', async () => {
  const run = await keyless({ 'dry-run': 'true' }, { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' })
  expect(run.code).toBe(0)
  expect(run.summary).toContain('offline')
  expect(emulator.requests).toHaveLength(0)
})

test.each([
  ['a role the provider is not trusted for', { 'role-to-assume': 'acs:ram::1234567890123456:role/someone-else' }, /EntityNotExist\.Role|NoPermission/],
  ['an unregistered provider', { 'oidc-provider-arn': 'acs:ram::1234567890123456:oidc-provider/Other' }, /AuthenticationFail\.NoPermission/],
  ['a token for the wrong audience', { audience: 'not-sts' }, /AuthenticationFail\.OIDCToken\.AudienceNotMatch/]
])('STS refusing %s fails with its code, a hint and no SAE call', async (_name, inputs, code) => {
  const run = await keyless(inputs)
  expect(run.code).toBe(1)
  expect(run.stdout).toMatch(code)
  expect(run.stdout).toContain('Hint:')
  expect(run.stdout).toContain('RequestId')
  expect(sae(emulator)).toHaveLength(0)
  expect(emulator.requests.filter(r => r.action === 'AssumeRoleWithOIDC')).toHaveLength(1)
})

test('an expired OIDC token is reported as expired', async () => {
  await tokens.close()
  tokens = await startOidcTokenServer({ requestToken: REQUEST_TOKEN, expiresInSeconds: -60 })
  const run = await keyless()
  expect(run.code).toBe(1)
  expect(run.stdout).toContain('AuthenticationFail.OIDCToken.Expired')
  expect(sae(emulator)).toHaveLength(0)
})

test('explicit AccessKey inputs take precedence over role-to-assume', async () => {
  const run = await keyless({ 'access-key-id': 'testAccessKeyId', 'access-key-secret': 'testAccessKeySecret' })
  expect(run.code).toBe(0)
  expect(emulator.requests.some(r => r.action === 'AssumeRoleWithOIDC')).toBe(false)
  expect(tokens.requests).toHaveLength(0)
})

test('role-to-assume takes precedence over ALIBABA_CLOUD_* variables', async () => {
  const run = await keyless({}, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'testAccessKeyId', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'testAccessKeySecret' })
  expect(run.code).toBe(0)
  expect(emulator.requests[0]?.action).toBe('AssumeRoleWithOIDC')
})

test.each([
  ['role-to-assume', { 'role-to-assume': 'arn:aws:iam::1:role/x' }],
  ['oidc-provider-arn', { 'oidc-provider-arn': '' }],
  ['role-session-name', { 'role-session-name': 'has spaces' }],
  ['role-session-expiration', { 'role-session-expiration': '60' }],
  ['sts-endpoint', { 'sts-endpoint': 'http://sts.example.com' }]
])('a malformed %s input is refused before any request', async (name, inputs) => {
  const run = await keyless(inputs)
  expect(run.code).toBe(1)
  expect(run.stdout).toContain(name)
  expect(emulator.requests).toHaveLength(0)
  expect(tokens.requests).toHaveLength(0)
})

afterAll(() => {
  // The ID token (by its JWT shape), the STS tokens and the signatures are checked against every run of the suite by
  // __tests__/support/secret-ledger-teardown.mjs; this keeps that check from passing vacuously for keyless runs.
  expect(wireSecrets).toBeGreaterThan(10)
})
