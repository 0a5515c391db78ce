// The health check: redirects are statuses, never followed; link-local and metadata addresses are refused after DNS
// and as literal hosts unless allowed; proxies are honoured. Time is a fake clock; requests go to loopback only.
// Safety: no test may ever connect to a metadata address, even if the code under test regressed. So literal internal
// IPs are only requested with a proxy set (the loopback proxy refuses or maps them), and injected DNS answers list
// 127.0.0.1 first (a regressed check connects there, and the test fails without leaving the machine).
import http from 'node:http'
import type { AddressInfo, LookupFunction } from 'node:net'
import { deadlineAfter, type Clock, type Deadline } from '../src/engine/clock.js'
import { createHttpProbe, waitUntilHealthy, type HealthCheckOptions, type StatusRange } from '../src/engine/apply/health.js'
import { isInternalAddress, refusingInternalAddresses } from '../src/engine/net/internal-addresses.js'
import { startConnectProxy, type ConnectProxy } from './support/connect-proxy.js'
import { useProxyEnv } from './support/proxy-env.js'
import * as proxies from '@actions/http-client/lib/proxy'

/** The health check as a run makes it, from a URL, the accepted statuses and the probe's test options. */
const healthy = (url: string, accepted: StatusRange[], deadline: Deadline, options: Partial<HealthCheckOptions> = {}) =>
  waitUntilHealthy({ url, accepted, allowInternal: options.allowInternal ?? false }, deadline, { proxies, ...options })

const env = useProxyEnv()
const NAME = 'health.emulator.test'

function fakeClock(): Clock & { slept: number[] } {
  let now = 0
  const slept: number[] = []
  return { slept, now: () => now, random: () => 0.5, sleep: async ms => void (slept.push(ms), (now += ms)) }
}

/** DNS in these tests: each name asked is recorded and answered with `addresses` (127.0.0.1 unless told). */
function fakeDns(addresses: string[] = ['127.0.0.1']): { lookup: LookupFunction; asked: string[] } {
  const asked: string[] = []
  const entries = addresses.map(address => ({ address, family: address.includes(':') ? 6 : 4 }))
  const lookup: LookupFunction = (hostname, options, callback) => {
    asked.push(hostname)
    if (options.all) callback(null, entries)
    else callback(null, entries[0]!.address, entries[0]!.family)
  }
  return { lookup, asked }
}

let server: http.Server
let port: number
const hits: string[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '')
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://elsewhere.emulator.test:${port}/ok` })
      return res.end()
    }
    res.writeHead(req.url === '/sick' ? 503 : 200, { 'content-type': 'text/plain' })
    res.end('ok\n')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

beforeEach(() => {
  hits.length = 0
})

describe('statuses and redirects', () => {
  test('an accepted status ends the check at the first attempt', async () => {
    const dns = fakeDns()
    const result = await healthy(`http://${NAME}:${port}/ok`, [[200, 399]], deadlineAfter(fakeClock(), 10_000), { lookup: dns.lookup })
    expect(result).toEqual({ url: `http://${NAME}:${port}/ok`, ok: true, attempts: 1, status: 200 })
    expect(dns.asked).toEqual([NAME])
  })

  test('a redirect is a status: accepted as such, never followed', async () => {
    const dns = fakeDns()
    const result = await healthy(`http://${NAME}:${port}/redirect`, [[200, 399]], deadlineAfter(fakeClock(), 10_000), { lookup: dns.lookup })
    expect(result).toMatchObject({ ok: true, status: 302, attempts: 1 })
    expect(hits).toEqual(['/redirect'])
    expect(dns.asked).toEqual([NAME])
  })

  test('a redirect that is not accepted is retried in place until the deadline, never followed', async () => {
    const dns = fakeDns()
    const clock = fakeClock()
    const result = await healthy(`http://${NAME}:${port}/redirect`, [[200, 299]], deadlineAfter(clock, 10_000), { lookup: dns.lookup })
    expect(result).toMatchObject({ ok: false, status: 302, attempts: 4 })
    expect(clock.slept).toEqual([1000, 2000, 4000])
    expect(hits).toEqual(['/redirect', '/redirect', '/redirect', '/redirect'])
    expect(dns.asked.every(name => name === NAME)).toBe(true)
  })

  test('attempts reuse one connection', async () => {
    const dns = fakeDns()
    const check = createHttpProbe(`http://${NAME}:${port}/sick`, { proxies,  lookup: dns.lookup })
    for (let i = 0; i < 3; i++) expect(await check.probe(`http://${NAME}:${port}/sick`, 5000)).toBe(503)
    expect(check.agent.stats()).toMatchObject({ requests: 3, connections: 1 })
    check.close()
  })
})

describe('internal addresses', () => {
  test.each([
    ['169.254.169.254', true],
    ['169.254.0.1', true],
    ['100.100.100.200', true],
    ['fe80::1', true],
    ['[fe80::a:b]', true],
    ['febf::1', true],
    ['fd00:ec2::254', true],
    ['::ffff:169.254.169.254', true],
    ['::ffff:a9fe:a9fe', true],
    ['::ffff:100.100.100.200', true],
    ['64:ff9b::a9fe:a9fe', true],
    ['169.253.255.255', false],
    ['169.255.0.1', false],
    ['100.100.100.201', false],
    ['fec0::1', false],
    ['127.0.0.1', false],
    ['10.0.0.1', false],
    ['metadata.google.internal', false]
  ])('%s internal: %s', (address, internal) => {
    expect(isInternalAddress(address)).toBe(internal)
  })

  test.each([['169.254.169.254'], ['100.100.100.200'], ['fe80::1'], ['fd00:ec2::254'], ['::ffff:169.254.169.254']])(
    'a name resolving to %s is refused by the lookup',
    async address => {
      const dns = fakeDns([address])
      const failure = await new Promise<NodeJS.ErrnoException | null>(resolve =>
        refusingInternalAddresses(dns.lookup)('metadata.emulator.test', { all: true }, err => resolve(err))
      )
      expect(failure).toMatchObject({ code: 'AddressNotAllowed', address })
    }
  )

  test('a name with one internal address among others is refused after resolution, before any connection', async () => {
    const dns = fakeDns(['127.0.0.1', '169.254.169.254'])
    const result = await healthy(`http://${NAME}:${port}/ok`, [[200, 399]], deadlineAfter(fakeClock(), 10_000), { lookup: dns.lookup })
    expect(result).toMatchObject({ ok: false, attempts: 1 })
    expect(result.error).toContain('169.254.169.254')
    expect(result.error).toContain('health-check-allow-internal')
    expect(dns.asked).toEqual([NAME])
    expect(hits).toEqual([])
  })

  test('health-check-allow-internal lets such a name through', async () => {
    const dns = fakeDns(['127.0.0.1', '169.254.169.254'])
    const result = await healthy(`http://${NAME}:${port}/ok`, [[200, 399]], deadlineAfter(fakeClock(), 10_000), {
      lookup: dns.lookup,
      allowInternal: true
    })
    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(hits).toEqual(['/ok'])
  })
})

describe('through a proxy', () => {
  let proxy: ConnectProxy
  beforeAll(async () => {
    proxy = await startConnectProxy({ routes: { [`${NAME}:80`]: port, '169.254.169.254:80': port, 'metadata.emulator.test:80': port } })
  })
  afterAll(() => proxy.close())
  beforeEach(() => {
    proxy.tunnels.length = 0
  })

  test('the request goes through HTTP_PROXY, and DNS is left to the proxy', async () => {
    env.use({ HTTP_PROXY: proxy.url })
    const dns = fakeDns()
    const result = await healthy(`http://${NAME}/ok`, [[200, 399]], deadlineAfter(fakeClock(), 10_000), { lookup: dns.lookup })
    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(proxy.tunnels).toEqual([{ target: `${NAME}:80`, authorization: 'none', status: 200 }])
    expect(dns.asked).toEqual([])
  })

  test.each([['http://169.254.169.254/ok'], ['http://[::ffff:a9fe:a9fe]/ok'], ['http://0xa9fea9fe/ok'], ['http://[fe80::1]/ok'], ['http://100.100.100.200/ok']])(
    'a literal internal address %s is refused before any tunnel',
    async url => {
      env.use({ HTTP_PROXY: proxy.url })
      const result = await healthy(url, [[200, 399]], deadlineAfter(fakeClock(), 10_000))
      expect(result).toMatchObject({ ok: false, attempts: 1 })
      expect(result.error).toContain('health-check-allow-internal')
      expect(proxy.tunnels).toEqual([])
    }
  )

  test('a literal internal address goes through when allowed', async () => {
    env.use({ HTTP_PROXY: proxy.url })
    const result = await healthy('http://169.254.169.254/ok', [[200, 399]], deadlineAfter(fakeClock(), 10_000), { allowInternal: true })
    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(proxy.tunnels).toEqual([{ target: '169.254.169.254:80', authorization: 'none', status: 200 }])
  })

  test('a name is not vetted: what it resolves to is the proxy’s business (documented)', async () => {
    env.use({ HTTP_PROXY: proxy.url })
    const result = await healthy('http://metadata.emulator.test/ok', [[200, 399]], deadlineAfter(fakeClock(), 10_000))
    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(proxy.tunnels).toHaveLength(1)
  })

  test('a proxy that wants credentials ends the check at once, naming the proxy', async () => {
    const authProxy = await startConnectProxy({ routes: { [`${NAME}:80`]: port }, auth: { username: 'u', password: 'health-proxy-pw' } })
    env.use({ HTTP_PROXY: authProxy.urlWith('u', 'wrong-pw-123') })
    try {
      const result = await healthy(`http://${NAME}/ok`, [[200, 399]], deadlineAfter(fakeClock(), 10_000))
      expect(result).toMatchObject({ ok: false, attempts: 1 })
      expect(result.error).toContain(`127.0.0.1:${authProxy.port}`)
      expect(result.error).not.toContain('wrong-pw-123')
    } finally {
      await authProxy.close()
    }
  })
})
