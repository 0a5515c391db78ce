// The agent that carries pop-core's requests: through a loopback CONNECT proxy to the TLS emulator (under the name
// the real service would have), directly when NO_PROXY says so, with proxy authentication, and over one connection.
// Names under .test are mapped to 127.0.0.1 by the proxy's routes or by an injected lookup: nothing resolves or
// connects beyond loopback.
import ROAClient from '@alicloud/pop-core/lib/roa.js'
import RPCClient from '@alicloud/pop-core/lib/rpc.js'
import type { LookupFunction } from 'node:net'
import { createTestCa, startEmulator, type Emulator, type LiveIngress, type TestCa } from '../emulator/index.mjs'
import { createAgent, type NetAgent } from '../src/engine/net/agent.js'
import { describeNetworkError, ProxyError } from '../src/engine/net/errors.js'
import { startConnectProxy, type ConnectProxy } from './support/connect-proxy.js'
import { useProxyEnv } from './support/proxy-env.js'
import * as proxies from '@actions/http-client/lib/proxy'

const SAE_HOST = 'sae.cn-hangzhou.emulator.test'
const STS_HOST = 'sts.emulator.test'
const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress'
const PASSWORD = 'pr0xy/Secret:%@!'

const env = useProxyEnv()
let ca: TestCa
let emulator: Emulator
let proxy: ConnectProxy
let authProxy: ConnectProxy

function seed(): LiveIngress {
  return {
    Id: 87,
    Name: 'lb-test-80',
    NamespaceId: 'cn-hangzhou:demo',
    SlbId: 'lb-test',
    LoadBalanceType: 'clb',
    ListenerPort: 80,
    DefaultRule: { AppId: 'app-1', ContainerPort: 8080 },
    Rules: [{ AppId: 'app-1', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' }]
  }
}

/** DNS for direct connections in these tests: every name is 127.0.0.1, and each name asked is recorded. */
function loopbackLookup(asked: string[] = []): LookupFunction {
  return (hostname, options, callback) => {
    asked.push(hostname)
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }])
    else callback(null, '127.0.0.1', 4)
  }
}

function roaClient(endpoint: string): ROAClient {
  return new ROAClient({ endpoint, apiVersion: '2019-05-06', accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' })
}

async function describeIngress(client: ROAClient, agent: NetAgent): Promise<{ Data?: { Id?: number } }> {
  return (await client.request('GET', INGRESS_PATH, { IngressId: '87' }, '', {}, { agent, timeout: 10_000 })) as { Data?: { Id?: number } }
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise
  } catch (err) {
    return err as Error & { code?: string }
  }
  throw new Error('expected a rejection')
}

beforeAll(async () => {
  ca = createTestCa([SAE_HOST, STS_HOST, 'localhost', '127.0.0.1'])
  emulator = await startEmulator({ tls: ca, ingresses: [seed()] })
  proxy = await startConnectProxy({ routes: { [`${SAE_HOST}:443`]: emulator.port, [`${STS_HOST}:443`]: emulator.port } })
  authProxy = await startConnectProxy({ routes: { [`${SAE_HOST}:443`]: emulator.port }, auth: { username: 'deploy', password: PASSWORD } })
})

afterAll(async () => {
  await Promise.all([proxy.close(), authProxy.close(), emulator.close()])
})

beforeEach(() => {
  proxy.tunnels.length = 0
  authProxy.tunnels.length = 0
})

describe('through HTTPS_PROXY', () => {
  test("pop-core's ROAClient reaches the service through one tunnel, for every request", async () => {
    env.use({ HTTPS_PROXY: proxy.url })
    const agent = createAgent(`https://${SAE_HOST}`, { proxies,  ca: ca.caPem })
    const client = roaClient(`https://${SAE_HOST}`)

    for (let i = 0; i < 3; i++) expect((await describeIngress(client, agent)).Data?.Id).toBe(87)

    expect(agent.proxyAddress).toBe(`127.0.0.1:${proxy.port}`)
    expect(proxy.tunnels).toEqual([{ target: `${SAE_HOST}:443`, authorization: 'none', status: 200 }])
    expect(agent.stats()).toEqual({ requests: 3, connections: 1, tlsHandshakes: 1 })
    agent.destroy()
  })

  test("pop-core's RPCClient (STS AssumeRoleWithOIDC) goes through the proxy with its own agent", async () => {
    env.use({ HTTPS_PROXY: proxy.url })
    const agent = createAgent(`https://${STS_HOST}`, { proxies,  ca: ca.caPem })
    const sts = new RPCClient({ endpoint: `https://${STS_HOST}`, apiVersion: '2015-04-01', credentialsProvider: { getCredentials: async () => ({}) } })

    // No role or token: the service's own refusal proves the request arrived.
    const err = await rejection(sts.request('AssumeRoleWithOIDC', {}, { method: 'POST', agent, timeout: 10_000 }))

    expect(err.code).toBe('MissingParameter.RoleArn')
    expect(emulator.requests.at(-1)).toMatchObject({ action: 'AssumeRoleWithOIDC', method: 'POST' })
    expect(proxy.tunnels).toEqual([{ target: `${STS_HOST}:443`, authorization: 'none', status: 200 }])
    agent.destroy()
  })

  test('the certificate is still verified at the end of the tunnel', async () => {
    env.use({ HTTPS_PROXY: proxy.url })
    const agent = createAgent(`https://${SAE_HOST}`, { proxies })

    const err = await rejection(describeIngress(roaClient(`https://${SAE_HOST}`), agent))

    expect(describeNetworkError(err, { host: SAE_HOST, inputHint: 'region-id or endpoint', proxy: agent.proxyAddress })).toMatchObject({
      code: 'TlsCertificate',
      transient: false,
      message: expect.stringContaining('NODE_EXTRA_CA_CERTS')
    })
    agent.destroy()
  })

  test('a host the proxy refuses is a ProxyRefused error naming the proxy', async () => {
    env.use({ HTTPS_PROXY: proxy.url })
    const agent = createAgent('https://sae.cn-shanghai.emulator.test', { proxies,  ca: ca.caPem })

    const err = await rejection(describeIngress(roaClient('https://sae.cn-shanghai.emulator.test'), agent))

    expect(err).toBeInstanceOf(ProxyError)
    expect(proxy.tunnels).toEqual([{ target: 'sae.cn-shanghai.emulator.test:443', authorization: 'none', status: 403 }])
    const described = describeNetworkError(err, { host: 'sae.cn-shanghai.emulator.test', inputHint: 'region-id or endpoint' })
    expect(described).toMatchObject({ code: 'ProxyRefused', transient: false })
    expect(described!.message).toContain(`127.0.0.1:${proxy.port}`)
    expect(described!.message).toContain('NO_PROXY')
    agent.destroy()
  })

  test('a proxy that cannot be reached is named, and the request never goes direct', async () => {
    const closed = await startConnectProxy({ routes: {} })
    await closed.close()
    env.use({ HTTPS_PROXY: closed.url })
    const asked: string[] = []
    const agent = createAgent(`https://${SAE_HOST}`, { proxies,  ca: ca.caPem, lookup: loopbackLookup(asked) })

    const err = await rejection(describeIngress(roaClient(`https://${SAE_HOST}`), agent))

    expect(describeNetworkError(err, { host: SAE_HOST, inputHint: 'endpoint' })).toMatchObject({
      code: 'ProxyUnreachable',
      message: expect.stringContaining(`127.0.0.1:${closed.port} (ECONNREFUSED)`)
    })
    expect(asked).toEqual([])
    agent.destroy()
  })
})

describe('NO_PROXY', () => {
  test('a host it lists is reached directly, with no tunnel', async () => {
    env.use({ HTTPS_PROXY: proxy.url, NO_PROXY: '.emulator.test' })
    const endpoint = `https://${SAE_HOST}:${emulator.port}`
    const asked: string[] = []
    const agent = createAgent(endpoint, { proxies,  ca: ca.caPem, lookup: loopbackLookup(asked) })

    expect((await describeIngress(roaClient(endpoint), agent)).Data?.Id).toBe(87)

    expect(agent.proxyAddress).toBeUndefined()
    expect(proxy.tunnels).toEqual([])
    expect(asked).toEqual([SAE_HOST])
    agent.destroy()
  })

  test('other hosts still go through the proxy', async () => {
    env.use({ HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com' })
    const agent = createAgent(`https://${SAE_HOST}`, { proxies,  ca: ca.caPem })

    expect((await describeIngress(roaClient(`https://${SAE_HOST}`), agent)).Data?.Id).toBe(87)
    expect(proxy.tunnels).toHaveLength(1)
    agent.destroy()
  })
})

describe('an authenticating proxy', () => {
  test('gets the user and password from the proxy URL', async () => {
    env.use({ HTTPS_PROXY: authProxy.urlWith('deploy', PASSWORD) })
    const agent = createAgent(`https://${SAE_HOST}`, { proxies,  ca: ca.caPem })

    expect((await describeIngress(roaClient(`https://${SAE_HOST}`), agent)).Data?.Id).toBe(87)
    expect(authProxy.tunnels).toEqual([{ target: `${SAE_HOST}:443`, authorization: 'right', status: 200 }])
    // The library prints its proxy URL under DEBUG=https-proxy-agent: it is given one without credentials.
    expect(String((agent as unknown as { proxy: URL }).proxy)).toBe(`${authProxy.url}/`)
    agent.destroy()
  })

  test.each([
    ['a wrong password', () => authProxy.urlWith('deploy', 'not-the-password'), 'wrong', 'refused the user and password'],
    ['no credentials', () => authProxy.url, 'none', 'requires authentication']
  ])('with %s fails with a clear error that never shows the credentials', async (_name, proxyUrl, sent, wording) => {
    env.use({ HTTPS_PROXY: proxyUrl() })
    const agent = createAgent(`https://${SAE_HOST}`, { proxies,  ca: ca.caPem })

    const err = await rejection(describeIngress(roaClient(`https://${SAE_HOST}`), agent))

    expect(authProxy.tunnels).toEqual([{ target: `${SAE_HOST}:443`, authorization: sent, status: 407 }])
    const described = describeNetworkError(err, { host: SAE_HOST, inputHint: 'endpoint' })!
    expect(described).toMatchObject({ code: 'ProxyAuthenticationRequired', transient: false })
    expect(described.message).toContain(wording)
    expect(described.message).toContain(`127.0.0.1:${authProxy.port}`)
    const everything = [described.message, err.message, err.stack ?? '', JSON.stringify(err)].join('\n')
    for (const secret of ['not-the-password', PASSWORD, encodeURIComponent(PASSWORD)]) expect(everything).not.toContain(secret)
    agent.destroy()
  })
})

describe('one connection per run', () => {
  test('a host that does not resolve fails the request with the reason in words', async () => {
    const endpoint = `https://nowhere.emulator.test:${emulator.port}`
    const notFound: LookupFunction = (hostname, _options, callback) =>
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), '', 4)
    const agent = createAgent(endpoint, { proxies,  ca: ca.caPem, lookup: notFound })

    const err = await rejection(describeIngress(roaClient(endpoint), agent))

    expect(describeNetworkError(err, { host: 'nowhere.emulator.test', inputHint: 'region-id or endpoint' })).toEqual({
      code: 'HostNotFound',
      transient: false,
      message: 'The host nowhere.emulator.test does not exist (DNS: not found). Check the region-id or endpoint input for a typo.'
    })
    expect(agent.stats().connections).toBe(1)
    agent.destroy()
  })

  test('sequential requests share one keep-alive connection, opened by the first', async () => {
    const endpoint = `https://${SAE_HOST}:${emulator.port}`
    const agent = createAgent(endpoint, { proxies,  ca: ca.caPem, lookup: loopbackLookup() })
    const client = roaClient(endpoint)

    for (let i = 0; i < 3; i++) await describeIngress(client, agent)

    expect(agent.stats()).toEqual({ requests: 3, connections: 1, tlsHandshakes: 1 })
    agent.destroy()
  })
})
