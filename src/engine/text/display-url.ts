import { MASK } from './secrets.js'

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
