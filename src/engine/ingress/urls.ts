import type { IngressFile } from './types.js'

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 }

/**
 * `scheme://domain[:port]/path` for each rule; the port is shown only when it is not the scheme's default. Domain and
 * path are schema-checked (a host name; the path's characters), so a URL holds no quote, space, backtick or `$(`.
 */
export function ruleUrls(ingress: IngressFile, fallback?: Pick<IngressFile, 'ListenerProtocol' | 'ListenerPort'>): string[] {
  const protocol = (ingress.ListenerProtocol ?? fallback?.ListenerProtocol ?? 'HTTP').toLowerCase()
  const port = Number(ingress.ListenerPort ?? fallback?.ListenerPort ?? DEFAULT_PORT[protocol])
  const portPart = Number.isInteger(port) && port !== DEFAULT_PORT[protocol] ? `:${port}` : ''
  return (ingress.Rules ?? []).map(rule => `${protocol}://${rule.domain.toLowerCase()}${portPart}${rule.path}`)
}
