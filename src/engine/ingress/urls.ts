import type { IngressFile } from './types.js'
import { MASK } from '../text/secrets.js'

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

/**
 * A URL as it may be shown (health-check-url in the log, summary and comment): query values and user:password
 * replaced by ***, the fragment dropped. A query is where a URL carries tokens; its names stay, to say what was
 * there. Text that is not a URL is shown up to where a query starts, or not at all when it could hold credentials.
 */
export function displayUrl(url: string): string {
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    // Not a URL: shown below as text.
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    if (url.includes('@')) return MASK
    const query = url.search(/[?#]/)
    return query < 0 ? url : `${url.slice(0, query)}?${MASK}`
  }
  const query = parsed.search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map(pair => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=${MASK}` : MASK))
  const credentials = parsed.username || parsed.password ? `${MASK}@` : ''
  return `${parsed.protocol}//${credentials}${parsed.host}${parsed.pathname}${query.length ? `?${query.join('&')}` : ''}`
}
