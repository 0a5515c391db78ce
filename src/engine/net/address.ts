// Where a URL points, as sockets want it. Shared by the direct agent (./agent.ts), the proxy route's display
// (./proxy.ts) and the health check.

/** The port a URL names, or its scheme's default. */
export const portOf = (target: URL): number => Number(target.port || (target.protocol === 'https:' ? 443 : 80))

/** A URL's host as sockets want it: without the brackets of an IPv6 literal. */
export const hostOf = (target: URL): string => target.hostname.replace(/^\[|\]$/g, '')
