// @ts-check
// Scripted misbehaviour. Faults are matched in injection order against requests that already
// passed authentication (so a fault never hides a signing bug), and each is used up after
// `times` matching requests. They cover what a real run meets: throttling, 5xx, gateway HTML,
// dropped or stalled connections, broken bodies, and writes that silently do not take.

import { errorBody, saeSuccessBody, saeSuccessFalseBody } from './api-responses.mjs'
import { sendJson } from './loopback-server.mjs'

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
  'raw'
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
 *                               request's context ({ requestId, ... }) and returns the body
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
  }
  return false
}
