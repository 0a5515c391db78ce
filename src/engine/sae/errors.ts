import { describeNetworkError, type NetworkErrorContext } from '../net/errors.js'
import type { Redactor } from '../text/secrets.js'

/** A failed API call, described with what the service said. Every text in it is already redacted. */
export class SaeApiError extends Error {
  readonly code: string
  readonly requestId?: string
  readonly traceId?: string
  readonly httpStatus?: number
  /** Worth another attempt: throttling, 5xx, gateway pages, dropped or timed-out connections. */
  readonly transient: boolean
  attempts = 1
  /** The API operation that failed, set by the client. */
  action?: string

  constructor(fields: {
    code: string
    message: string
    requestId?: string
    traceId?: string
    httpStatus?: number
    transient: boolean
  }) {
    super(fields.message)
    this.name = 'SaeApiError'
    this.code = fields.code
    this.requestId = fields.requestId
    this.traceId = fields.traceId
    this.httpStatus = fields.httpStatus
    this.transient = fields.transient
  }
}

const HINTS: Array<[RegExp, string]> = [
  [/^InvalidParameter\.NotEmpty$/, 'A required parameter is missing: check the ingress file and the ingress-id input.'],
  [
    /^InvalidParameter\./,
    'The service rejected a parameter: check the value it names. SAE also answers this way when the IngressId does not exist in this region.'
  ],
  [/^Exceed\.IngressRule$/, 'An ingress holds at most 40 rules: remove rules or split them across ingresses.'],
  [/^SlbListenerPort\.NotAvailable$/, 'ListenerPort is already used on this load balancer: choose a free port.'],
  [/^SSLCert\.NotFound$/, 'The certificate was not found: CertId/CertIds must exist in this region (CertIds entries look like <id>-<region>).'],
  [/^SlbHttpsCert\.NotFound$/, 'An HTTPS listener needs a certificate: set CertId (CLB) or CertIds (ALB).'],
  [
    /^InvalidAccessKeyId\./,
    'The AccessKey ID is unknown or disabled: check the key this run signs with (access-key-id, ALIBABA_CLOUD_ACCESS_KEY_ID from aliyun/configure-aliyun-credentials-action, or the ~/.aliyun/config.json profile).'
  ],
  [
    /^SignatureDoesNotMatch$/,
    'The AccessKey secret does not match the AccessKey ID: check access-key-secret, ALIBABA_CLOUD_ACCESS_KEY_SECRET or the ~/.aliyun/config.json profile (watch for stray whitespace).'
  ],
  [
    /^(InvalidSecurityToken\.|MissingSecurityToken$)/,
    'The STS security token is missing, expired or belongs to other credentials: pass security-token with temporary keys, or re-run the credentials step.'
  ],
  [/^InvalidTimeStamp\./, "The runner's clock is more than 15 minutes away from the service's."],
  [/^(Forbidden\.RAM|NoPermission|Forbidden)/, 'The RAM identity lacks permission: grant sae:DescribeIngress and sae:UpdateIngress.'],
  [
    /^AuthenticationFail\.OIDCToken\.Expired$/,
    "The workflow's OIDC token expired before STS saw it: check the runner's clock, and re-run the job."
  ],
  [
    /^AuthenticationFail\.OIDCToken\.(AudienceNotMatch|IssuerNotMatch)$/,
    'The OIDC provider in RAM must list the audience input (default sts.aliyuncs.com) as a client ID and https://token.actions.githubusercontent.com as its issuer.'
  ],
  [
    /^(AuthenticationFail\.|EntityNotExist\.Role$|NoPermission$)/,
    "STS refused the role: check role-to-assume and oidc-provider-arn, and that the role's trust policy trusts that provider for this repository (its sub condition)."
  ],
  [/^(InvalidApi|InvalidAction)\.NotFound$/, 'The endpoint does not serve the SAE API: check the endpoint and region-id inputs.'],
  [/Throttling/, 'The API throttled the requests; the action retried until the timeout ran out. Raise timeout or deploy less often.'],
  [/^(ServiceUnavailable|InternalError|Timeout|NetworkError|NonJsonResponse)$/, 'The service or the network failed repeatedly until the timeout ran out; try again later.']
]

export function hintFor(code: string): string | undefined {
  return HINTS.find(([pattern]) => pattern.test(code))?.[1]
}

/** One line a person can act on: code, message, RequestId, and what to do. */
export function describeApiError(action: string, err: SaeApiError): string {
  const parts = [`${action} failed: ${err.code}: ${err.message}`]
  if (err.requestId) parts.push(`RequestId: ${err.requestId}`)
  if (err.attempts > 1) parts.push(`after ${err.attempts} attempts`)
  const hint = hintFor(err.code)
  return parts.join(' · ') + (hint ? `\nHint: ${hint}` : '')
}

const TRANSIENT_CODES = /^(Throttling.*|.*\.Throttling|ServiceUnavailable|InternalError|ServiceTimeout)$/
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH'])

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : String(value)
}

/**
 * The service's error body (HTTP >= 400 or 2xx with Success:false), in either of its shapes. Whatever a field holds,
 * it may echo a secret of the request: each one is redacted here, before anything can show or derive from it.
 */
export function errorFromBody(body: unknown, httpStatus: number | undefined, redact: Redactor): SaeApiError {
  const code = text(field(body, 'ErrorCode')) ?? text(field(body, 'Code')) ?? `HTTP${httpStatus ?? ''}`
  const shown = (value: string | undefined) => (value === undefined ? undefined : redact(value))
  return new SaeApiError({
    code: redact(code),
    message: redact(text(field(body, 'Message')) ?? 'no message'),
    requestId: shown(text(field(body, 'RequestId'))),
    traceId: shown(text(field(body, 'TraceId'))),
    httpStatus,
    transient: TRANSIENT_CODES.test(code) || (httpStatus !== undefined && httpStatus >= 500)
  })
}

/**
 * pop-core's transport (httpx) appends `GET https://… failed.` to a network error's message with no space, so the
 * reason and the URL run together (`…aliyuncs.comGET https://…`): they are split again here.
 */
export function separateRequestLine(message: string): string {
  return message.replace(/\s*((?:GET|PUT|POST|DELETE|HEAD) \S+ failed\.)$/, (_all, line: string, offset: number) =>
    offset === 0 ? line : ` (${line.slice(0, -1)})`
  )
}

/**
 * Whatever a call to `host` threw, as a SaeApiError: a network failure the net layer can name (host not found, TLS,
 * proxy, a body too large) in its words, anything else as classifyThrown sees it.
 */
export function callFailure(thrown: unknown, context: NetworkErrorContext, redact: Redactor): SaeApiError {
  const network = describeNetworkError(thrown, context)
  return network ? new SaeApiError({ code: network.code, message: redact(network.message), transient: network.transient }) : classifyThrown(thrown, redact)
}

/** An answer that is not JSON (a proxy's page, a captive portal): what it started with, redacted, on one line. */
export function nonJsonAnswer(page: string, httpStatus: number | undefined, redact: Redactor): SaeApiError {
  const snippet = page.replace(/\s+/g, ' ').slice(0, 120)
  return new SaeApiError({
    code: 'NonJsonResponse',
    message: redact(`the endpoint answered${httpStatus !== undefined ? ` HTTP ${httpStatus}` : ''} with a non-JSON page: ${snippet}`),
    httpStatus,
    transient: true
  })
}

/** Turns whatever pop-core or the network threw into a SaeApiError. */
export function classifyThrown(err: unknown, redact: Redactor): SaeApiError {
  if (err instanceof SaeApiError) return err
  const status = field(err, 'statusCode')
  const result = field(err, 'result')
  if (typeof status === 'number' && result !== undefined) return errorFromBody(result, status, redact)
  const name = text(field(err, 'name')) ?? 'Error'
  const sysCode = text(field(err, 'code'))
  const message = redact(separateRequestLine(err instanceof Error ? err.message : String(err)))
  if (name === 'RequestTimeoutError') return new SaeApiError({ code: 'Timeout', message, transient: true })
  if (name === 'FormatError') {
    return new SaeApiError({ code: 'NonJsonResponse', message: 'the response claimed JSON but could not be parsed', transient: true })
  }
  // json-bigint, which pop-core's RPC client parses every answer with, throws a plain object holding the whole text.
  if (name === 'SyntaxError' && typeof field(err, 'text') === 'string') return nonJsonAnswer(field(err, 'text') as string, undefined, redact)
  if ((sysCode && NETWORK_CODES.has(sysCode)) || /socket hang up|aborted|ECONNRESET|premature close/i.test(message)) {
    return new SaeApiError({ code: 'NetworkError', message, transient: true })
  }
  return new SaeApiError({ code: redact(sysCode ?? name), message, transient: false })
}
