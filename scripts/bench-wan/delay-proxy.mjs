// @ts-check
// A TCP relay on 127.0.0.1 that makes a loopback server look one round trip (RTT) away, for `npm run bench:wan`.
//
// What it models, per connection:
// - Every chunk is held RTT/2 in each direction, in order: one queue per direction, each chunk due at its arrival
//   time + RTT/2 (a fixed delay keeps the due times in arrival order, so one timer for the head of the queue
//   releases everything that is due; a sleep per chunk would serialise the chunks behind each other).
// - The TCP handshake: the client's connect() completes at once against the relay's listening socket, whereas over
//   a real network SYN/SYN-ACK takes one RTT before the client may send. So the client's bytes count as sent no
//   earlier than accept + RTT: client→server chunks are due at max(arrival, accept + RTT) + RTT/2. A TLS ClientHello
//   written at once therefore reaches the server at 1.5 RTT and its answer the client at 2 RTT, and the request that
//   follows the client's Finished is answered at 3 RTT: one TCP + one TLS 1.3 handshake + one request, as over a
//   network. (For a protocol where the server speaks first, the gate would apply to the server's first bytes too;
//   the relay only ever carries TLS and HTTP, where the client speaks first.)
// - FIN and reset travel like data: an end or an error is passed on when the chunks before it are due.
// Not modelled: bandwidth, loss, slow start (the payloads are a few kilobytes), DNS (the endpoint is a loopback
// name from /etc/hosts or an IP address).
//
// It counts connections and TLS ClientHellos (one per full or resumed handshake): the budgets of one connection
// and one handshake per run.
import net from 'node:net'
import { performance } from 'node:perf_hooks'

/**
 * @typedef {{ now(): number, setTimer(fn: () => void, ms: number): unknown, clearTimer(handle: unknown): void }} Timers
 */

/** @type {Timers} */
const realTimers = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: handle => clearTimeout(/** @type {NodeJS.Timeout} */ (handle))
}

/**
 * Chunks (and an end marker) released in order, each no earlier than its due time. One timer at a time, armed for
 * the head of the queue.
 * @param {Timers} timers
 * @param {(item: { chunk?: Buffer, end?: 'end' | 'destroy', due: number }) => void} release
 */
export function createDelayQueue(timers, release) {
  /** @type {Array<{ chunk?: Buffer, end?: 'end' | 'destroy', due: number }>} */
  const items = []
  /** @type {unknown} */
  let timer
  const drain = () => {
    timer = undefined
    const now = timers.now()
    while (items.length && /** @type {{ due: number }} */ (items[0]).due <= now) release(/** @type {any} */ (items.shift()))
    arm()
  }
  const arm = () => {
    if (timer !== undefined || !items.length) return
    timer = timers.setTimer(drain, Math.max(0, /** @type {{ due: number }} */ (items[0]).due - timers.now()))
  }
  return {
    /** @param {{ chunk?: Buffer, end?: 'end' | 'destroy', due: number }} item */
    push(item) {
      // First in, first out: a chunk never overtakes one queued before it, even if its own due time is earlier.
      if (item.due <= timers.now() && !items.length) {
        release(item)
        return
      }
      items.push(item)
      arm()
    },
    get length() {
      return items.length
    },
    clear() {
      if (timer !== undefined) timers.clearTimer(timer)
      timer = undefined
      items.length = 0
    }
  }
}

/** Whether the first bytes a client sent are a TLS handshake record holding a ClientHello. */
export function isClientHello(/** @type {Buffer} */ head) {
  return head.length >= 6 && head[0] === 0x16 && head[1] === 0x03 && head[5] === 0x01
}

/**
 * @param {{ upstreamPort: number, upstreamHost?: string, rttMs: number, timers?: Timers }} options
 */
export async function startDelayProxy(options) {
  const timers = options.timers ?? realTimers
  let rttMs = options.rttMs
  const stats = { connections: 0, clientHellos: 0, lateMsTotal: 0, lateMsMax: 0, releases: 0 }
  /** @type {Set<net.Socket>} */
  const sockets = new Set()
  // A run's connections only: one still closing from the previous run must not add to this run's counts.
  let epoch = 0

  const server = net.createServer({ noDelay: true }, client => {
    const rtt = rttMs
    const born = epoch
    const acceptedAt = timers.now()
    stats.connections++
    const upstream = net.connect({ port: options.upstreamPort, host: options.upstreamHost ?? '127.0.0.1', noDelay: true })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    }
    const late = (/** @type {number} */ due) => {
      if (born !== epoch) return
      const by = Math.max(0, timers.now() - due)
      stats.lateMsTotal += by
      stats.lateMsMax = Math.max(stats.lateMsMax, by)
      stats.releases++
    }
    const toServer = createDelayQueue(timers, item => {
      if (rtt > 0) late(item.due)
      if (item.chunk) upstream.write(item.chunk)
      else if (item.end === 'end') upstream.end()
      else upstream.destroy()
    })
    const toClient = createDelayQueue(timers, item => {
      if (rtt > 0) late(item.due)
      if (item.chunk) client.write(item.chunk)
      else if (item.end === 'end') client.end()
      else client.destroy()
    })
    const sentNoEarlierThan = acceptedAt + rtt
    let head = Buffer.alloc(0)
    let helloChecked = false
    client.on('data', chunk => {
      const t = timers.now()
      if (!helloChecked && born === epoch) {
        head = Buffer.concat([head, chunk])
        if (head.length >= 6) {
          helloChecked = true
          if (isClientHello(head)) stats.clientHellos++
        }
      }
      toServer.push({ chunk, due: Math.max(t, sentNoEarlierThan) + rtt / 2 })
    })
    upstream.on('data', chunk => toClient.push({ chunk, due: timers.now() + rtt / 2 }))
    let clientEnded = false
    client.on('end', () => {
      clientEnded = true
      toServer.push({ end: 'end', due: Math.max(timers.now(), sentNoEarlierThan) + rtt / 2 })
    })
    upstream.on('end', () => toClient.push({ end: 'end', due: timers.now() + rtt / 2 }))
    // A reset (or the process exiting without a FIN) cuts the other side too, after what was already in flight.
    client.on('error', () => toServer.push({ end: 'destroy', due: timers.now() + rtt / 2 }))
    upstream.on('error', () => toClient.push({ end: 'destroy', due: timers.now() + rtt / 2 }))
    client.on('close', () => {
      if (!clientEnded && !upstream.destroyed) toServer.push({ end: 'end', due: timers.now() + rtt / 2 })
    })
  })

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(undefined))
  })
  const address = /** @type {net.AddressInfo} */ (server.address())

  return {
    port: address.port,
    stats,
    /** Applies to connections accepted from now on. */
    setRtt(/** @type {number} */ ms) {
      rttMs = ms
    },
    get rttMs() {
      return rttMs
    },
    /** Forgets the counts (between runs). */
    reset() {
      epoch++
      Object.assign(stats, { connections: 0, clientHellos: 0, lateMsTotal: 0, lateMsMax: 0, releases: 0 })
    },
    /** Stops listening and cuts every relayed connection. */
    close() {
      return new Promise(resolve => {
        server.close(() => resolve(undefined))
        for (const socket of sockets) socket.destroy()
      })
    }
  }
}
