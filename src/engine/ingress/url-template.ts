// `${NAME}` placeholders in a URL (health-check-url): a value comes from the environment, and so possibly from a pull
// request's branch name, so it can never change which host the URL names. The template is parsed first, with a
// harmless token for each placeholder, to learn which part of the URL each one lands in; each value is then encoded
// for that part (a host label must already be one), and the URL that results must name the host the template and
// the values give.
import { InputError } from '../failure.js'
import { substituteText, type Env } from './placeholders.js'

const PLACEHOLDER = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g
const LABEL = /^[A-Za-z0-9-]+$/

type Part = 'host' | 'port' | 'userinfo' | 'path' | 'query' | 'fragment'

/** Which part of `url` holds `token`, if any. */
function partOf(url: URL, token: string): Part | undefined {
  if (url.hostname.includes(token)) return 'host'
  if (url.port === token) return 'port'
  if (url.username.includes(token) || url.password.includes(token)) return 'userinfo'
  if (url.pathname.includes(token)) return 'path'
  if (url.search.includes(token)) return 'query'
  if (url.hash.includes(token)) return 'fragment'
  return undefined
}

/**
 * Tokens to stand for the placeholders while the template is parsed: letters fit every part but the port, digits fit
 * the port (and labels); each must be new to the template, so that finding one again is finding its placeholder.
 */
const TOKEN_KINDS: Array<(n: number) => string> = [n => `saeplaceholder${n}x`, n => String(61000 + n)]

/** The template parsed with a token for each placeholder (in order), and those tokens. */
function parseShape(template: string, count: number): { parsed: URL; tokens: string[] } | undefined {
  for (const kind of TOKEN_KINDS) {
    let first = 0
    while (Array.from({ length: count }, (_, n) => kind(first + n)).some(token => template.toLowerCase().includes(token))) first += count
    const tokens = Array.from({ length: count }, (_, n) => kind(first + n))
    let n = 0
    const shape = template.replace(PLACEHOLDER, (_literal: string, name: string | undefined) => (name === undefined ? '${' : tokens[n++]!))
    try {
      return { parsed: new URL(shape), tokens }
    } catch {
      // Not with these tokens: a port wants digits.
    }
  }
  return undefined
}

/**
 * `template` with its placeholders filled from `env`, each value encoded for the part of the URL it lands in:
 * percent-encoded in the user, path, query and fragment (`/`, `?`, `#`, `@`, `\`, `%`, spaces and other characters
 * alike); only digits in the port; only letters, digits and hyphens in a host label; none in the scheme. Throws
 * InputError naming the placeholder (or the missing names) when a value cannot stay in its part; `label` says which
 * input it is.
 */
export function substitutePlaceholdersInUrl(template: string, env: Env, label: string): string {
  const missing = [...new Set(substituteText(template, env).missing)]
  if (missing.length) throw new InputError(`${label}: ${missing.length === 1 ? 'placeholder is' : 'placeholders are'} not set in the environment: ${missing.join(', ')}`)
  const names = [...template.matchAll(PLACEHOLDER)].flatMap(match => (match[1] === undefined ? [] : [match[1]]))
  const shape = parseShape(template, names.length)
  if (!shape) throw new InputError(`${label} is not a URL.`)
  const { parsed, tokens } = shape
  const values = names.map((name, i) => {
    const value = env[name] ?? ''
    switch (partOf(parsed, tokens[i]!)) {
      case 'host':
        if (!LABEL.test(value)) {
          throw new InputError(`${label}: placeholder \${${name}} lands in the host name, and its value is not a host label (letters, digits and hyphens only).`)
        }
        return value.toLowerCase()
      case 'port':
        if (!/^\d{1,5}$/.test(value)) throw new InputError(`${label}: placeholder \${${name}} lands in the port, and its value is not a port number.`)
        return value
      case undefined:
        throw new InputError(`${label}: placeholder \${${name}} is in a part of the URL a value cannot fill (the scheme, or a host name with non-ASCII letters).`)
      default:
        return encodeURIComponent(value)
    }
  })
  let i = 0
  const url = template.replace(PLACEHOLDER, (_literal: string, name: string | undefined) => (name === undefined ? '${' : values[i++]!))
  const expectedHost = tokens.reduce((host, token, n) => host.split(token).join(values[n]!), parsed.hostname)
  let result: URL
  try {
    result = new URL(url)
  } catch {
    throw new InputError(`${label} is not a URL once its placeholders are filled in.`)
  }
  if (result.hostname !== expectedHost) {
    throw new InputError(`${label} names host ${result.hostname} once its placeholders are filled in, not ${expectedHost}; refusing it.`)
  }
  return url
}
