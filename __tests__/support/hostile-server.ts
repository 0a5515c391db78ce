// A loopback endpoint that answers whatever a test scripts: for the services the action calls that have no emulator
// fault of their own (the runner's ID-token service). Records each request, headers included.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface HostileRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
}

export interface HostileAnswer {
  status: number
  headers?: Record<string, string>
  body: string
}

export interface HostileServer {
  url: string
  requests: HostileRequest[]
  close(): Promise<void>
}

export async function startHostileServer(answer: (request: HostileRequest) => HostileAnswer): Promise<HostileServer> {
  const requests: HostileRequest[] = []
  const server = createServer((req, res) => {
    const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }
    requests.push(request)
    const { status, headers, body } = answer(request)
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers })
    res.end(body)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
