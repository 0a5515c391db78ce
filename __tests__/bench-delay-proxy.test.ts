// The WAN bench's delay proxy (scripts/bench-wan/delay-proxy.mjs): a TCP relay that makes a loopback server one
// round trip away. Time is a fake clock the tests move by hand, so nothing here depends on how fast the machine is;
// the TLS tests run real handshakes through the relay to count them.
import net from 'node:net'
import tls from 'node:tls'
import { createTestCa } from '../emulator/index.mjs'
import { createDelayQueue, isClientHello, startDelayProxy, type DelayProxy, type QueueItem, type Timers } from '../scripts/bench-wan/delay-proxy.mjs'

/** A clock that only moves when told, and the timers armed on it. */
function fakeTimers(): Timers & { advanceTo(t: number): void; armed(): number } {
  let now = 0
  let pending: Array<{ at: number; fn: () => void; id: number }> = []
  let ids = 0
  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = ids++
      pending.push({ at: now + ms, fn, id })
      return id
    },
    clearTimer(handle) {
      pending = pending.filter(p => p.id !== handle)
    },
    advanceTo(t) {
      for (;;) {
        const next = pending.filter(p => p.at <= t).sort((a, b) => a.at - b.at)[0]
        if (!next) break
        pending = pending.filter(p => p !== next)
        now = next.at
        next.fn()
      }
      now = t
    },
    armed: () => pending.length
  }
}

const text = (item: QueueItem) => item.chunk?.toString() ?? item.end

describe('the delay queue of one direction', () => {
  test('releases each chunk at its due time, in the order they came, with one timer for the whole queue', () => {
    const timers = fakeTimers()
    const released: string[] = []
    const queue = createDelayQueue(timers, item => released.push(`${text(item)}@${timers.now()}`))
    queue.push({ chunk: Buffer.from('a'), due: 25 })
    queue.push({ chunk: Buffer.from('b'), due: 26 })
    queue.push({ chunk: Buffer.from('c'), due: 40 })
    expect(timers.armed()).toBe(1)

    timers.advanceTo(24)
    expect(released).toEqual([])
    timers.advanceTo(30)
    expect(released).toEqual(['a@25', 'b@26'])
    timers.advanceTo(100)
    expect(released).toEqual(['a@25', 'b@26', 'c@40'])
    expect(queue.length).toBe(0)
  })

  test('a chunk due earlier than one already queued waits behind it: order is never broken', () => {
    const timers = fakeTimers()
    const released: string[] = []
    const queue = createDelayQueue(timers, item => released.push(`${text(item)}@${timers.now()}`))
    queue.push({ chunk: Buffer.from('first'), due: 50 })
    queue.push({ chunk: Buffer.from('second'), due: 10 })
    queue.push({ end: 'end', due: 20 })
    timers.advanceTo(49)
    expect(released).toEqual([])
    timers.advanceTo(50)
    expect(released).toEqual(['first@50', 'second@50', 'end@50'])
  })

  test('with nothing queued, a chunk already due goes through at once', () => {
    const timers = fakeTimers()
    const released: string[] = []
    const queue = createDelayQueue(timers, item => released.push(String(text(item))))
    queue.push({ chunk: Buffer.from('now'), due: 0 })
    expect(released).toEqual(['now'])
    expect(timers.armed()).toBe(0)
  })
})

test('a TLS ClientHello is told apart from other first bytes', () => {
  expect(isClientHello(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00]))).toBe(true)
  expect(isClientHello(Buffer.from('GET / HTTP/1.1\r\n'))).toBe(false)
  // A handshake record that is not a ClientHello (a ServerHello), and one too short to tell.
  expect(isClientHello(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x40, 0x02]))).toBe(false)
  expect(isClientHello(Buffer.from([0x16, 0x03, 0x01]))).toBe(false)
})

describe('the relay, on a fake clock', () => {
  let upstream: net.Server
  let received: Array<{ data: string }>
  let proxy: DelayProxy
  let timers: ReturnType<typeof fakeTimers>
  const RTT = 100

  beforeEach(async () => {
    received = []
    // Upstream echoes every chunk back in upper case.
    upstream = net.createServer(socket => socket.on('data', chunk => (received.push({ data: chunk.toString() }), socket.write(chunk.toString().toUpperCase()))))
    await new Promise<void>(resolve => upstream.listen(0, '127.0.0.1', resolve))
    timers = fakeTimers()
    proxy = await startDelayProxy({ upstreamPort: (upstream.address() as net.AddressInfo).port, rttMs: RTT, timers })
  })
  afterEach(async () => {
    await proxy.close()
    await new Promise(resolve => upstream.close(resolve))
  })

  /** Lets sockets deliver whatever is already written (real I/O; the clock stays where it is). */
  const settle = () => new Promise(resolve => setTimeout(resolve, 30))

  test("the client's first bytes reach the server after the TCP handshake's round trip plus half a round trip; the answer takes half a round trip back", async () => {
    const client = net.connect(proxy.port, '127.0.0.1')
    const answers: string[] = []
    client.on('data', chunk => answers.push(chunk.toString()))
    await new Promise(resolve => client.once('connect', resolve))
    await settle()
    client.write('hello')
    await settle()

    timers.advanceTo(1.5 * RTT - 1)
    await settle()
    expect(received).toEqual([])
    timers.advanceTo(1.5 * RTT)
    await settle()
    expect(received).toEqual([{ data: 'hello' }])

    // The echo came back at once; the client sees it half a round trip later.
    expect(answers).toEqual([])
    timers.advanceTo(2 * RTT)
    await settle()
    expect(answers).toEqual(['HELLO'])

    // Once the connection is up, a chunk takes half a round trip each way.
    client.write('again')
    await settle()
    timers.advanceTo(2.5 * RTT - 1)
    await settle()
    expect(received).toHaveLength(1)
    timers.advanceTo(2.5 * RTT)
    await settle()
    expect(received.map(r => r.data)).toEqual(['hello', 'again'])
    client.destroy()
  })

  test("counts connections, and forgets them at a reset: an old connection's traffic is not the next run's", async () => {
    const client = net.connect(proxy.port, '127.0.0.1')
    await new Promise(resolve => client.once('connect', resolve))
    client.write('x')
    await settle()
    timers.advanceTo(1.5 * RTT)
    await settle()
    timers.advanceTo(2 * RTT)
    await settle()
    expect(proxy.stats).toMatchObject({ connections: 1, clientHellos: 0, releases: 2 })

    // After a reset (the next run), what the old connection still carries is not the new run's.
    proxy.reset()
    client.write('late')
    await settle()
    timers.advanceTo(3 * RTT)
    await settle()
    timers.advanceTo(4 * RTT)
    await settle()
    expect(received.map(r => r.data)).toEqual(['x', 'late'])
    expect(proxy.stats).toMatchObject({ connections: 0, clientHellos: 0, releases: 0 })
    client.destroy()
  })
})

describe('the relay in front of a TLS server, on the real clock', () => {
  const ca = createTestCa(['localhost'])
  let server: tls.Server
  let proxy: DelayProxy
  let handshakes = 0

  beforeAll(async () => {
    server = tls.createServer({ key: ca.keyPem, cert: ca.certPem }, socket => socket.end('hi'))
    server.on('secureConnection', () => handshakes++)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    proxy = await startDelayProxy({ upstreamPort: (server.address() as net.AddressInfo).port, rttMs: 0 })
  })
  afterAll(async () => {
    await proxy.close()
    await new Promise(resolve => server.close(resolve))
  })

  function handshake(): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port: proxy.port, host: '127.0.0.1', servername: 'localhost', ca: ca.caPem }, () => undefined)
      let data = ''
      socket.on('data', chunk => (data += chunk))
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
  }

  test('counts one ClientHello per TLS handshake, and none for a connection that speaks something else', async () => {
    proxy.reset()
    handshakes = 0
    expect(await handshake()).toBe('hi')
    expect(await handshake()).toBe('hi')
    const plain = net.connect(proxy.port, '127.0.0.1')
    await new Promise(resolve => plain.once('connect', resolve))
    plain.write('GET / HTTP/1.1\r\n\r\n')
    await new Promise(resolve => plain.once('close', resolve))

    expect(proxy.stats.connections).toBe(3)
    expect(proxy.stats.clientHellos).toBe(2)
    expect(handshakes).toBe(2)
  })

  test('at 40 ms RTT a TLS connection and its first answer take at least three round trips (TCP, TLS, the answer)', async () => {
    proxy.setRtt(40)
    const started = performance.now()
    expect(await handshake()).toBe('hi')
    // A lower bound only: timers never fire early (by more than the clock's millisecond), however busy the machine.
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 40 - 2)
    proxy.setRtt(0)
  })
})
