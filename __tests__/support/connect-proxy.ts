// A loopback CONNECT proxy for the proxy tests. It binds 127.0.0.1 only, tunnels only to the local ports its routes
// name (any other host is refused with 403, so no test can reach the internet through it), can demand Basic auth
// (407 otherwise), and records every CONNECT it was asked for.
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'

export interface Tunnel {
  /** `host:port` as the client asked for it. */
  target: string
  /** Whether the client sent Proxy-Authorization, and whether it matched. */
  authorization: 'none' | 'right' | 'wrong'
  /** What the proxy answered: 200, 403 (no route), 407 (auth). */
  status: number
}

export interface ConnectProxyOptions {
  /** `host` or `host:port` → local port on 127.0.0.1. Anything else is refused. */
  routes: Record<string, number>
  /** Demand these credentials (Basic). */
  auth?: { username: string; password: string }
  /** Answer every CONNECT with this status instead (e.g. 502). */
  status?: number
}

export interface ConnectProxy {
  /** http://127.0.0.1:<port>, without credentials. */
  url: string
  port: number
  tunnels: Tunnel[]
  /** Plain (non-CONNECT) requests it received; it answers them 405. */
  plainRequests: string[]
  /** The URL with credentials, user and password URL-encoded, as a user writes it in HTTPS_PROXY. */
  urlWith(username: string, password: string): string
  close(): Promise<void>
}

function authorizationOf(header: string | undefined, auth: ConnectProxyOptions['auth']): Tunnel['authorization'] {
  if (!header) return 'none'
  if (!auth) return 'wrong'
  const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
  return header === expected ? 'right' : 'wrong'
}

export async function startConnectProxy(options: ConnectProxyOptions): Promise<ConnectProxy> {
  const tunnels: Tunnel[] = []
  const plainRequests: string[] = []
  const sockets = new Set<net.Socket>()
  const server = http.createServer((req, res) => {
    plainRequests.push(`${req.method} ${req.url}`)
    res.writeHead(405, { 'content-type': 'text/plain', connection: 'close' })
    res.end('this test proxy only tunnels (CONNECT)\n')
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? ''
    const authorization = authorizationOf(req.headers['proxy-authorization'], options.auth)
    const answer = (status: number, text: string, headers = ''): void => {
      tunnels.push({ target, authorization, status })
      client.end(`HTTP/1.1 ${status} ${text}\r\n${headers}Content-Length: 0\r\nConnection: close\r\n\r\n`)
    }
    client.on('error', () => client.destroy())
    if (options.auth && authorization !== 'right') {
      return answer(407, 'Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="test proxy"\r\n')
    }
    if (options.status) return answer(options.status, http.STATUS_CODES[options.status] ?? 'Error')
    const host = target.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
    const port = options.routes[target] ?? options.routes[host]
    if (port === undefined) return answer(403, 'Forbidden')
    const upstream = net.connect(port, '127.0.0.1')
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
    upstream.on('error', () => client.destroy())
    upstream.once('connect', () => {
      tunnels.push({ target, authorization, status: 200 })
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length) upstream.write(head)
      client.pipe(upstream)
      upstream.pipe(client)
    })
    client.on('close', () => upstream.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    plainRequests,
    urlWith: (username, password) => `http://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
  }
}
