// The errors the network layer raises itself, and one reading of every network error a request can end with:
// what happened, in words that name the host (or proxy) and what to check, and whether another attempt can help.
// Messages are built from codes and names only, never from the thrown text (which may carry URLs), except the
// OpenSSL reason of a certificate error.

/** A response larger than the agent's cap (or endless): dropped, never buffered. */
export class ResponseTooLargeError extends Error {
  readonly code = 'ResponseTooLarge'
  constructor(
    readonly host: string,
    readonly limitBytes: number
  ) {
    super(`the response from ${host} exceeded ${limitBytes} bytes and was dropped`)
    this.name = 'ResponseTooLargeError'
  }
}

/** A compressed response nobody asked for: its decoded size cannot be bounded, so it is refused. */
export class UnrequestedEncodingError extends Error {
  readonly code = 'UnrequestedContentEncoding'
  constructor(
    readonly host: string,
    readonly encoding: string
  ) {
    super(`the response from ${host} was compressed (${encoding}) although the request did not accept compression`)
    this.name = 'UnrequestedEncodingError'
  }
}

export type ProxyErrorCode = 'ProxyAuthenticationRequired' | 'ProxyRefused' | 'ProxyUnreachable'

/** The proxy would not open a tunnel, or could not be reached. `proxy` is `host:port`, never with credentials. */
export class ProxyError extends Error {
  constructor(
    readonly code: ProxyErrorCode,
    readonly proxy: string,
    readonly target: string,
    readonly detail: { status?: number; statusText?: string; credentialsSent: boolean; cause?: string }
  ) {
    super(
      code === 'ProxyUnreachable'
        ? `could not connect to the proxy ${proxy} (${detail.cause ?? 'connection failed'})`
        : `the proxy ${proxy} answered ${detail.status ?? '?'}${detail.statusText ? ` ${detail.statusText}` : ''} to CONNECT ${target}`
    )
    this.name = 'ProxyError'
  }
}

/** The health check's host resolved to (or is) a link-local or metadata address. */
export class AddressNotAllowedError extends Error {
  readonly code = 'AddressNotAllowed'
  constructor(
    readonly host: string,
    readonly address: string
  ) {
    super(`${host} resolves to ${address}, a link-local or cloud metadata address`)
    this.name = 'AddressNotAllowedError'
  }
}

export interface NetworkErrorContext {
  /** The host the request was for. */
  host: string
  /** The inputs that decide that host, e.g. `region-id or endpoint`, `sts-endpoint`, `health-check-url`. */
  inputHint: string
  /** `host:port` of the proxy the request went through, if any (agent.proxy). */
  proxy?: string
}

export interface NetworkErrorDescription {
  /** HostNotFound, DnsUnavailable, TlsCertificate, TlsHandshake, Proxy*, ResponseTooLarge, AddressNotAllowed, NetworkError… */
  code: string
  message: string
  /** Worth another attempt within the timeout. */
  transient: boolean
}

const TLS_CERTIFICATE_CODES =
  /^(CERT_|UNABLE_TO_(GET_ISSUER_CERT|GET_CRL|DECRYPT|DECODE|VERIFY_LEAF)|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|ERR_TLS_CERT_ALTNAME_INVALID$|HOSTNAME_MISMATCH$|INVALID_CA$|INVALID_PURPOSE$|PATH_LENGTH_EXCEEDED$)/
const TLS_HANDSHAKE_CODES = /^(EPROTO|ERR_SSL_|ERR_TLS_)/
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'ERR_SOCKET_CONNECTION_TIMEOUT'
])

const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined

const codeOf = (value: unknown): string | undefined => {
  const code = field(value, 'code')
  return typeof code === 'string' && code ? code : undefined
}

/** The error itself, its causes, and the members of an AggregateError (happy eyeballs) — first one with a code. */
function findCoded(err: unknown, depth = 0): { err: unknown; code: string } | undefined {
  if (depth > 4 || err === null || typeof err !== 'object') return undefined
  const code = codeOf(err)
  if (code) return { err, code }
  const errors = field(err, 'errors')
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const found = findCoded(inner, depth + 1)
      if (found) return found
    }
  }
  return findCoded(field(err, 'cause'), depth + 1)
}

const PROXY_HOW_TO =
  'The proxy comes from HTTPS_PROXY (HTTP_PROXY for http:// URLs); hosts listed in NO_PROXY are reached directly.'

function describeProxyError(err: ProxyError, ctx: NetworkErrorContext): NetworkErrorDescription {
  const { status, credentialsSent, cause } = err.detail
  if (err.code === 'ProxyAuthenticationRequired') {
    return {
      code: err.code,
      transient: false,
      message: credentialsSent
        ? `The proxy ${err.proxy} refused the user and password given in the proxy variable (HTTP 407). Check them (URL-encode special characters).`
        : `The proxy ${err.proxy} requires authentication (HTTP 407): give http://user:password@host:port in HTTPS_PROXY (URL-encoded).`
    }
  }
  if (err.code === 'ProxyUnreachable') {
    const transient = cause === 'ETIMEDOUT' || cause === 'ECONNRESET' || cause === 'EAI_AGAIN'
    return {
      code: err.code,
      transient,
      message: `Could not connect to the proxy ${err.proxy} (${cause ?? 'connection failed'}). ${PROXY_HOW_TO}`
    }
  }
  // A proxy's 5xx on CONNECT usually means it could not reach the target just now; 4xx is its policy.
  const transient = status !== undefined && status >= 500
  return {
    code: err.code,
    transient,
    message:
      `The proxy ${err.proxy} refused the connection to ${err.target} (HTTP ${status ?? '?'}). ` +
      (transient ? 'It could not reach the host.' : `Ask for ${ctx.host} to be allowed, or add it to NO_PROXY if it is reachable directly.`) +
      ` ${PROXY_HOW_TO}`
  }
}

/**
 * What a network error means for the user, or undefined when it is not one this module knows (an API error, a
 * timeout of the caller's own making): the caller then classifies it as before.
 */
export function describeNetworkError(err: unknown, ctx: NetworkErrorContext): NetworkErrorDescription | undefined {
  if (err instanceof ProxyError) return describeProxyError(err, ctx)
  const found = findCoded(err)
  if (!found) return undefined
  if (found.err instanceof ProxyError) return describeProxyError(found.err, ctx)
  const { code } = found
  const via = ctx.proxy ? ` through the proxy ${ctx.proxy}` : ''
  switch (true) {
    case code === 'ENOTFOUND':
      return {
        code: 'HostNotFound',
        transient: false,
        message: `The host ${ctx.host} does not exist (DNS: not found). Check the ${ctx.inputHint} input for a typo.`
      }
    case code === 'EAI_AGAIN' || code === 'EAI_FAIL':
      return {
        code: 'DnsUnavailable',
        transient: true,
        message: `The DNS server did not answer for ${ctx.host} (${code}).`
      }
    case TLS_CERTIFICATE_CODES.test(code): {
      const reason = field(found.err, 'message')
      return {
        code: 'TlsCertificate',
        transient: false,
        message:
          `The TLS certificate presented for ${ctx.host}${via} was refused (${code}${typeof reason === 'string' ? `: ${reason}` : ''}). ` +
          'If a proxy or security appliance on this network intercepts TLS, give Node its CA certificate with ' +
          'NODE_EXTRA_CA_CERTS; certificate verification stays on.'
      }
    }
    case TLS_HANDSHAKE_CODES.test(code):
      return {
        code: 'TlsHandshake',
        transient: false,
        message: `The TLS handshake with ${ctx.host}${via} failed (${code}). Check that the ${ctx.inputHint} input names an https:// endpoint.`
      }
    case code === 'ProxyConfigInvalid':
      return { code, transient: false, message: String(field(found.err, 'message')) }
    case code === 'ResponseTooLarge':
      return { code, transient: false, message: `The answer from ${ctx.host} was larger than the action accepts and was dropped.` }
    case code === 'UnrequestedContentEncoding':
      return { code, transient: false, message: `The answer from ${ctx.host}${via} came compressed although no compression was asked for; it was refused.` }
    case code === 'AddressNotAllowed': {
      const address = field(found.err, 'address')
      return {
        code,
        transient: false,
        message:
          `${ctx.host} resolves to ${typeof address === 'string' ? address : 'an address'} (link-local or cloud metadata), ` +
          'which the health check refuses; set health-check-allow-internal: true if this is intended.'
      }
    }
    case CONNECTION_CODES.has(code):
      return { code: 'NetworkError', transient: true, message: `The connection to ${ctx.host}${via} failed (${code}).` }
    default:
      return undefined
  }
}
