// End to end: where the built CLI connects. SAE is reached under real-looking https names through a loopback CONNECT
// proxy (HTTPS_PROXY) that tunnels them to the TLS emulator, trusted through NODE_EXTRA_CA_CERTS; NO_PROXY is
// respected; --region names the endpoint; --endpoint takes https://, and http:// on loopback only.
import { createTestCa, type Emulator, type TestCa } from '../emulator/index.mjs'
import { startConnectProxy, type ConnectProxy } from './support/connect-proxy.js'
import { envKeys, ingressFile, json, startE2eEmulator } from './support/e2e.js'
import { NODE_WARNING, runCli, type CliRun } from './support/run-cli.js'

const SAE_HOST = 'sae.cn-hangzhou.emulator.test'
/** A region no one has: its endpoint, sae.zz-test1.aliyuncs.com, exists only through the proxy below. */
const REGION = 'zz-test1'
const REGION_HOST = `sae.${REGION}.aliyuncs.com`
const PROXY_USER = 'cli-bot'
const PROXY_PASSWORD = 'Cl1:pr0xy@pass/w0rd%'

let ca: TestCa
let emulator: Emulator
let proxy: ConnectProxy
let authProxy: ConnectProxy

beforeAll(() => {
  ca = createTestCa([SAE_HOST, REGION_HOST, '127.0.0.1'])
})

beforeEach(async () => {
  emulator = await startE2eEmulator({ tls: ca })
  const routes = { [`${SAE_HOST}:443`]: emulator.port, [`${REGION_HOST}:443`]: emulator.port }
  proxy = await startConnectProxy({ routes })
  authProxy = await startConnectProxy({ routes, auth: { username: PROXY_USER, password: PROXY_PASSWORD } })
})

afterEach(async () => {
  await Promise.all([proxy.close(), authProxy.close(), emulator.close()])
})

function plan(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['plan', 'ingress.json', '--timeout', '10', ...args], {
    files: { 'ingress.json': json(ingressFile()) },
    env: { NODE_EXTRA_CA_CERTS: ca.caFile, ...envKeys(), ...env }
  })
}

test('HTTPS_PROXY: the SAE calls go through the proxy, one CONNECT tunnel to the endpoint', async () => {
  const run = await plan(['--endpoint', `https://${SAE_HOST}`], { HTTPS_PROXY: proxy.url })

  expect(run.code).toBe(2)
  expect(run.stdout).toContain('- rule old.example.com/')
  expect(proxy.tunnels).toEqual([{ target: `${SAE_HOST}:443`, authorization: 'none', status: 200 }])
  expect(emulator.requests.map(request => request.action)).toEqual(['DescribeIngress'])
  expect(run.stderr).not.toMatch(NODE_WARNING)
})

test('--region names the endpoint sae.<region>.aliyuncs.com, as do the profile\'s region_id and ALIBABA_CLOUD_REGION_ID', async () => {
  const flag = await plan(['--region', REGION], { HTTPS_PROXY: proxy.url })
  const profile = {
    current: 'default',
    profiles: [{ name: 'default', mode: 'AK', access_key_id: envKeys().ALIBABA_CLOUD_ACCESS_KEY_ID, access_key_secret: envKeys().ALIBABA_CLOUD_ACCESS_KEY_SECRET, region_id: REGION }]
  }
  const fromProfile = await runCli(['plan', 'ingress.json', '--timeout', '10'], {
    files: { 'ingress.json': json(ingressFile()) },
    aliyunConfig: profile,
    env: { NODE_EXTRA_CA_CERTS: ca.caFile, HTTPS_PROXY: proxy.url }
  })

  const variable = await plan([], { HTTPS_PROXY: proxy.url, ALIBABA_CLOUD_REGION_ID: REGION })

  expect([flag.code, fromProfile.code, variable.code]).toEqual([2, 2, 2])
  expect(proxy.tunnels.map(tunnel => tunnel.target)).toEqual([`${REGION_HOST}:443`, `${REGION_HOST}:443`, `${REGION_HOST}:443`])
})

test('an authenticating proxy gets the credentials from HTTPS_PROXY; a wrong password fails naming the proxy, never the password', async () => {
  const right = await plan(['--endpoint', `https://${SAE_HOST}`], { HTTPS_PROXY: authProxy.urlWith(PROXY_USER, PROXY_PASSWORD) })
  const wrong = await plan(['--endpoint', `https://${SAE_HOST}`], { HTTPS_PROXY: authProxy.urlWith(PROXY_USER, 'wrong-cli-proxy-pw-48') })

  expect(right.code).toBe(2)
  expect(wrong.code).toBe(1)
  expect(authProxy.tunnels.map(tunnel => [tunnel.authorization, tunnel.status])).toEqual([
    ['right', 200],
    ['wrong', 407]
  ])
  expect(wrong.stderr).toMatch(/^error: .*proxy/im)
  for (const run of [right, wrong]) {
    for (const secret of [PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD), 'wrong-cli-proxy-pw-48']) expect(run.stderr + run.stdout).not.toContain(secret)
  }
})

test('a host in NO_PROXY is reached directly (as loopback always is): no tunnel', async () => {
  const direct = await plan(['--endpoint', `https://127.0.0.1:${emulator.port}`], { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })
  const unresolvable = await plan(['--endpoint', `https://${SAE_HOST}`], { HTTPS_PROXY: proxy.url, NO_PROXY: '.emulator.test' })

  expect(direct.code).toBe(2)
  expect(unresolvable.code).toBe(1)
  expect(unresolvable.stderr).toContain(SAE_HOST)
  expect(proxy.tunnels).toEqual([])
  expect(emulator.requests.map(request => request.action)).toEqual(['DescribeIngress'])
})

test.each([
  ['a non-loopback http:// URL', `http://${SAE_HOST}`],
  ['a private address over http://', 'http://10.0.0.1:8080'],
  ['a URL with credentials', `https://user:pass@${SAE_HOST}`]
])('--endpoint refuses %s before any request', async (_what, endpoint) => {
  const run = await plan(['--endpoint', endpoint], { HTTPS_PROXY: proxy.url })

  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/^error: --endpoint /m)
  expect(proxy.tunnels).toEqual([])
  expect(emulator.requests).toEqual([])
})

test('--endpoint takes http:// on loopback (the emulator), and --region with --endpoint is an error', async () => {
  const plain = await startE2eEmulator()
  try {
    const loopback = await plan(['--endpoint', plain.url])
    const both = await plan(['--endpoint', plain.url, '--region', 'cn-hangzhou'])

    expect(loopback.code).toBe(2)
    expect(both.code).toBe(1)
    expect(both.stderr).toContain('error: Set --region or --endpoint, not both.')
    expect(plain.requests.map(request => request.action)).toEqual(['DescribeIngress'])
  } finally {
    await plain.close()
  }
})
