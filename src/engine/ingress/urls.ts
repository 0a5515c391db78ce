import type { IngressFile } from './types.js'

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 }

/**
 * A path's characters that mean something to a shell (`; | & $ ( ) * ? [ ] { } \ ! ^`), percent-encoded: the path
 * check allows them (ALB paths are regular expressions), but a URL output pasted into a script must not run anything.
 */
const encodePath = (path: string): string => path.replace(/[^A-Za-z0-9\-._~/%:@,=+]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)

/**
 * `scheme://domain[:port]/path` for each rule; the port is shown only when it is not the scheme's default. Domain and
 * path are schema-checked (a host name; the path's characters, all ASCII), and the path is percent-encoded beyond
 * the characters a shell leaves alone, so a URL holds no quote, space, backtick, `$`, `;`, `|` or `&`.
 */
export function ruleUrls(ingress: IngressFile, fallback?: Pick<IngressFile, 'ListenerProtocol' | 'ListenerPort'>): string[] {
  const protocol = (ingress.ListenerProtocol ?? fallback?.ListenerProtocol ?? 'HTTP').toLowerCase()
  const port = Number(ingress.ListenerPort ?? fallback?.ListenerPort ?? DEFAULT_PORT[protocol])
  const portPart = Number.isInteger(port) && port !== DEFAULT_PORT[protocol] ? `:${port}` : ''
  return (ingress.Rules ?? []).map(rule => `${protocol}://${rule.domain.toLowerCase()}${portPart}${encodePath(rule.path)}`)
}
