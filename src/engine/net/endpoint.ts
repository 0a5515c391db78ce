// Which endpoints a run may call, whichever front end was told them (an input, a command-line option, a profile).
import { InputError } from '../failure.js'

/**
 * https:// anywhere; plain http:// only to this machine, so keys and rules never cross a network unencrypted. `label`
 * names where the value came from in messages: `Input endpoint`, `--endpoint`.
 */
export function parseEndpoint(label: string, raw: string): string {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new InputError(`${label} is not a URL: "${raw}".`)
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new InputError(`${label} must be a bare origin such as https://sae.cn-hangzhou.aliyuncs.com, got "${raw}".`)
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new InputError(`${label} must use https:// (plain http:// is allowed only for loopback hosts), got "${raw}".`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`${label} must be an https:// URL, got "${raw}".`)
  }
  return url.origin
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}
