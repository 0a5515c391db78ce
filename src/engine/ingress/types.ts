/**
 * The ingress file: top-level keys are exactly the UpdateIngress parameter names,
 * with native JSON values where the API wants strings-of-JSON.
 */
export type BackendProtocol = 'http' | 'https' | 'grpc'

export interface IngressRule {
  appId: string
  containerPort: number
  domain: string
  path: string
  backendProtocol?: BackendProtocol
  rewritePath?: string
  appName?: string
}

export interface DefaultRule {
  appId: string
  containerPort: number
  backendProtocol?: BackendProtocol
  appName?: string
}

/** Keys as the API spells them (PascalCase); the service returns every value as a string. */
export interface CorsConfig {
  Enable?: boolean | string
  AllowOrigin?: string
  AllowMethods?: string
  AllowHeaders?: string
  ExposeHeaders?: string
  AllowCredentials?: 'on' | 'off'
  MaxAge?: number | string
}

export const X_FORWARDED_FLAGS = [
  'EnableXForwardedFor',
  'EnableXForwardedForClientSrcPort',
  'EnableXForwardedForProto',
  'EnableXForwardedForSlbId',
  'EnableXForwardedForSlbPort'
] as const
export type XForwardedFlag = (typeof X_FORWARDED_FLAGS)[number]

/**
 * How the file's `Rules` relate to the live rule set. UpdateIngress replaces the whole set, so
 * `upsert` and `remove` exist for workflows that own only some rules of a shared ingress.
 */
export const RULES_MODES = ['replace', 'upsert', 'remove'] as const
export type RulesMode = (typeof RULES_MODES)[number]

/**
 * What a file is for: a rules mode, or `prune`, whose rules are templates (a preview rule with `${PR_NUMBER}` left
 * unset) that find the live rules of pull requests; those of closed ones are then removed (a `remove`).
 */
export const FILE_MODES = [...RULES_MODES, 'prune'] as const
export type FileMode = (typeof FILE_MODES)[number]

/**
 * Every top-level file key that is compared and sent. Not here: `$schema` (editor hint),
 * `IngressId` (addresses the ingress, always sent), `Rules` (planned per mode) and
 * `LoadBalanceType` (the service no longer accepts updates to it; the loader warns about it).
 */
export const SETTING_NAMES = [
  'Description',
  'ListenerPort',
  'ListenerProtocol',
  'CertId',
  'CertIds',
  'DefaultRule',
  'RequestTimeout',
  'IdleTimeout',
  'SecurityPolicyId',
  'CorsConfig',
  'EnableGzip',
  ...X_FORWARDED_FLAGS
] as const
export type SettingName = (typeof SETTING_NAMES)[number]

export interface IngressFile extends Partial<Record<XForwardedFlag, boolean>> {
  $schema?: string
  /** Required unless the `ingress-id` input is given. */
  IngressId?: number
  Description?: string
  ListenerPort?: number | string
  ListenerProtocol?: 'HTTP' | 'HTTPS'
  CertId?: string
  /** Comma-separated string or array of `<certId>-<regionId>`. */
  CertIds?: string | string[]
  DefaultRule?: DefaultRule
  Rules?: IngressRule[]
  RequestTimeout?: number
  IdleTimeout?: number
  SecurityPolicyId?: string
  CorsConfig?: CorsConfig
  EnableGzip?: boolean
  /** Deprecated for updates: accepted, warned about, never sent. */
  LoadBalanceType?: string
}

/** A problem with the ingress file, located at the offending value (1-based line and column). */
export interface Problem {
  message: string
  /** JSON Pointer of the offending value ('' for the whole document). */
  pointer: string
  line: number
  column: number
}

/** What UpdateIngress receives: every parameter in the query except Rules, which travels in a form body. */
export interface UpdateRequest {
  query: Record<string, string>
  /** JSON string of the rules, sent as `Rules=<json>` in an application/x-www-form-urlencoded body. */
  rules?: string
}
