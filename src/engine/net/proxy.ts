// Which proxy, if any, a request goes through. The front end hands in how the proxy variables are read: both use
// @actions/http-client's rules (the ones @actions/core's getIDToken and @actions/github's octokit follow), so SAE,
// STS, the health check and the GitHub API all agree on one reading of HTTPS_PROXY / HTTP_PROXY / NO_PROXY:
// - `https:` targets use https_proxy, else HTTPS_PROXY; `http:` targets http_proxy, else HTTP_PROXY;
// - no_proxy (else NO_PROXY) is a comma list of host suffixes: `example.com` and `.example.com` both match
//   `example.com` and its subdomains, `example.com:8443` only that port, `*` everything;
// - loopback hosts (localhost, 127.*, [::1]) never go through a proxy.
// Those rules read process.env themselves, so the variable named in an error is looked up there too.
import { portOf } from './address.js'

/** How the proxy variables are read, e.g. `@actions/http-client/lib/proxy` as it is. */
export interface ProxyVariables {
  /** Whether NO_PROXY (or loopback) sends `target` direct. */
  checkBypass(target: URL): boolean
  /** The proxy for `target`, user and password decoded; may throw on a malformed value. */
  getProxyUrl(target: URL): URL | undefined
}

/** Where a proxy is, split so that its credentials never travel with its address. */
export interface ProxyRoute {
  /** The proxy URL without user or password: safe to print, to log and to hand to libraries that log it. */
  url: URL
  /** `host:port` of the proxy, for messages. */
  display: string
  /** `Basic …` for Proxy-Authorization when the variable carried user:password. */
  authorization?: string
}

/** HTTPS_PROXY (or HTTP_PROXY) is set but is not a URL: fail loudly rather than silently going direct. */
export class ProxyConfigError extends Error {
  readonly code = 'ProxyConfigInvalid'
  constructor(variable: string) {
    super(`${variable} is set but is not a valid proxy URL (expected http://[user:password@]host:port; user and password URL-encoded).`)
    this.name = 'ProxyConfigError'
  }
}

const asUrl = (target: URL | string): URL => (typeof target === 'string' ? new URL(target) : target)

function proxyVariable(target: URL): { name: string; value: string } | undefined {
  const names = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  for (const name of names) {
    const value = process.env[name]
    if (value) return { name, value }
  }
  return undefined
}

/** The proxy for a request to `target` by the `variables`' rules, or undefined for a direct connection. */
export function proxyFor(target: URL | string, variables: ProxyVariables): ProxyRoute | undefined {
  const url = asUrl(target)
  if (variables.checkBypass(url)) return undefined
  let proxy: URL | undefined
  try {
    proxy = variables.getProxyUrl(url)
  } catch {
    // The library decodes user and password eagerly; a stray `%` makes it throw.
    proxy = undefined
  }
  const variable = proxyVariable(url)
  if (!proxy || !proxy.hostname) {
    if (variable) throw new ProxyConfigError(variable.name)
    return undefined
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') throw new ProxyConfigError(variable?.name ?? 'HTTPS_PROXY')
  // getProxyUrl's URL answers username/password already decoded.
  const authorization =
    proxy.username || proxy.password ? `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}` : undefined
  const bare = new URL(proxy.origin)
  return { url: bare, display: `${bare.hostname}:${portOf(bare)}`, authorization }
}

/** The route in words, for debug logs: `direct` or `through proxy 10.0.0.1:3128 (authenticated)`. */
export function describeRoute(target: URL | string, variables: ProxyVariables): string {
  const route = proxyFor(target, variables)
  if (!route) return 'direct'
  return `through proxy ${route.display}${route.authorization ? ' (authenticated)' : ''}`
}
