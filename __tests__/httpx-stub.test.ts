import { spawnSync } from 'node:child_process'
import http from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { types } from 'node:util'
import zlib from 'node:zlib'

/**
 * The bundle maps pop-core's `httpx` to src/stubs/httpx.cjs (tsconfig `paths`; jest does not apply them, so both load
 * here side by side). Every case makes the same call through httpx 2.3.3 and through the stub, against a loopback
 * server, and compares what pop-core can observe: the answer, its body (as text for ROA, as a Buffer for RPC), the
 * request the server received, and the errors, whose names and messages the client classifies.
 */
type Options = Record<string, unknown>
type Response = http.IncomingMessage & { req: http.ClientRequest }
interface Httpx {
  request(url: string, opts?: Options): Promise<Response>
  read(response: Response, encoding?: BufferEncoding): Promise<string | Buffer>
}
const load = createRequire(import.meta.url)
const stubPath = fileURLToPath(new URL('../src/stubs/httpx.cjs', import.meta.url))
const real = load('httpx') as Httpx
const stub = load(stubPath) as Httpx
/** The original first: each test compares the stub's answer with the one httpx gave. */
const libraries = [real, stub] as const

const JSON_BODY = JSON.stringify({ RequestId: '91F93257-7A4A-4BD3-9A7E-2F1EAEF0A3FF', Data: { IngressId: 87, Name: 'ä 😀' } })
const LARGE_BODY = 'x'.repeat(1 << 20)

interface Seen {
  method: string | undefined
  url: string | undefined
  rawHeaders: string[]
  body: string
}
let seen: Seen[] = []
let port = 0

/** What each path answers; a path the test does not answer is left hanging. */
const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
  '/json': (_req, res) => {
    res.writeHead(200, 'OK', { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': 'fixed' })
    res.end(JSON_BODY)
  },
  '/error': (_req, res) => {
    res.writeHead(404, 'Not Found', { 'content-type': 'application/json' })
    res.end('{"Code":"InvalidIngress.NotFound","Message":"gone"}')
  },
  '/empty': (_req, res) => {
    res.writeHead(204)
    res.end()
  },
  '/gzip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    res.end(zlib.gzipSync(JSON_BODY))
  },
  '/deflate': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' })
    res.end(zlib.deflateSync(JSON_BODY))
  },
  '/brotli': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'br' })
    res.end(zlib.brotliCompressSync(JSON_BODY))
  },
  '/negotiate': (req, res) => {
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')
    res.writeHead(200, gzip ? { 'content-encoding': 'gzip' } : {})
    res.end(gzip ? zlib.gzipSync(JSON_BODY) : JSON_BODY)
  },
  '/large': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    for (let i = 0; i < LARGE_BODY.length; i += 64 * 1024) res.write(LARGE_BODY.slice(i, i + 64 * 1024))
    res.end()
  },
  '/chunked': (_req, res) => {
    res.write('{"a":')
    res.end('1}')
  },
  '/stall': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
    res.write('{"partial":')
  },
  '/drop': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
    res.write('{"partial":', () => setImmediate(() => req.socket.destroy()))
  },
  '/corrupt-gzip': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip' })
    res.end('this is not gzip')
  },
  '/mislabelled-gzip': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip' })
    res.end(zlib.deflateSync(JSON_BODY))
  }
}

const server = http.createServer((req, res) => {
  res.sendDate = false
  const chunks: Buffer[] = []
  req.on('data', chunk => chunks.push(chunk))
  req.on('end', () => {
    seen.push({ method: req.method, url: req.url, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('utf8') })
    routes[new URL(req.url ?? '/', 'http://x').pathname]?.(req, res)
  })
})
const agents: http.Agent[] = []
/** A keep-alive agent per call, as pop-core holds one per client. */
function agent(): http.Agent {
  const made = new http.Agent({ keepAlive: true })
  agents.push(made)
  return made
}
const url = (path: string) => `http://127.0.0.1:${port}${path}`

beforeAll(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
beforeEach(() => void (seen = []))
afterEach(() => {
  for (const made of agents.splice(0)) made.destroy()
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

/** Everything pop-core can observe of one call, read as text (ROA) or as a Buffer (RPC). */
async function observe(httpx: Httpx, path: string, opts: Options, encoding: BufferEncoding | undefined) {
  const response = await httpx.request(url(path), opts)
  const body = await httpx.read(response, encoding)
  expect(seen).toHaveLength(1)
  return {
    statusCode: response.statusCode,
    statusMessage: response.statusMessage,
    httpVersion: response.httpVersion,
    headers: response.headers,
    rawHeaders: response.rawHeaders,
    requestHeaders: response.req.getHeaders(),
    body: typeof body === 'string' ? { text: body } : { buffer: body.toString('base64') },
    server: seen.pop()
  }
}

/** An error as the client sees it, with the (random) port made fixed. (Node's own errors come from outside jest's realm.) */
function described(err: unknown) {
  const { name, code, message } = err as { name?: unknown; code?: unknown; message?: unknown }
  return { name, code, message: String(message).replaceAll(String(port), 'PORT'), isError: types.isNativeError(err) }
}
async function rejection(promise: Promise<unknown>) {
  return promise.then(
    value => {
      throw new Error(`expected a rejection, got ${String(value)}`)
    },
    (err: unknown) => described(err)
  )
}

type Case = [string, string, () => Options]
const cases: Case[] = [
  ['a GET with a query, as the RPC client sends it', '/json?Action=DescribeIngress&IngressId=87&Signature=a%2Bb%3D', () => ({ method: 'GET', agent: agent(), timeout: 2000 })],
  [
    'a POST with a Buffer body and ROA headers',
    '/json?IngressId=87',
    () => {
      const data = Buffer.from('{"Description":"ä"}', 'utf8')
      return {
        method: 'POST',
        agent: agent(),
        timeout: 2000,
        data,
        headers: { 'content-type': 'application/json', 'content-length': data.length, 'content-md5': 'fixed==', 'x-acs-version': '2019-05-06', authorization: 'acs id:sig' }
      }
    }
  ],
  ['a lower-case method and a string body', '/json', () => ({ method: 'put', agent: agent(), timeout: 2000, data: 'Action=UpdateIngress&IngressId=87', headers: { 'content-type': 'application/x-www-form-urlencoded' } })],
  ['a stream body', '/json', () => ({ method: 'POST', agent: agent(), timeout: 2000, data: Readable.from([Buffer.from('streamed '), Buffer.from('body')]) })],
  ['no options at all (the default agent and timeout)', '/json', () => ({})],
  ['readTimeout and connectTimeout instead of timeout', '/json', () => ({ agent: agent(), readTimeout: 2000, connectTimeout: 1000 })],
  ['a 404 answer with a JSON body', '/error', () => ({ agent: agent(), timeout: 2000 })],
  ['a 204 answer with no body', '/empty', () => ({ method: 'DELETE', agent: agent(), timeout: 2000 })],
  ['a gzip-encoded answer, decoded', '/gzip', () => ({ agent: agent(), timeout: 2000 })],
  ['a deflate-encoded answer, decoded', '/deflate', () => ({ agent: agent(), timeout: 2000 })],
  ['a brotli-encoded answer, left as it came', '/brotli', () => ({ agent: agent(), timeout: 2000 })],
  ['a chunked answer', '/chunked', () => ({ agent: agent(), timeout: 2000 })],
  ['a 1 MiB answer in many chunks', '/large', () => ({ agent: agent(), timeout: 5000 })],
  ['compression: true asks for gzip,deflate and decodes the gzip answer', '/negotiate', () => ({ agent: agent(), timeout: 2000, compression: true, headers: { accept: 'application/json' } })],
  ['no compression option gets the plain answer', '/negotiate', () => ({ agent: agent(), timeout: 2000 })]
]

describe('the httpx stub answers as httpx 2.3.3 does', () => {
  describe.each([
    ['as utf8 text (ROA)', 'utf8'],
    ['as a Buffer (RPC)', undefined]
  ] as const)('read %s', (_how, encoding) => {
    test.each(cases)('%s', async (_name, path, options) => {
      const expected = await observe(real, path, options(), encoding)
      expect(await observe(stub, path, options(), encoding)).toEqual(expected)
    })
  })

  test('compression: true adds accept-encoding to the caller’s headers object alike', async () => {
    const headersAfter = []
    for (const httpx of libraries) {
      const headers = { accept: 'application/json' }
      await httpx.read(await httpx.request(url('/negotiate'), { agent: agent(), timeout: 2000, compression: true, headers }), 'utf8')
      headersAfter.push(headers)
    }
    expect(headersAfter[0]).toEqual({ accept: 'application/json', 'accept-encoding': 'gzip,deflate' })
    expect(headersAfter[1]).toEqual(headersAfter[0])
  })

  test.each([
    ['a timeout', { timeout: 1234 }, 1234],
    ['no timeout (httpx’s default of 3000 ms)', {}, 3000]
  ])('a beforeRequest hook gets the same options, with %s, and what it returns is what is sent', async (_name, timeout, expectedTimeout) => {
    const observed = []
    for (const httpx of libraries) {
      const shared = agent()
      let given: Options = {}
      const beforeRequest = (options: Options) => {
        given = { ...options, agent: options.agent === shared ? 'the caller’s agent' : options.agent }
        return { ...options, path: '/json?hooked=1', headers: { ...(options.headers as Options), 'x-hooked': 'yes' } }
      }
      const opts = { method: 'POST', agent: shared, ...timeout, data: 'a=1', headers: { 'x-one': '1' }, compression: true, beforeRequest }
      const text = await httpx.read(await httpx.request(url('/gzip?unhooked=1'), opts), 'utf8')
      observed.push({ given, text, server: seen.pop() })
    }
    expect(observed[0]?.server).toMatchObject({ method: 'POST', url: '/json?hooked=1', body: 'a=1' })
    expect(observed[0]?.server?.rawHeaders).toEqual(expect.arrayContaining(['x-hooked', 'yes', 'accept-encoding', 'gzip,deflate']))
    expect(observed[0]?.given).toMatchObject({ host: '127.0.0.1', path: '/gzip?unhooked=1', method: 'POST', port: String(port), timeout: expectedTimeout })
    expect(observed[1]).toEqual(observed[0])
  })
})

describe('the httpx stub fails as httpx 2.3.3 does', () => {
  test('a server that never answers: RequestTimeoutError "ReadTimeout(100). GET … failed." from both', async () => {
    const errors = []
    for (const httpx of libraries) errors.push(await rejection(httpx.request(url('/hang?a=1'), { agent: agent(), timeout: 100 })))
    expect(errors[0]).toEqual({ name: 'RequestTimeoutError', code: undefined, message: 'ReadTimeout(100). GET http://127.0.0.1:PORT/hang?a=1 failed.', isError: true })
    expect(errors[1]).toEqual(errors[0])
  })

  test('a socket idle past connectTimeout: RequestTimeoutError "ConnectTimeout: Connect … failed." from both', async () => {
    const errors = []
    for (const httpx of libraries) errors.push(await rejection(httpx.request(url('/hang'), { agent: agent(), connectTimeout: 50, readTimeout: 5000 })))
    expect(errors[0]).toEqual({ name: 'RequestTimeoutError', code: undefined, message: 'ConnectTimeout: Connect http://127.0.0.1:PORT/hang failed.', isError: true })
    expect(errors[1]).toEqual(errors[0])
  })

  test('a body that stalls after the headers: read rejects with RequestTimeoutError "ReadTimeout: 100. GET /stall failed." from both', async () => {
    const errors = []
    for (const httpx of libraries) {
      const response = await httpx.request(url('/stall'), { agent: agent(), timeout: 100 })
      expect(response.statusCode).toBe(200)
      errors.push(await rejection(httpx.read(response, 'utf8')))
      response.destroy()
    }
    expect(errors[0]).toEqual({ name: 'RequestTimeoutError', code: undefined, message: 'ReadTimeout: 100. GET /stall failed.', isError: true })
    expect(errors[1]).toEqual(errors[0])
  })

  test('a connection dropped mid-body: read rejects with the same error from both', async () => {
    const errors = []
    for (const httpx of libraries) errors.push(await rejection(httpx.request(url('/drop'), { agent: agent(), timeout: 2000 }).then(response => httpx.read(response))))
    expect(errors[0]).toMatchObject({ code: 'ECONNRESET', isError: true })
    expect(errors[1]).toEqual(errors[0])
  })

  test.each([
    ['not compressed at all', '/corrupt-gzip'],
    ['deflate-compressed', '/mislabelled-gzip']
  ])('a gzip answer that is %s: read rejects with the same zlib error from both', async (_name, path) => {
    const errors = []
    for (const httpx of libraries) errors.push(await rejection(httpx.request(url(path), { agent: agent(), timeout: 2000 }).then(response => httpx.read(response, 'utf8'))))
    expect(errors[0]).toMatchObject({ code: 'Z_DATA_ERROR', isError: true })
    expect(errors[1]).toEqual(errors[0])
  })

  test.each([
    ['GET', {}],
    ['POST', { method: 'post' }]
  ])('a closed port: ECONNREFUSED, the message ending "%s http://127.0.0.1:PORT/… failed.", from both', async (method, options) => {
    const closed = http.createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise(resolve => closed.close(resolve))
    const errors = []
    for (const httpx of libraries) {
      const err = await rejection(httpx.request(`http://127.0.0.1:${closedPort}/json?x=1`, { agent: agent(), timeout: 2000, ...options }))
      errors.push({ ...err, message: err.message.replaceAll(String(closedPort), 'PORT') })
    }
    expect(errors[0]).toMatchObject({ name: 'Error', code: 'ECONNREFUSED', isError: true })
    expect(errors[0]?.message.endsWith(`${method} http://127.0.0.1:PORT/json?x=1 failed.`)).toBe(true)
    expect(errors[1]).toEqual(errors[0])
  })
})

describe('what the stub loads', () => {
  /** One call in a fresh process, its server in the same script; which of https, zlib and tls got loaded. */
  function loadedBy(modulePath: string, encoding: 'gzip' | undefined): { text: string; loaded: string[] } {
    const body = encoding === 'gzip' ? zlib.gzipSync(JSON_BODY) : Buffer.from(JSON_BODY)
    const script = `
      const http = require('http')
      const httpx = require(${JSON.stringify(modulePath)})
      const encoding = ${JSON.stringify(encoding ?? null)}
      const body = Buffer.from(${JSON.stringify(body.toString('base64'))}, 'base64')
      const server = http.createServer((req, res) => {
        res.writeHead(200, encoding ? { 'content-encoding': encoding } : {})
        res.end(body)
      })
      server.listen(0, '127.0.0.1', async () => {
        const response = await httpx.request('http://127.0.0.1:' + server.address().port + '/', { timeout: 2000 })
        const text = await httpx.read(response, 'utf8')
        server.closeAllConnections()
        server.close()
        const loaded = process.moduleLoadList.filter(m => /NativeModule (https|zlib|tls)$/.test(m))
        process.stdout.write(JSON.stringify({ text, loaded }))
      })`
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, NODE_OPTIONS: '' } })
    expect(child.stderr).toBe('')
    expect(child.status).toBe(0)
    return JSON.parse(child.stdout) as { text: string; loaded: string[] }
  }

  test('a plain-http, uncompressed call loads none of https, zlib and tls', () => {
    expect(loadedBy(stubPath, undefined)).toEqual({ text: JSON_BODY, loaded: [] })
  })

  test('a gzip-encoded answer loads zlib, and still not https or tls', () => {
    expect(loadedBy(stubPath, 'gzip')).toEqual({ text: JSON_BODY, loaded: ['NativeModule zlib'] })
  })

  test('whereas httpx itself loads all three for the same plain call', () => {
    expect(loadedBy(load.resolve('httpx'), undefined).loaded.sort()).toEqual(['NativeModule https', 'NativeModule tls', 'NativeModule zlib'])
  })
})
