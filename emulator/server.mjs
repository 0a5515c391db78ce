// @ts-check
// Request pipeline of the SAE/STS emulator: read -> record -> route -> authenticate -> fault ->
// handle. Recording happens first so tests can inspect even rejected requests; faults come after
// authentication so an injected failure never masks a signing bug in the client.

import querystring from 'node:querystring'
import { ApiError, errorBody, newRequestId, newTraceId, saeSuccessBody } from './api-responses.mjs'
import { applyFault } from './faults.mjs'
import { flattenHeaders, readBody, sendJson } from './loopback-server.mjs'
import { SAE_API_VERSION, findSaeRoute } from './sae-actions.mjs'
import { authenticateRpc } from './rpc-signature.mjs'
import { authenticateRoa } from './signature.mjs'
import { handleStsRequest } from './sts.mjs'

/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query    decoded query parameters
 * @property {Record<string, string>} params   query and form body merged (what the API saw)
 * @property {Record<string, string>} headers  lower-cased names
 * @property {string} body
 * @property {string | undefined} action       UpdateIngress, DescribeIngress, ListIngresses, AssumeRoleWithOIDC, AssumeRole, ...
 * @property {number | undefined} status       undefined while unanswered or when the socket was cut
 * @property {string | undefined} fault        kind of the fault applied to it, if any
 * @property {number} time                     emulator clock when it arrived
 */

/**
 * @typedef {object} EmulatorState
 * @property {import('./ingress-store.mjs').IngressStore} store
 * @property {import('./signature.mjs').CredentialStore} credentials
 * @property {import('./signature.mjs').NonceStore} nonces
 * @property {import('./faults.mjs').FaultQueue} faults
 * @property {import('./ingress-update.mjs').UpdateRules} updateRules
 * @property {import('./sts.mjs').StsOptions} sts
 * @property {RecordedRequest[]} requests
 * @property {() => number} now
 * @property {string} region
 */

/**
 * @param {EmulatorState} state
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function createEmulatorHandler(state) {
  return async (req, res) => {
    const body = await readBody(req)
    const method = req.method ?? 'GET'
    // Split by hand: `new URL()` would read a `//pop/...` path (endpoint with a trailing slash)
    // as a host name, and the point is to see exactly what the client sent.
    const target = req.url ?? '/'
    const queryStart = target.indexOf('?')
    const path = queryStart < 0 ? target : target.slice(0, queryStart)
    const query = decodeParams(queryStart < 0 ? '' : target.slice(queryStart + 1))
    const headers = flattenHeaders(req.headers)
    const form = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? decodeParams(body) : {}
    const params = { ...query, ...form }

    const isSts = path === '/' && (method === 'POST' || method === 'GET')
    const route = isSts ? undefined : findSaeRoute(method, path)
    /** @type {RecordedRequest} */
    const record = {
      method,
      path,
      query,
      params,
      headers,
      body,
      action: isSts ? params['Action'] : route?.action,
      status: undefined,
      fault: undefined,
      time: state.now()
    }
    state.requests.push(record)
    res.on('close', () => {
      if (res.headersSent) record.status = res.statusCode
    })

    /** @type {import('./api-responses.mjs').ResponseContext} */
    const ctx = { api: isSts ? 'sts' : 'sae', requestId: newRequestId(), traceId: newTraceId(), region: state.region }
    const idHeader = { 'x-acs-request-id': ctx.requestId }
    try {
      if (!isSts && !route) {
        throw new ApiError(404, 'InvalidApi.NotFound', 'Specified api is not found, please check your url and method.')
      }
      if (!isSts) {
        authenticateRoa(
          { method, path, query, headers, body },
          { credentials: state.credentials, nonces: state.nonces, now: state.now(), apiVersion: SAE_API_VERSION }
        )
      }
      // AssumeRoleWithOIDC is anonymous; AssumeRole is signed with an AccessKey (RPC signature v1).
      const caller = isSts && params['Action'] === 'AssumeRole'
        ? authenticateRpc({ method, params }, { credentials: state.credentials, nonces: state.nonces, now: state.now() })
        : undefined
      const fault = state.faults.take(record.action)
      if (fault) {
        record.fault = fault.kind
        if (applyFault(fault, req, res, ctx)) return
      }
      if (isSts) {
        const stsCtx = { options: state.sts, credentials: state.credentials, now: state.now(), requestId: ctx.requestId, caller }
        const result = handleStsRequest(params, stsCtx)
        sendJson(res, 200, result, idHeader)
        return
      }
      const data = /** @type {NonNullable<typeof route>} */ (route).handler(params, {
        store: state.store,
        updateRules: state.updateRules,
        dropUpdate: fault?.kind === 'dropUpdate'
      })
      sendJson(res, 200, saeSuccessBody(ctx, data), idHeader)
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      sendJson(res, err.status, errorBody(ctx, err.code, err.message), idHeader)
    }
  }
}

/**
 * Decodes `a=1&b=x%20y` the way pop-core's querystring.stringify encoded it. A repeated key is
 * joined with "," because that is what pop-core would have signed for an array value.
 * @param {string} text
 * @returns {Record<string, string>}
 */
function decodeParams(text) {
  /** @type {Record<string, string>} */
  const out = {}
  for (const [key, value] of Object.entries(querystring.parse(text, '&', '=', { maxKeys: 0 }))) {
    if (key === '__proto__') continue
    out[key] = Array.isArray(value) ? value.join(',') : String(value ?? '')
  }
  return out
}
