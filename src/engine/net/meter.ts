// What an agent counts (requests, connections, TLS handshakes, the last status) and the cap on each response it
// carries. Kept apart from the agent classes, which only tell it about the requests and sockets they handle.
import type http from 'node:http'
import type { Duplex } from 'node:stream'
import tls from 'node:tls'
import { ResponseTooLargeError, UnrequestedEncodingError } from './errors.js'
import type { AgentStats } from './types.js'

/** Counts what an agent opened, and keeps each response under the cap. */
export class Meter {
  readonly counts: AgentStats = { requests: 0, connections: 0, tlsHandshakes: 0 }
  lastStatus: number | undefined

  constructor(
    private readonly host: string,
    private readonly maxBytes: number
  ) {}

  request(req: http.ClientRequest): void {
    this.counts.requests++
    req.once('response', (res: http.IncomingMessage) => this.response(req, res))
  }

  connection(socket: Duplex): void {
    this.counts.connections++
    if (socket instanceof tls.TLSSocket) this.handshake(socket)
  }

  handshake(socket: tls.TLSSocket): void {
    socket.once('secureConnect', () => this.counts.tlsHandshakes++)
  }

  /**
   * Notes the status, and fails the response as soon as it is known to be too large: by its Content-Length, or by
   * the bytes that arrive on its socket while it is read. Destroying the response (not the socket) hands the error
   * to whoever reads it.
   */
  private response(req: http.ClientRequest, res: http.IncomingMessage): void {
    this.lastStatus = res.statusCode
    const encoding = res.headers['content-encoding']
    if (encoding && encoding !== 'identity' && req.getHeader('accept-encoding') === undefined) {
      // httpx would inflate it whatever the request said, and the wire count says nothing about the inflated size.
      delete res.headers['content-encoding']
      return fail(res, new UnrequestedEncodingError(this.host, encoding))
    }
    if (Number(res.headers['content-length']) > this.maxBytes) return fail(res, new ResponseTooLargeError(this.host, this.maxBytes))
    const socket = res.socket
    if (!socket) return
    let seen = 0
    const count = (chunk: Buffer): void => {
      seen += chunk.length
      if (seen > this.maxBytes) {
        stop()
        fail(res, new ResponseTooLargeError(this.host, this.maxBytes))
      }
    }
    const stop = (): void => {
      socket.off('data', count)
    }
    socket.on('data', count)
    res.once('end', stop)
    res.once('close', stop)
  }
}

/**
 * Hands `err` to whoever reads the response. Destroying emits the error within the current tick, so a response
 * nobody listens to yet (httpx attaches its reader a few microtasks after the response event) is destroyed once a
 * reader appears; one that is being read is destroyed at once.
 */
function fail(res: http.IncomingMessage, err: Error): void {
  const destroy = (): void => {
    // Nobody reading must not crash the process either.
    res.on('error', () => undefined)
    res.destroy(err)
  }
  if (res.listenerCount('error') > 0) return destroy()
  const onListener = (event: string | symbol): void => {
    if (event !== 'error' && event !== 'data' && event !== 'readable' && event !== 'end') return
    res.off('newListener', onListener)
    process.nextTick(destroy)
  }
  res.on('newListener', onListener)
}
