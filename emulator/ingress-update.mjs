// @ts-check
// UpdateIngress semantics: validate the (string-typed) request parameters the way the service
// does and compute the next LiveIngress. Only parameters that are present change anything, and
// Rules replaces the whole rule set. Request-side JSON is camelCase, stored state is PascalCase
// (reference notes 1.4 and 1.6). Unknown JSON keys are ignored, as a Jackson-backed service
// would, so a client that misspells a key sees "the change did not take" rather than an error.

import { ApiError, saeErrors } from './api-responses.mjs'
import { appNameFor } from './ingress-store.mjs'

/** @typedef {import('../src/engine/sae/types.js').LiveIngress} LiveIngress */
/** @typedef {import('../src/engine/sae/types.js').LiveRule} LiveRule */

export const MAX_RULES = 40

const BOOLEAN_PARAMS = /** @type {const} */ ([
  'EnableGzip',
  'EnableXForwardedFor',
  'EnableXForwardedForClientSrcPort',
  'EnableXForwardedForProto',
  'EnableXForwardedForSlbId',
  'EnableXForwardedForSlbPort'
])
const CORS_KEYS = ['AllowCredentials', 'AllowHeaders', 'AllowMethods', 'AllowOrigin', 'Enable', 'ExposeHeaders', 'MaxAge']
const BACKEND_PROTOCOLS = ['http', 'https', 'grpc']

/**
 * @typedef {object} UpdateRules
 * @property {Set<string> | undefined} knownCertIds
 * @property {Set<number>} occupiedPorts
 * @property {boolean} [rewriteActions] a rule written with a rewritePath also shows it as a `rewrite` RuleAction
 *   (the API reference does not say whether the service does; reference notes 9)
 */

/**
 * @param {Record<string, string>} params  query and form-body parameters, body winning
 * @param {LiveIngress} current
 * @param {UpdateRules} rules
 * @param {(appId: string) => string} [appNameOf] the service's name for an app (rules sent without appName get it)
 * @returns {LiveIngress}
 */
export function applyUpdate(params, current, rules, appNameOf = appNameFor) {
  const next = structuredClone(current)
  const has = (/** @type {string} */ name) => Object.prototype.hasOwnProperty.call(params, name)
  const get = (/** @type {string} */ name) => /** @type {string} */ (params[name])

  if (has('LoadBalanceType')) throw saeErrors.withMessage('LoadBalanceType', 'Updates are no longer supported.')

  if (has('ListenerPort')) {
    const port = parseInteger(get('ListenerPort'), 'ListenerPort')
    if (port < 1 || port > 65535) throw saeErrors.withMessage('ListenerPort', 'must be between 1 and 65535')
    if (rules.occupiedPorts.has(port) && port !== current.ListenerPort) {
      throw new ApiError(400, 'SlbListenerPort.NotAvailable', `The SLB listening port is unavailable: slbId [${current.SlbId ?? ''}], port [${port}]`)
    }
    next.ListenerPort = port
  }
  if (has('ListenerProtocol')) {
    const protocol = get('ListenerProtocol')
    if (protocol !== 'HTTP' && protocol !== 'HTTPS') throw saeErrors.obviously('ListenerProtocol')
    next.ListenerProtocol = protocol
  }
  if (has('Description')) next.Description = get('Description')
  if (has('SecurityPolicyId')) next.SecurityPolicyId = get('SecurityPolicyId')
  if (has('CertId')) {
    const certId = get('CertId')
    if (certId !== '') checkCert(certId, rules)
    next.CertId = certId
  }
  if (has('CertIds')) {
    const certIds = get('CertIds')
    for (const certId of certIds.split(',').map((id) => id.trim()).filter(Boolean)) checkCert(certId, rules)
    next.CertIds = certIds
  }
  if (has('RequestTimeout')) {
    const seconds = parseInteger(get('RequestTimeout'), 'RequestTimeout')
    if (seconds < 1 || seconds > 180) throw saeErrors.withMessage('RequestTimeout', 'must be between 1 and 180')
    next.RequestTimeout = seconds
  }
  if (has('IdleTimeout')) {
    const seconds = parseInteger(get('IdleTimeout'), 'IdleTimeout')
    if (seconds < 0 || seconds > 60) throw saeErrors.withMessage('IdleTimeout', 'must be between 0 and 60')
    // "0 indicates that the default idle timeout is used" (API doc): the default is what reads back.
    next.IdleTimeout = seconds === 0 ? 15 : seconds
  }
  for (const name of BOOLEAN_PARAMS) {
    if (!has(name)) continue
    const value = get(name)
    if (value !== 'true' && value !== 'false') throw saeErrors.obviously(name)
    next[name] = value === 'true'
  }
  if (has('CorsConfig')) next.CorsConfig = parseCors(get('CorsConfig'))
  if (has('DefaultRule')) {
    const raw = parseJson(get('DefaultRule'), 'DefaultRule')
    if (!isObject(raw)) throw saeErrors.obviously('DefaultRule')
    const rule = parseRule(raw, 'DefaultRule', false, appNameOf)
    next.DefaultRule = { AppId: rule.AppId, AppName: rule.AppName, BackendProtocol: rule.BackendProtocol, ContainerPort: rule.ContainerPort }
  }
  if (has('Rules')) {
    const raw = parseJson(get('Rules'), 'Rules')
    if (!Array.isArray(raw)) throw saeErrors.obviously('Rules')
    if (raw.length > MAX_RULES) {
      throw new ApiError(400, 'Exceed.IngressRule', `The number of Ingress related rules must be less than or equal to ${MAX_RULES}.`)
    }
    next.Rules = raw.map((item) => {
      if (!isObject(item)) throw saeErrors.obviously('Rules')
      // A rule is stored as sent: whatever it had before (a rewrite, RuleActions) and the request lacks is gone.
      const rule = parseRule(item, 'Rules', true, appNameOf)
      if (rules.rewriteActions && rule.RewritePath !== undefined) rule.RuleActions = [rewriteAction(rule.RewritePath)]
      return rule
    })
  }

  if (next.ListenerProtocol === 'HTTPS' && !next.CertId && !next.CertIds) {
    throw new ApiError(400, 'SlbHttpsCert.NotFound', 'You must configure the certificate before you configure HTTPS listening for the SLB instance.')
  }
  return next
}

/**
 * The RuleAction a rewritePath shows as, when the service shows it as one: the path rewritten, host and query kept.
 * @param {string} rewritePath
 */
export function rewriteAction(rewritePath) {
  return { ActionType: 'rewrite', ActionConfig: JSON.stringify({ host: '${host}', path: rewritePath, query: '${query}' }) }
}

/** @param {string} certId @param {UpdateRules} rules */
function checkCert(certId, rules) {
  if (rules.knownCertIds && !rules.knownCertIds.has(certId)) {
    throw new ApiError(400, 'SSLCert.NotFound', 'The specified SSL certificate cannot be found.')
  }
}

/** @param {string} value @param {string} name */
function parseInteger(value, name) {
  if (!/^-?\d+$/.test(value)) throw saeErrors.obviously(name)
  return Number(value)
}

/** @param {string} text @param {string} name @returns {unknown} */
function parseJson(text, name) {
  try {
    return JSON.parse(text)
  } catch {
    throw saeErrors.obviously(name)
  }
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * @param {Record<string, unknown>} raw
 * @param {string} param
 * @param {boolean} routed  Rules entries route by domain/path; the default rule does not
 * @param {(appId: string) => string} appNameOf
 * @returns {LiveRule}
 */
function parseRule(raw, param, routed, appNameOf) {
  const { appId, appName, containerPort, domain, path, backendProtocol, rewritePath } = raw
  if (typeof appId !== 'string' || appId === '') throw saeErrors.withMessage(param, 'appId is required')
  const port = typeof containerPort === 'string' && /^\d+$/.test(containerPort) ? Number(containerPort) : containerPort
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw saeErrors.withMessage(param, 'containerPort must be an integer between 1 and 65535')
  }
  const protocol = backendProtocol ?? 'http'
  if (typeof protocol !== 'string' || !BACKEND_PROTOCOLS.includes(protocol)) {
    throw saeErrors.withMessage(param, 'backendProtocol must be one of http, https, grpc')
  }
  /** @type {LiveRule} */
  const rule = {
    AppId: appId,
    AppName: typeof appName === 'string' && appName !== '' ? appName : appNameOf(appId),
    BackendProtocol: protocol,
    ContainerPort: port,
    Domain: '',
    Path: ''
  }
  if (routed) {
    if (typeof domain !== 'string' || domain === '') throw saeErrors.withMessage(param, 'domain is required')
    if (typeof path !== 'string' || !path.startsWith('/')) throw saeErrors.withMessage(param, 'path must start with /')
    rule.Domain = domain
    rule.Path = path
    if (rewritePath !== undefined) {
      if (typeof rewritePath !== 'string') throw saeErrors.withMessage(param, 'rewritePath must be a string')
      rule.RewritePath = rewritePath
    }
  }
  return rule
}

/** @param {string} text @returns {NonNullable<LiveIngress['CorsConfig']>} */
function parseCors(text) {
  const raw = parseJson(text, 'CorsConfig')
  if (!isObject(raw)) throw saeErrors.obviously('CorsConfig')
  /** @type {Record<string, string>} */
  const cors = {}
  for (const [key, value] of Object.entries(raw)) {
    // Accept {"enable":..} as well as {"Enable":..}; both spellings circulate in examples.
    const name = CORS_KEYS.find((k) => k.toLowerCase() === key.toLowerCase())
    if (!name) continue
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw saeErrors.withMessage('CorsConfig', `${name} must be a string`)
    }
    cors[name] = String(value)
  }
  if (cors.MaxAge !== undefined) {
    const maxAge = Number(cors.MaxAge)
    if (!Number.isInteger(maxAge) || maxAge < -1 || maxAge > 172800) {
      throw saeErrors.withMessage('CorsConfig', 'MaxAge must be between -1 and 172800')
    }
  }
  return cors
}
