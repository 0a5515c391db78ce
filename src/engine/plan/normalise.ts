import type { LiveIngress } from '../model/live.js'
import type { BackendProtocol, CorsConfig, DefaultRule, IngressFile, IngressRule } from '../ingress/types.js'
import { X_FORWARDED_FLAGS } from '../ingress/types.js'
import { asArray, asBoolean, asInteger, asNonEmptyString, asString, isRecord, read } from './coerce.js'
import { ruleKey } from './equivalence.js'
import type { RuleAction } from './types.js'

/**
 * The live ingress in the file's own shape, so that it can be planned against and also be
 * written out as `previous-config`: a file the same action can re-apply to roll back.
 *
 * Choices, each so that the result stays a file the schema accepts and a re-apply is faithful:
 * - Service-only fields (Name, SlbId, SlbType, NamespaceId, CreatedBySae, LoadBalanceType,
 *   RuleActions) are dropped: UpdateIngress does not take them. RuleActions are read apart
 *   (liveRuleActions), so that no write drops them unannounced.
 * - Derived values are dropped too: a rule's AppName is the service's name for its app, not a
 *   request parameter, so re-applying this file sends only documented fields.
 * - Blank strings count as "not set" (the service may return "" for an unset CertId).
 * - Settings outside the range the API documents (ListenerPort 1-65535, RequestTimeout 1-180,
 *   IdleTimeout 1-60) are dropped rather than clamped: clamping would invent a value, while
 *   leaving them out makes a re-apply keep whatever the service has.
 * - Rules are never dropped and their values are kept even when unusual: in upsert and remove
 *   mode they are re-sent on behalf of other teams, so fidelity beats schema tidiness.
 * - `Rules` is always present (possibly empty): the live rule set is known, and an empty one
 *   is a real state to roll back to.
 */
export function normaliseLive(live: LiveIngress): IngressFile {
  const source: unknown = live
  const file: IngressFile = {}
  const put = <K extends keyof IngressFile>(key: K, value: IngressFile[K] | undefined): void => {
    if (value !== undefined) file[key] = value
  }

  put('IngressId', asInteger(read(source, 'Id')))
  put('Description', asNonEmptyString(read(source, 'Description')))
  put('ListenerPort', inRange(asInteger(read(source, 'ListenerPort')), 1, 65535))
  put('ListenerProtocol', listenerProtocol(read(source, 'ListenerProtocol')))
  put('CertId', asNonEmptyString(read(source, 'CertId')))
  put('CertIds', asNonEmptyString(read(source, 'CertIds')))
  put('DefaultRule', defaultRule(read(source, 'DefaultRule')))
  put('Rules', asArray(read(source, 'Rules')).filter(isRecord).map(rule))
  put('RequestTimeout', inRange(asInteger(read(source, 'RequestTimeout')), 1, 180))
  put('IdleTimeout', inRange(asInteger(read(source, 'IdleTimeout')), 1, 60))
  put('SecurityPolicyId', asNonEmptyString(read(source, 'SecurityPolicyId')))
  put('CorsConfig', corsConfig(read(source, 'CorsConfig')))
  put('EnableGzip', asBoolean(read(source, 'EnableGzip')))
  for (const flag of X_FORWARDED_FLAGS) put(flag, asBoolean(read(source, flag)))
  return file
}

function inRange(value: number | undefined, min: number, max: number): number | undefined {
  return value !== undefined && value >= min && value <= max ? value : undefined
}

function listenerProtocol(value: unknown): IngressFile['ListenerProtocol'] {
  const upper = asNonEmptyString(value)?.trim().toUpperCase()
  return upper === 'HTTP' || upper === 'HTTPS' ? upper : undefined
}

/** Lower-cased, since the request side spells it `http`; an unknown value is kept for fidelity. */
function backendProtocol(value: unknown): BackendProtocol | undefined {
  return asNonEmptyString(value)?.trim().toLowerCase() as BackendProtocol | undefined
}

function rule(live: Record<string, unknown>): IngressRule {
  const result: IngressRule = {
    appId: asString(read(live, 'AppId')) ?? '',
    containerPort: asInteger(read(live, 'ContainerPort')) ?? 0,
    domain: asString(read(live, 'Domain')) ?? '',
    path: asString(read(live, 'Path')) ?? ''
  }
  const protocol = backendProtocol(read(live, 'BackendProtocol'))
  if (protocol !== undefined) result.backendProtocol = protocol
  const rewritePath = asNonEmptyString(read(live, 'RewritePath'))
  if (rewritePath !== undefined) result.rewritePath = rewritePath
  return result
}

/** Without an app there is no default rule to speak of (the service may return an empty object). */
function defaultRule(live: unknown): DefaultRule | undefined {
  const appId = asNonEmptyString(read(live, 'AppId'))
  const containerPort = asInteger(read(live, 'ContainerPort'))
  if (appId === undefined || containerPort === undefined) return undefined
  const result: DefaultRule = { appId, containerPort }
  const protocol = backendProtocol(read(live, 'BackendProtocol'))
  if (protocol !== undefined) result.backendProtocol = protocol
  return result
}

/**
 * The RuleActions of live rules (redirects and rewrites set up in the console), by rule key. No request model has a
 * field for them, so a rule re-sent by UpdateIngress loses them: the planner uses this to refuse such a write unless
 * dropping them is accepted. A malformed entry still counts as an action: better a refusal than a silent loss.
 */
export function liveRuleActions(live: LiveIngress): Map<string, RuleAction[]> {
  const byKey = new Map<string, RuleAction[]>()
  for (const entry of asArray(read(live, 'Rules')).filter(isRecord)) {
    const raw = read(entry, 'RuleActions')
    const actions = (isRecord(raw) ? [raw] : asArray(raw)).map(ruleAction)
    if (actions.length === 0) continue
    const key = ruleKey(rule(entry))
    byKey.set(key, [...(byKey.get(key) ?? []), ...actions])
  }
  return byKey
}

function ruleAction(entry: unknown): RuleAction {
  const type = asNonEmptyString(read(entry, 'ActionType'))?.trim() ?? 'unknown'
  const config = asNonEmptyString(read(entry, 'ActionConfig'))
  return config === undefined ? { type } : { type, config }
}

const CORS_TEXT_KEYS = ['AllowOrigin', 'AllowMethods', 'AllowHeaders', 'ExposeHeaders'] as const

/** Values stay the strings the service uses; those the file schema cannot hold are left out. */
function corsConfig(live: unknown): CorsConfig | undefined {
  if (!isRecord(live)) return undefined
  const result: CorsConfig = {}
  const enable = asBoolean(read(live, 'Enable'))
  if (enable !== undefined) result.Enable = String(enable)
  for (const key of CORS_TEXT_KEYS) {
    const text = asNonEmptyString(read(live, key))
    if (text !== undefined) result[key] = text
  }
  const credentials = asNonEmptyString(read(live, 'AllowCredentials'))?.trim().toLowerCase()
  if (credentials === 'on' || credentials === 'off') result.AllowCredentials = credentials
  const maxAge = inRange(asInteger(read(live, 'MaxAge')), -1, 172800)
  if (maxAge !== undefined) result.MaxAge = String(maxAge)
  return Object.keys(result).length > 0 ? result : undefined
}
