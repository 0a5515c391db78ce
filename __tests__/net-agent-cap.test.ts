// A response larger than the cap, or one that never ends, fails with ResponseTooLarge instead of being read into
// memory — read by pop-core's own httpx, as in the action. Served from loopback; one case through the proxy.
import ROAClient from '@alicloud/pop-core/lib/roa.js'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { createTestCa, startEmulator } from '../emulator/index.mjs'
import { createAgent, DEFAULT_MAX_RESPONSE_BYTES } from '../src/engine/net/agent.js'
import { describeNetworkError } from '../src/engine/net/errors.js'
import { startConnectProxy } from './support/connect-proxy.js'
import { useProxyEnv } from './support/proxy-env.js'
import * as proxies from '@actions/http-client/lib/proxy'

const env = useProxyEnv()
const CAP = 64 * 1024
const JSON_TYPE = { 'content-type': 'application/json;charset=utf-8' }

interface Endless {
  /** Bytes the server managed to write before the client hung up. */
  written: number
  closed: Promise<void>
}

let server: http.Server
let base: string
let endless: Endless | undefined

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url?.split('?')[0]
    if (path === '/sized') {
      const size = Number(new URL(req.url!, 'http://x').searchParams.get('bytes'))
      const body = JSON.stringify({ Data: 'x'.repeat(size - 12) })
      res.writeHead(200, { ...JSON_TYPE, 'content-length': String(Buffer.byteLength(body)) })
      return res.end(body)
    }
    if (path === '/endless') {
      const chunk = Buffer.alloc(16 * 1024, 0x20)
      res.writeHead(200, JSON_TYPE)
      res.write('{"Data":"')
      const state: Endless = { written: 0, closed: new Promise(resolve => res.once('close', resolve)) }
      endless = state
      const pump = (): void => {
        while (!res.destroyed) {
          state.written += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
      }
      return pump()
    }
    if (path === '/declared-huge') {
      // Announces a gigabyte and sends nothing: only the announcement can fail it.
      res.writeHead(200, { ...JSON_TYPE, 'content-length': String(1 << 30) })
      return res.flushHeaders()
    }
    if (path === '/gzip') {
      const body = gzipSync(JSON.stringify({ Data: { Id: 87 } }))
      res.writeHead(200, { ...JSON_TYPE, 'content-encoding': 'gzip', 'content-length': String(body.length) })
      return res.end(body)
    }
    res.writeHead(404, JSON_TYPE)
    res.end('{}')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

const client = (endpoint: string): ROAClient =>
  new ROAClient({ endpoint, apiVersion: '2019-05-06', accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' })

async function get(path: string, query: Record<string, string>, maxResponseBytes?: number): Promise<unknown> {
  const agent = createAgent(base, { proxies,  maxResponseBytes })
  try {
    // The timeout only bounds a regression (which would then fail with a timeout, not ResponseTooLarge).
    return await client(base).request('GET', path, query, '', {}, { agent, timeout: 10_000 })
  } finally {
    agent.destroy()
  }
}

async function codeOfFailure(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (err) {
    return (err as { code?: string }).code
  }
  return 'no failure'
}

test('an answer under the cap is read whole', async () => {
  const answer = (await get('/sized', { bytes: String(CAP - 1024) }, CAP)) as { Data: string }
  expect(answer.Data).toHaveLength(CAP - 1024 - 12)
})

test('an answer whose Content-Length is over the cap fails before its body is read', async () => {
  expect(await codeOfFailure(get('/declared-huge', {}, CAP))).toBe('ResponseTooLarge')
  expect(await codeOfFailure(get('/sized', { bytes: String(CAP * 2) }, CAP))).toBe('ResponseTooLarge')
})

test('an endless answer fails once the cap is passed, and the connection is dropped', async () => {
  expect(await codeOfFailure(get('/endless', {}, CAP))).toBe('ResponseTooLarge')
  await endless!.closed
})

test('the default cap is 4 MiB', async () => {
  expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(4 * 1024 * 1024)
  expect(await codeOfFailure(get('/endless', {}))).toBe('ResponseTooLarge')
  await endless!.closed
  expect(endless!.written).toBeGreaterThan(DEFAULT_MAX_RESPONSE_BYTES)
  expect(await codeOfFailure(get('/sized', { bytes: String(DEFAULT_MAX_RESPONSE_BYTES - 4096) }))).toBe('no failure')
})

test('a compressed answer nobody asked for is refused (its inflated size has no bound)', async () => {
  const err = await get('/gzip', {}).catch((thrown: unknown) => thrown)
  expect(describeNetworkError(err, { host: '127.0.0.1', inputHint: 'endpoint' })).toMatchObject({
    code: 'UnrequestedContentEncoding',
    transient: false
  })
})

test('the cap holds at the end of a proxy tunnel too', async () => {
  const host = 'sae.cn-hangzhou.emulator.test'
  const ca = createTestCa([host])
  const emulator = await startEmulator({ tls: ca })
  const proxy = await startConnectProxy({ routes: { [host]: emulator.port } })
  env.use({ HTTPS_PROXY: proxy.url })
  emulator.inject({ kind: 'raw', status: 200, headers: JSON_TYPE, body: JSON.stringify({ Data: 'y'.repeat(2 * CAP) }) })
  const agent = createAgent(`https://${host}`, { proxies,  ca: ca.caPem, maxResponseBytes: CAP })
  try {
    const failure = codeOfFailure(client(`https://${host}`).request('GET', '/pop/v1/sam/ingress/Ingress', { IngressId: '87' }, '', {}, { agent, timeout: 10_000 }))
    expect(await failure).toBe('ResponseTooLarge')
    expect(proxy.tunnels).toHaveLength(1)
  } finally {
    agent.destroy()
    await Promise.all([proxy.close(), emulator.close()])
  }
})
