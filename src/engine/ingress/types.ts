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
