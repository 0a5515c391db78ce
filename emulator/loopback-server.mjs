// @ts-check
// Shared plumbing for the three loopback fakes (SAE/STS emulator, OIDC token service, GitHub API).
// Every fake must bind to 127.0.0.1 only and must shut down promptly even when a client holds a
// keep-alive socket (pop-core and @actions/http-client both use keep-alive agents) or when a
// fault left a request deliberately unanswered; otherwise jest never exits.

import http from 'node:http'
import https from 'node:https'

/**
 * @typedef {object} LoopbackServer
 * @property {http.Server} server
 * @property {number} port
 * @property {string} url  base URL without trailing slash, e.g. http://127.0.0.1:41234
 * @property {() => Promise<void>} close
 */

/**
 * @param {(req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>} handler
 * @param {number} [port]
 * @param {{ tls?: { keyPem: string, certPem: string } }} [options] serve https with this key and certificate (see tls.mjs)
 * @returns {Promise<LoopbackServer>}
 */
export async function listenLoopback(handler, port = 0, options = {}) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set()
  /** @type {(req: http.IncomingMessage, res: http.ServerResponse) => void} */
  const listener = (req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err) => {
        // A bug in a fake must surface as a loud 500, not as a hung test.
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' })
          res.end(`emulator internal error: ${err && err.stack ? err.stack : String(err)}`)
        } else {
          res.destroy()
        }
      })
  }
  const server = options.tls
    ? https.createServer({ key: options.tls.keyPem, cert: options.tls.certPem }, listener)
    : http.createServer(listener)
  // Fault "hang" keeps a request open forever; don't let node's default timeouts answer it for us.
  server.requestTimeout = 0
  server.headersTimeout = 0
  server.keepAliveTimeout = 5000
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('loopback server has no TCP address')

  let closing = /** @type {Promise<void> | undefined} */ (undefined)
  return {
    server,
    port: address.port,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    close() {
      if (!closing) {
        closing = new Promise((resolve) => {
          server.close(() => resolve())
          for (const socket of sockets) socket.destroy()
          sockets.clear()
        })
      }
      return closing
    }
  }
}

/**
 * Reads the whole request body as UTF-8 (all three fakes only deal in small text bodies).
 * @param {http.IncomingMessage} req
 * @returns {Promise<string>}
 */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Header names are already lower-cased by node; repeated headers arrive as arrays for a few names.
 * @param {http.IncomingHttpHeaders} headers
 * @returns {Record<string, string>}
 */
export function flattenHeaders(headers) {
  /** @type {Record<string, string>} */
  const out = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers
  })
  res.end(text)
}
