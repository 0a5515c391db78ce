// The run's first act (src/net/early-socket.ts): a TCP connection to the endpoint, opened before TLS and the rest of
// the action load; the agent then starts TLS on it, and every request of the run uses that one connection. Against
// the TLS emulator behind a counting relay, under the name its certificate holds.
import dns from 'node:dns'
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import ROAClient from '@alicloud/pop-core/lib/roa.js'
import { createTestCa, startEmulator, type Emulator, type TestCa } from '../emulator/index.mjs'
import { startDelayProxy, type DelayProxy } from '../scripts/bench-wan/delay-proxy.mjs'
import { createAgent, type NetAgent } from '../src/engine/net/agent.js'
import { jest } from '@jest/globals'
import { connectedWithin, departed, nextTurn, openTcp } from '../src/engine/net/early-socket.js'
import { describeNetworkError } from '../src/engine/net/errors.js'
import { closedPort } from './support/ports.js'
import { useProxyEnv } from './support/proxy-env.js'

const env = useProxyEnv()
let ca: TestCa
let emulator: Emulator
let relay: DelayProxy

beforeAll(async () => {
  ca = createTestCa(['localhost', '127.0.0.1'])
  emulator = await startEmulator({
    tls: ca,
    ingresses: [{ Id: 87, ListenerPort: 80, Rules: [{ AppId: 'app-1', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' }] }]
  })
  relay = await startDelayProxy({ upstreamPort: emulator.port, host: 'sae', rttMs: 0 })
})
afterAll(async () => Promise.all([relay.close(), emulator.close()]))
beforeEach(() => relay.reset())

async function describeIngress(endpoint: string, agent: NetAgent): Promise<number | undefined> {
  const client = new ROAClient({ endpoint, apiVersion: '2019-05-06', accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' })
  const answer = (await client.request('GET', '/pop/v1/sam/ingress/Ingress', { IngressId: '87' }, '', {}, { agent, timeout: 10_000 })) as { Data?: { Id?: number } }
  return answer.Data?.Id
}

test('TLS starts on the early TCP connection, and every request of the run goes over it', async () => {
  const endpoint = `https://localhost:${relay.port}`
  const tcp = openTcp(endpoint)
  expect(tcp).toBeInstanceOf(net.Socket)
  await departed(tcp, endpoint)
  const agent = createAgent(endpoint, { ca: ca.caPem, socket: tcp })

  await agent.preconnect()
  for (let i = 0; i < 3; i++) expect(await describeIngress(endpoint, agent)).toBe(87)

  expect(relay.stats).toMatchObject({ connections: 1, clientHellos: 1 })
  expect(agent.stats()).toEqual({ requests: 3, connections: 1, tlsHandshakes: 1 })
  agent.destroy()
})

test('a request made before the connection is up is timed on the wire: the handshakes are not in its round trip', async () => {
  // The settle in upsert and remove subtracts a read's round trip as the network's (src/settle.ts, src/live-view.ts).
  relay.setRtt(100)
  try {
    const endpoint = `https://localhost:${relay.port}`
    const tcp = openTcp(endpoint)
    await departed(tcp, endpoint)
    const agent = createAgent(endpoint, { ca: ca.caPem, socket: tcp })
    const started = performance.now()
    expect(await describeIngress(endpoint, agent)).toBe(87)
    const total = performance.now() - started
    const onWire = agent.lastRoundTrip()!
    // At least the relay's round trip; the TCP and TLS handshakes (two more) are in the total only.
    expect(onWire).toBeGreaterThanOrEqual(100)
    expect(total - onWire).toBeGreaterThanOrEqual(100)
    agent.destroy()
  } finally {
    relay.setRtt(0)
  }
})

test('TLS waits for TCP: a host whose first address refuses is reached on the next, over that connection', async () => {
  // Node tries the next address on a new handle (autoSelectFamily); TLS started on the first would be left behind.
  const endpoint = `https://localhost:${relay.port}`
  const twoAddresses: net.LookupFunction = (_host, _options, callback) =>
    (callback as (err: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
      { address: '127.0.0.2', family: 4 },
      { address: '127.0.0.1', family: 4 }
    ])
  const tcp = net.connect({ host: 'localhost', port: relay.port, lookup: twoAddresses, autoSelectFamily: true })
  tcp.on('error', () => undefined)
  const agent = createAgent(endpoint, { ca: ca.caPem, socket: tcp })

  await agent.preconnect()
  expect(await describeIngress(endpoint, agent)).toBe(87)

  expect(relay.stats).toMatchObject({ connections: 1, clientHellos: 1 })
  expect(agent.stats()).toMatchObject({ connections: 1, tlsHandshakes: 1 })
  agent.destroy()
})

test('a request made while the early TCP connection is still being made waits for it', async () => {
  const endpoint = `https://localhost:${relay.port}`
  const agent = createAgent(endpoint, { ca: ca.caPem, socket: openTcp(endpoint) })
  void agent.preconnect()
  expect(await describeIngress(endpoint, agent)).toBe(87)
  expect(relay.stats).toMatchObject({ connections: 1, clientHellos: 1 })
  agent.destroy()
})

test('preconnect opens one connection however often it is called', async () => {
  const endpoint = `https://localhost:${relay.port}`
  const agent = createAgent(endpoint, { ca: ca.caPem, socket: openTcp(endpoint) })
  await Promise.all([agent.preconnect(), agent.preconnect()])
  expect(await describeIngress(endpoint, agent)).toBe(87)
  await agent.preconnect()
  expect(relay.stats).toMatchObject({ connections: 1, clientHellos: 1 })
  agent.destroy()
})

test('an early connection that was refused is left to the first request, which reports its own error', async () => {
  const endpoint = `https://127.0.0.1:${await closedPort()}`

  const agent = createAgent(endpoint, { ca: ca.caPem, socket: openTcp(endpoint) })
  await agent.preconnect()
  const err = await describeIngress(endpoint, agent).then(
    () => undefined,
    (e: unknown) => e as Error
  )

  expect(describeNetworkError(err, { host: '127.0.0.1', inputHint: 'endpoint' })).toMatchObject({ code: 'NetworkError', message: expect.stringContaining('ECONNREFUSED') })
  agent.destroy()
})

test('an early connection that failed before the agent was made is left to the first request too', async () => {
  const endpoint = `https://127.0.0.1:${await closedPort()}`
  const tcp = openTcp(endpoint)!
  await new Promise(resolve => tcp.once('close', resolve))

  const agent = createAgent(endpoint, { ca: ca.caPem, socket: tcp })
  await agent.preconnect()
  const err = await describeIngress(endpoint, agent).then(
    () => undefined,
    (e: unknown) => e as Error
  )

  expect(describeNetworkError(err, { host: '127.0.0.1', inputHint: 'endpoint' })).toMatchObject({ message: expect.stringContaining('ECONNREFUSED') })
  agent.destroy()
})

test('through a proxy there is no early connection: the first request opens the tunnel', () => {
  env.use({ HTTPS_PROXY: 'http://127.0.0.1:9' })
  expect(openTcp('https://sae.cn-hangzhou.aliyuncs.com')).toBeUndefined()
  env.use({ HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: 'aliyuncs.com' })
  const direct = openTcp('https://sae.cn-hangzhou.aliyuncs.com:1')
  expect(direct).toBeInstanceOf(net.Socket)
  direct?.destroy()
})

test('an unusable proxy variable is refused as every later connection would refuse it', () => {
  env.use({ HTTPS_PROXY: 'http://%zz@proxy:3128' })
  expect(() => openTcp('https://sae.cn-hangzhou.aliyuncs.com')).toThrow(/HTTPS_PROXY is set but is not a valid proxy URL/)
})

describe('departed: when the handshake has left and loading may start', () => {
  test('for a host name, once DNS has answered (the connect is made in the same callback)', async () => {
    const socket = net.connect({ host: 'localhost', port: relay.port })
    const events: string[] = []
    socket.once('lookup', () => events.push('lookup'))
    await departed(socket, `https://localhost:${relay.port}`, 60_000)
    events.push('departed')
    expect(events).toEqual(['lookup', 'departed'])
    socket.destroy()
  })

  test('for a DNS answer slower than the head start, after the head start', async () => {
    const never: net.LookupFunction = () => undefined
    const socket = net.connect({ host: 'slow.example.test', port: 9, lookup: never })
    await departed(socket, 'https://slow.example.test:9', 1)
    expect(socket.connecting).toBe(true)
    socket.destroy()
  })

  test('for an IP address, or no socket, at the next turn of the event loop: after what the loop had due', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: relay.port })
    const order: string[] = []
    setImmediate(() => order.push('due before'))
    await departed(socket, `https://127.0.0.1:${relay.port}`)
    order.push('departed')
    setImmediate(() => order.push('due before'))
    await departed(undefined, undefined)
    order.push('no socket')
    setImmediate(() => order.push('due before'))
    await nextTurn()
    order.push('next turn')
    expect(order).toEqual(['due before', 'departed', 'due before', 'no socket', 'due before', 'next turn'])
    socket.destroy()
  })
})

describe('nextTurn: between loading steps', () => {
  test('serves the I/O that is ready: a connect made in a DNS callback is up before loading goes on', async () => {
    // As in main.ts: the connect is made in the DNS answer's callback, and the next loading step waits for nextTurn.
    // A turn that ended before the loop polled again would load the rest of the action with the connection's
    // answer in and unserved, and TLS would start only after it.
    const inet4: net.LookupFunction = (host, options, callback) => dns.lookup(host, { ...options, family: 4 }, callback as never)
    const socket = net.connect({ host: 'localhost', port: relay.port, lookup: inet4 }).on('error', () => undefined)
    const order = await new Promise<string[]>(resolve => {
      const seen: string[] = []
      socket.once('connect', () => seen.push('connect'))
      socket.once('lookup', () => void nextTurn().then(() => resolve([...seen, 'next turn'])))
    }).finally(() => socket.destroy())
    expect(order).toEqual(['connect', 'next turn'])
  })
})

describe('connectedWithin: waiting for the handshake, within bounds', () => {
  afterEach(() => jest.useRealTimers())

  test('resolves when the connection is up, and its timer is gone', async () => {
    jest.useFakeTimers()
    await connectedWithin(Promise.resolve(), 1000)
    expect(jest.getTimerCount()).toBe(0)
  })

  test('a handshake that never ends is waited for only that long', async () => {
    jest.useFakeTimers()
    let done = false
    const waiting = connectedWithin(new Promise<void>(() => undefined), 1000).then(() => void (done = true))
    await jest.advanceTimersByTimeAsync(999)
    expect(done).toBe(false)
    await jest.advanceTimersByTimeAsync(1)
    await waiting
    expect(done).toBe(true)
  })

  test('no connection: at once, before any timer', async () => {
    jest.useFakeTimers()
    await connectedWithin(undefined, 60_000)
    expect(jest.getTimerCount()).toBe(0)
  })
})
