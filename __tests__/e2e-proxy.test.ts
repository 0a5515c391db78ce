// End to end: the bundled action on a runner behind a proxy. SAE, STS and the health check are reached under
// real-looking https names (.test, so nothing can resolve them publicly) through a loopback CONNECT proxy that
// tunnels them to the TLS emulator, trusted through NODE_EXTRA_CA_CERTS as a corporate CA would be.
import { createTestCa, startOidcTokenServer, type Emulator, type TestCa } from '../emulator/index.mjs'
import { startConnectProxy, type ConnectProxy } from './support/connect-proxy.js'
import { envKeys, expectCleanFailure, failureAnnotation, ingressFile, json, startE2eEmulator } from './support/e2e.js'
import { startHealthServer, type HealthServer } from './support/e2e-fixtures.js'
import { everythingPrinted, runAction, type ActionRun } from './support/run-action.js'

const SAE_HOST = 'sae.cn-hangzhou.emulator.test'
const STS_HOST = 'sts.emulator.test'
const HEALTH_HOST = 'health.emulator.test'
const PROXY_USER = 'deploy-bot'
const PROXY_PASSWORD = 'Pr0xy:p@ss/w0rd%'
const ROLE = 'acs:ram::1234567890123456:role/github-deploy'
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/GitHub'
const REQUEST_TOKEN = 'runner-request-token-proxy-5d2e'

let ca: TestCa
let emulator: Emulator
let health: HealthServer
let proxy: ConnectProxy
let authProxy: ConnectProxy

beforeAll(() => {
  ca = createTestCa([SAE_HOST, STS_HOST])
})

beforeEach(async () => {
  emulator = await startE2eEmulator({ tls: ca, sts: { roleArns: [ROLE], oidcProviderArns: [PROVIDER] } })
  health = await startHealthServer(() => 200)
  const routes = { [`${SAE_HOST}:443`]: emulator.port, [`${STS_HOST}:443`]: emulator.port, [`${HEALTH_HOST}:80`]: health.port }
  proxy = await startConnectProxy({ routes })
  authProxy = await startConnectProxy({ routes, auth: { username: PROXY_USER, password: PROXY_PASSWORD } })
})

afterEach(async () => {
  await Promise.all([proxy.close(), authProxy.close(), health.close(), emulator.close()])
})

function deploy(env: Record<string, string>, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: { 'ingress-file': 'ingress.json', endpoint: `https://${SAE_HOST}`, timeout: '15', ...inputs },
    files: { 'ingress.json': json(ingressFile()) },
    env: { NODE_EXTRA_CA_CERTS: ca.caFile, ...envKeys(), ...env }
  })
}

const actions = (): Array<string | undefined> => emulator.requests.map(r => r.action)

function expectNoProxyCredentials(run: ActionRun): void {
  const printed = everythingPrinted(run)
  for (const secret of [PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD), 'wrong-proxy-pw-31']) expect(printed).not.toContain(secret)
}

test('SAE calls and the health check go through HTTPS_PROXY / HTTP_PROXY, one tunnel per host', async () => {
  const run = await deploy({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }, { 'health-check-url': `http://${HEALTH_HOST}/healthz` })

  expect(run.code).toBe(0)
  expect(actions()).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
  expect(proxy.tunnels).toEqual([
    { target: `${SAE_HOST}:443`, authorization: 'none', status: 200 },
    { target: `${HEALTH_HOST}:80`, authorization: 'none', status: 200 }
  ])
  expect(health.hits).toEqual(['/healthz'])
  expect(run.stderr).toBe('')
})

test('keyless: STS is reached through the proxy too, the OIDC token service (loopback) directly', async () => {
  const tokens = await startOidcTokenServer({ requestToken: REQUEST_TOKEN })
  try {
    const run = await deploy(
      {
        HTTPS_PROXY: proxy.url,
        ACTIONS_ID_TOKEN_REQUEST_URL: tokens.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
        GITHUB_REPOSITORY: 'acme/web',
        GITHUB_RUN_ID: '4242',
        ALIBABA_CLOUD_ACCESS_KEY_ID: '',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: ''
      },
      { 'sts-endpoint': `https://${STS_HOST}`, 'role-to-assume': ROLE, 'oidc-provider-arn': PROVIDER }
    )

    expect(run.code).toBe(0)
    expect(actions()).toEqual(['AssumeRoleWithOIDC', 'DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
    expect(proxy.tunnels.map(t => t.target)).toEqual([`${STS_HOST}:443`, `${SAE_HOST}:443`])
    expect(tokens.requests).toHaveLength(1)
  } finally {
    await tokens.close()
  }
})

test('a host in NO_PROXY is reached directly: no tunnel, and its name is looked up by the runner', async () => {
  // Reached directly, the .test name cannot resolve: the run fails fast, naming the host and the input to check.
  const run = await deploy({ HTTPS_PROXY: proxy.url, NO_PROXY: '.emulator.test' }, { timeout: '10' })

  expectCleanFailure(run)
  expect(proxy.tunnels).toEqual([])
  expect(emulator.requests).toEqual([])
  const message = failureAnnotation(run)
  expect(message).toContain(SAE_HOST)
  expect(message).toContain('does not exist')
})

test('an authenticating proxy gets the credentials from HTTPS_PROXY, and they never show', async () => {
  const run = await deploy(
    { HTTPS_PROXY: authProxy.urlWith(PROXY_USER, PROXY_PASSWORD), HTTP_PROXY: authProxy.urlWith(PROXY_USER, PROXY_PASSWORD), ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' },
    { 'health-check-url': `http://${HEALTH_HOST}/healthz` }
  )

  expect(run.code).toBe(0)
  expect(authProxy.tunnels).toEqual([
    { target: `${SAE_HOST}:443`, authorization: 'right', status: 200 },
    { target: `${HEALTH_HOST}:80`, authorization: 'right', status: 200 }
  ])
  expectNoProxyCredentials(run)
})

test('a wrong proxy password fails at once with a message naming the proxy, never the password', async () => {
  const run = await deploy({ HTTPS_PROXY: authProxy.urlWith(PROXY_USER, 'wrong-proxy-pw-31') })

  expectCleanFailure(run)
  expect(emulator.requests).toEqual([])
  expect(authProxy.tunnels).toEqual([{ target: `${SAE_HOST}:443`, authorization: 'wrong', status: 407 }])
  const message = failureAnnotation(run)
  expect(message).toContain(`127.0.0.1:${authProxy.port}`)
  expect(message).toContain('407')
  expectNoProxyCredentials(run)
})
