import {
  X_FORWARDED_FLAGS,
  type BackendProtocol,
  type CorsConfig,
  type DefaultRule,
  type IngressFile,
  type IngressRule,
  type UpdateRequest
} from './types.js'

/**
 * The file ↔ UpdateIngress parameters. Only parameters present in the file are sent, so a key
 * left out keeps its current value on the service. Objects go as JSON strings with a fixed key
 * order, so the same file always produces the same request.
 */

const CORS_KEYS = ['Enable', 'AllowOrigin', 'AllowMethods', 'AllowHeaders', 'ExposeHeaders', 'AllowCredentials', 'MaxAge'] as const

function ruleJson(rule: IngressRule): Record<string, unknown> {
  return withoutUndefined({
    appId: rule.appId,
    containerPort: rule.containerPort,
    domain: rule.domain,
    path: rule.path,
    backendProtocol: rule.backendProtocol,
    rewritePath: rule.rewritePath,
    appName: rule.appName
  })
}

function defaultRuleJson(rule: DefaultRule): Record<string, unknown> {
  return withoutUndefined({
    appId: rule.appId,
    containerPort: rule.containerPort,
    backendProtocol: rule.backendProtocol,
    appName: rule.appName
  })
}

function withoutUndefined<T extends Record<string, unknown>>(object: T): T {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key]
  return object
}

/** The API documents every CORS value as a string: `{"Enable":"true","MaxAge":"600"}`. */
function corsJson(cors: CorsConfig): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of CORS_KEYS) if (cors[key] !== undefined) out[key] = String(cors[key])
  return out
}

export function toUpdateRequest(ingress: IngressFile, ingressId: number): UpdateRequest {
  const query: Record<string, string> = { IngressId: String(ingressId) }
  const put = (name: string, value: string | number | boolean | undefined): void => {
    if (value !== undefined) query[name] = String(value)
  }
  put('Description', ingress.Description)
  put('ListenerPort', ingress.ListenerPort)
  put('ListenerProtocol', ingress.ListenerProtocol)
  put('CertId', ingress.CertId)
  put('CertIds', Array.isArray(ingress.CertIds) ? ingress.CertIds.join(',') : ingress.CertIds)
  if (ingress.DefaultRule) put('DefaultRule', JSON.stringify(defaultRuleJson(ingress.DefaultRule)))
  put('RequestTimeout', ingress.RequestTimeout)
  put('IdleTimeout', ingress.IdleTimeout)
  put('SecurityPolicyId', ingress.SecurityPolicyId)
  if (ingress.CorsConfig) put('CorsConfig', JSON.stringify(corsJson(ingress.CorsConfig)))
  put('EnableGzip', ingress.EnableGzip)
  for (const flag of X_FORWARDED_FLAGS) put(flag, ingress[flag])
  const request: UpdateRequest = { query }
  if (ingress.Rules) request.rules = JSON.stringify(ingress.Rules.map(ruleJson))
  return request
}

function fromCors(cors: Record<string, unknown>): CorsConfig {
  const out: CorsConfig = {}
  for (const key of CORS_KEYS) {
    const value = cors[key]
    if (value === undefined) continue
    if (key === 'Enable') out.Enable = value === true || value === 'true'
    else if (key === 'MaxAge') out.MaxAge = Number(value)
    else if (key === 'AllowCredentials') out.AllowCredentials = value as 'on' | 'off'
    else out[key] = String(value)
  }
  return out
}

function fromRule(rule: Record<string, unknown>): IngressRule {
  return withoutUndefined({
    appId: String(rule.appId),
    containerPort: Number(rule.containerPort),
    domain: String(rule.domain),
    path: String(rule.path),
    backendProtocol: rule.backendProtocol as BackendProtocol | undefined,
    rewritePath: rule.rewritePath as string | undefined,
    appName: rule.appName as string | undefined
  })
}

function fromDefaultRule(rule: Record<string, unknown>): DefaultRule {
  return withoutUndefined({
    appId: String(rule.appId),
    containerPort: Number(rule.containerPort),
    backendProtocol: rule.backendProtocol as BackendProtocol | undefined,
    appName: rule.appName as string | undefined
  })
}

/**
 * The inverse of toUpdateRequest, in canonical form: ListenerPort and CorsConfig.MaxAge as
 * numbers, CertIds as an array, CorsConfig.Enable as a boolean. Throws on malformed JSON values.
 */
export function fromUpdateRequest(request: UpdateRequest): IngressFile {
  const q = request.query
  const file: IngressFile = {}
  const number = (name: string): number | undefined => (q[name] === undefined ? undefined : Number(q[name]))
  if (q.IngressId !== undefined) file.IngressId = Number(q.IngressId)
  if (q.Description !== undefined) file.Description = q.Description
  file.ListenerPort = number('ListenerPort')
  if (q.ListenerProtocol !== undefined) file.ListenerProtocol = q.ListenerProtocol as 'HTTP' | 'HTTPS'
  if (q.CertId !== undefined) file.CertId = q.CertId
  if (q.CertIds !== undefined) file.CertIds = q.CertIds.split(',')
  if (q.DefaultRule !== undefined) file.DefaultRule = fromDefaultRule(JSON.parse(q.DefaultRule) as Record<string, unknown>)
  if (request.rules !== undefined) file.Rules = (JSON.parse(request.rules) as Record<string, unknown>[]).map(fromRule)
  file.RequestTimeout = number('RequestTimeout')
  file.IdleTimeout = number('IdleTimeout')
  if (q.SecurityPolicyId !== undefined) file.SecurityPolicyId = q.SecurityPolicyId
  if (q.CorsConfig !== undefined) file.CorsConfig = fromCors(JSON.parse(q.CorsConfig) as Record<string, unknown>)
  if (q.EnableGzip !== undefined) file.EnableGzip = q.EnableGzip === 'true'
  for (const flag of X_FORWARDED_FLAGS) if (q[flag] !== undefined) file[flag] = q[flag] === 'true'
  return withoutUndefined(file as Record<string, unknown>) as IngressFile
}

/**
 * A file as the service will hold it, in fromUpdateRequest's canonical form: what a round trip
 * through the API parameters must give back. `$schema` and LoadBalanceType are dropped.
 */
export function canonicalIngressFile(ingress: IngressFile, ingressId: number): IngressFile {
  const { $schema: _schema, LoadBalanceType: _type, ...rest } = ingress
  const file: IngressFile = { ...rest, IngressId: ingressId }
  if (rest.ListenerPort !== undefined) file.ListenerPort = Number(rest.ListenerPort)
  if (typeof rest.CertIds === 'string') file.CertIds = rest.CertIds.split(',')
  if (rest.DefaultRule) file.DefaultRule = fromDefaultRule({ ...rest.DefaultRule })
  if (rest.Rules) file.Rules = rest.Rules.map((rule) => fromRule({ ...rule }))
  if (rest.CorsConfig) file.CorsConfig = fromCors({ ...rest.CorsConfig })
  return withoutUndefined(file as Record<string, unknown>) as IngressFile
}
