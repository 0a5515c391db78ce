// The first thing a run does once it knows its endpoint: send the TCP handshake on its way. It needs nothing but
// node:net, so it leaves before TLS, the toolkit, the planner and pop-core load; the agent (./agent.ts) then starts
// TLS on this socket, and the first request finds the connection ready. At a distance the TCP and TLS handshakes
// cost two round trips, which the loading fills instead of preceding.
import net, { isIP } from 'node:net'
import { hostOf, portOf } from './address.js'
import { proxyFor } from './proxy.js'

/**
 * A TCP connection to the endpoint, opening; undefined through a proxy (the first request opens the tunnel). It
 * does not keep the process alive and reports nothing: a failure is met again, and reported, by the first request.
 * Throws ProxyConfigError when a proxy variable is set but unusable, as every later connection would.
 */
export function openTcp(endpoint: string): net.Socket | undefined {
  const target = new URL(endpoint)
  if (proxyFor(target)) return undefined
  const socket = net.connect({ host: hostOf(target), port: portOf(target) })
  socket.on('error', () => undefined)
  socket.unref()
  return socket
}

/**
 * Resolves once the event loop has polled for I/O: a connect to an IP address just begun has then left, and a
 * handshake step whose answer is in (a TCP connect, a TLS record) has been served. One setImmediate is not enough:
 * called from an I/O callback (a DNS answer), it runs in that same turn's check phase, before any poll, and the
 * loading that follows would hold a ready handshake back.
 */
export const nextTurn = (): Promise<void> => new Promise(resolve => setImmediate(() => setImmediate(resolve)))

/** How long the run waits for a DNS answer before it loads the rest anyway: a cached answer takes far less. */
export const DNS_HEAD_START_MS = 5

/**
 * Resolves once `socket`'s handshake has left: at the next turn for an IP address, when DNS has answered for a
 * host name. A slower DNS answer is not waited for beyond `headStartMs`: loading then fills the wait, and the answer
 * is served at the next turn between loading steps.
 */
export function departed(socket: net.Socket | undefined, endpoint: string | undefined, headStartMs = DNS_HEAD_START_MS): Promise<void> {
  if (!socket || !endpoint || isIP(hostOf(new URL(endpoint))) || !socket.connecting) return nextTurn()
  return new Promise(resolve => {
    const done = (): void => {
      clearTimeout(timer)
      socket.off('lookup', done).off('close', done)
      resolve()
    }
    // 'lookup' is emitted just before the connect is made, in the same callback.
    socket.once('lookup', done).once('close', done)
    const timer = setTimeout(done, headStartMs)
  })
}

/**
 * Resolves once `connected` has (the connection is up, or has failed), or after `ms`, whichever comes first: for work
 * that should wait for the handshake but not for a host that never answers it.
 */
export function connectedWithin(connected: Promise<void> | undefined, ms: number): Promise<void> {
  if (!connected) return Promise.resolve()
  return new Promise(resolve => {
    // Not unref'd: while a run waits here, this timer is what keeps the process alive if nothing else does.
    const timer = setTimeout(resolve, ms)
    void connected.then(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}
