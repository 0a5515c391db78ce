// @ts-check
// Scripted misbehaviour. Faults are matched in injection order against requests that already
// passed authentication (so a fault never hides a signing bug), and each is used up after
// `times` matching requests. They cover what a real run meets: throttling, 5xx, gateway HTML,
// dropped or stalled connections, broken bodies, and writes that silently do not take.

import { errorBody, saeSuccessBody, saeSuccessFalseBody } from './api-responses.mjs'
import { sendJson } from './loopback-server.mjs'
import { clearInterval, setInterval } from 'node:timers'

/** @typedef {import('./api-responses.mjs').ResponseContext} ResponseContext */

export const FAULT_KINDS = /** @type {const} */ ([
  'throttle',
  'unavailable',
  'status',
  'html',
  'reset',
  'hang',
  'truncated',
  'badjson',
  'successFalse',
  'error',
  'dropUpdate',
  'raw',
  'redirect',
  'oversized',
  'endless'
])

/**
 * @typedef {object} Fault
 * @property {typeof FAULT_KINDS[number]} kind
 * @property {string} [action]   only requests for this action (UpdateIngress, DescribeIngress, ...)
 * @property {number} [times]    how many matching requests it affects; default 1, Infinity allowed
 * @property {number} [status]   for status / error / html
 * @property {string} [code]     for error / successFalse
 * @property {string} [message]  for error / successFalse
 * @property {number} [retryAfterMs] for throttle: sent as x-acs-retry-after
 * @property {Record<string, string>} [headers] for raw: response headers (content-type defaults to JSON)
 * @property {unknown} [body]    for raw: a string is sent as is, anything else as JSON; a function gets the
 *                               request's context ({ requestId, ... }) and returns the body. For oversized: the
 *                               JSON object to pad (default: a success body with empty Data)
 * @property {string} [location] for redirect: the Location header (default: the same URL, so a client that
 *                               followed it would get a real answer)
 * @property {number} [bytes]    for oversized: at least this many bytes of valid JSON (default 6 MiB)
 * @property {boolean} [chunked] for oversized: no content-length (the size is known only by reading)
 * @property {number} [chunkBytes] for endless: bytes per write (default 64 KiB)
 * @property {number} [intervalMs] for endless: pause between writes (default 1)
 * @property {number} [durationMs] for endless: when the emulator gives up and cuts the connection (default 20 s),
 *                               so a client that never stops reading cannot hang a test
 * @property {(ctx: ResponseContext) => void} [onApply] runs when the fault is applied, before anything is
 *                               answered: e.g. another writer's setIngress while this attempt fails
 */

export class FaultQueue {
  constructor() {
    /** @type {Array<Fault & { remaining: number }>} */
    this.pending = []
  }

  /** @param {Fault} fault */
  inject(fault) {
    if (!FAULT_KINDS.includes(fault.kind)) throw new Error(`unknown fault kind: ${String(fault.kind)}`)
    if ((fault.kind === 'status' || fault.kind === 'error') && typeof fault.status !== 'number') {
      throw new Error(`fault "${fault.kind}" needs a numeric status`)
    }
    if (fault.kind === 'error' && !fault.code) throw new Error('fault "error" needs a code')
    const times = fault.times ?? 1
    if (!(times >= 1)) throw new Error('fault times must be >= 1')
    // A dropped write only makes sense for the write; don't let it swallow a read.
    const action = fault.action ?? (fault.kind === 'dropUpdate' ? 'UpdateIngress' : undefined)
    this.pending.push({ ...fault, action, remaining: times })
  }

  clear() {
    this.pending = []
  }

  /**
   * Consumes and returns the first fault matching this request, if any.
   * @param {string | undefined} action
   * @returns {Fault | undefined}
   */
  take(action) {
    const index = this.pending.findIndex((fault) => fault.action === undefined || fault.action === action)
    if (index < 0) return undefined
    const fault = /** @type {Fault & { remaining: number }} */ (this.pending[index])
    fault.remaining -= 1
    if (fault.remaining <= 0) this.pending.splice(index, 1)
    return fault
  }
}

/**
 * Answers (or deliberately fails to answer) a request according to the fault. Returns false for
 * faults that only modify how the request is processed (dropUpdate).
 * @param {Fault} fault
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {ResponseContext} ctx
 * @returns {boolean} whether the response has been taken care of
 */
export function applyFault(fault, req, res, ctx) {
  fault.onApply?.(ctx)
  const requestIdHeader = { 'x-acs-request-id': ctx.requestId }
  switch (fault.kind) {
    case 'throttle': {
      /** @type {Record<string, string>} */
      const headers = { ...requestIdHeader }
      if (fault.retryAfterMs !== undefined) headers['x-acs-retry-after'] = String(fault.retryAfterMs)
      sendJson(res, 400, errorBody(ctx, 'Throttling.User', 'Request was denied due to user flow control.'), headers)
      return true
    }
    case 'unavailable':
      sendJson(res, 503, errorBody(ctx, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'), requestIdHeader)
      return true
    case 'status':
      sendJson(
        res,
        /** @type {number} */ (fault.status),
        errorBody(ctx, 'InternalError', 'The request processing has failed due to some unknown error, exception or failure.'),
        requestIdHeader
      )
      return true
    case 'error':
      sendJson(res, /** @type {number} */ (fault.status), errorBody(ctx, /** @type {string} */ (fault.code), fault.message ?? fault.code ?? ''), requestIdHeader)
      return true
    case 'successFalse': {
      const code = fault.code ?? 'InvalidParameter.WithMessage'
      sendJson(res, 200, saeSuccessFalseBody(ctx, code, fault.message ?? `The parameter is invalid {IngressId}: ${code}`), requestIdHeader)
      return true
    }
    case 'html': {
      const status = fault.status ?? 502
      const page = `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n`
      res.writeHead(status, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(page)) })
      res.end(page)
      return true
    }
    case 'badjson': {
      const text = `{"RequestId":"${ctx.requestId}","Data":{"IngressId":`
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(text)) })
      res.end(text)
      return true
    }
    case 'truncated': {
      const text = JSON.stringify(saeSuccessBody(ctx, { IngressId: 0 }))
      const partial = text.slice(0, Math.floor(text.length / 2))
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(text)) })
      // Flush what we have, then cut the connection mid-body.
      res.write(partial, () => res.destroy())
      return true
    }
    case 'reset':
      req.socket.destroy()
      return true
    case 'hang':
      // Never answer; close() of the emulator destroys the socket.
      return true
    case 'dropUpdate':
      return false
    case 'raw': {
      // Any answer at all, as a hostile or broken endpoint might give: for what the client must refuse to believe.
      const body = typeof fault.body === 'function' ? fault.body(ctx) : fault.body
      const text = typeof body === 'string' ? body : JSON.stringify(body ?? {})
      res.writeHead(fault.status ?? 200, {
        'content-type': 'application/json;charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        ...(fault.headers ?? {})
      })
      res.end(text)
      return true
    }
    case 'redirect': {
      // pop-core's Host header has no port: the socket knows where the client really came in.
      const scheme = /** @type {{ encrypted?: boolean }} */ (req.socket).encrypted ? 'https' : 'http'
      const location = fault.location ?? `${scheme}://127.0.0.1:${req.socket.localPort}${req.url ?? '/'}`
      const page = `<html><body>Moved: <a href="${location}">${location}</a></body></html>`
      res.writeHead(fault.status ?? 302, { location, 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(page)), ...requestIdHeader })
      res.end(page)
      return true
    }
    case 'oversized':
      sendOversized(fault, res, ctx)
      return true
    case 'endless':
      sendEndless(fault, res, ctx)
      return true
  }
  return false
}

const MiB = 1024 * 1024

/**
 * A well-formed success answer padded past `bytes`, streamed in 64 KiB pieces: a client that buffered it whole
 * would read a believable answer, which is exactly what it must not do.
 * @param {Fault} fault @param {import('node:http').ServerResponse} res @param {ResponseContext} ctx
 */
function sendOversized(fault, res, ctx) {
  const body = typeof fault.body === 'function' ? fault.body(ctx) : (fault.body ?? saeSuccessBody(ctx, {}))
  const bare = JSON.stringify(body)
  // {"Padding":"xxx…",<the body's own keys>}
  const head = `{"Padding":"`
  const tail = `"${bare.length > 2 ? ',' : ''}${bare.slice(1)}`
  const padding = Math.max(0, (fault.bytes ?? 6 * MiB) - head.length - Buffer.byteLength(tail))
  const total = head.length + padding + Buffer.byteLength(tail)
  res.writeHead(200, {
    'content-type': 'application/json;charset=utf-8',
    'x-acs-request-id': ctx.requestId,
    ...(fault.chunked ? {} : { 'content-length': String(total) })
  })
  const piece = 'x'.repeat(64 * 1024)
  let left = padding
  res.write(head)
  const pump = () => {
    while (left > 0) {
      const size = Math.min(left, piece.length)
      left -= size
      if (!res.write(size === piece.length ? piece : piece.slice(0, size))) {
        res.once('drain', pump)
        return
      }
    }
    res.end(tail)
  }
  res.on('close', () => (left = 0))
  pump()
}

/**
 * A success answer that never ends: the start of a JSON body, then more rules forever (until the client hangs up, or
 * `durationMs` passes and the emulator cuts the connection, so no test can hang on it).
 * @param {Fault} fault @param {import('node:http').ServerResponse} res @param {ResponseContext} ctx
 */
function sendEndless(fault, res, ctx) {
  res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': ctx.requestId })
  res.write(`{"RequestId":"${ctx.requestId}","Success":true,"Code":"200","Data":{"Id":0,"Rules":[`)
  const rule = '{"AppId":"endless","ContainerPort":80,"Domain":"endless.example.com","Path":"/"},'
  const piece = rule.repeat(Math.max(1, Math.floor((fault.chunkBytes ?? 64 * 1024) / rule.length)))
  const timer = setInterval(() => {
    if (!res.writableNeedDrain) res.write(piece)
  }, fault.intervalMs ?? 1)
  const stop = setTimeout(() => res.destroy(), fault.durationMs ?? 20_000)
  res.on('close', () => {
    clearInterval(timer)
    clearTimeout(stop)
  })
}
