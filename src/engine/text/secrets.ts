/**
 * The one redaction engine (pure): the run's secrets in every spelling an answer or a library might echo them in,
 * plus the shapes of credentials whose value the run never knew (a signature, a token a server made up). src/log.ts
 * holds the run's registry and applies it to everything that leaves the action.
 */
export type Redactor = (text: string) => string

export const MASK = '***'
/** Shorter values would mask ordinary words; the runner ignores them too. */
const MIN_SECRET_LENGTH = 4

/**
 * The ways a secret can appear in text: as is; percent-encoded as a URL or a form encodes it (upper- and lower-case
 * hex, `+` for spaces); decoded, when the value was itself percent-encoded (a proxy password in a URL); and escaped
 * inside a JSON string (`\/`, `\"`).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret])
  const encoded = encodeURIComponent(secret)
  for (const form of [encoded, encoded.replace(/%20/g, '+')]) {
    forms.add(form)
    forms.add(form.replace(/%[0-9A-F]{2}/g, hex => hex.toLowerCase()))
  }
  for (const encodedForm of [secret, secret.replace(/\+/g, ' ')]) {
    try {
      forms.add(decodeURIComponent(encodedForm))
    } catch {
      // Not percent-encoded: nothing to decode.
    }
  }
  const json = JSON.stringify(secret).slice(1, -1)
  forms.add(json)
  forms.add(json.replace(/\//g, '\\/'))
  return [...forms].filter(form => form.trim().length >= MIN_SECRET_LENGTH)
}

/**
 * Credential shapes masked whatever their value: request signatures, security tokens, access key secrets and OIDC
 * tokens as header, query, form or JSON fields; bearer and basic authorisation; JWTs; GitHub tokens; STS tokens;
 * user:password in URLs. Each keeps its label so a message still says what was there.
 */
const SHAPES: Array<[RegExp, string]> = [
  // Authorization: acs <AccessKeyId>:<signature> — the key ID stays (it says which key failed), the signature goes.
  [/\bacs\s+([^\s:"']+):[A-Za-z0-9+/=%]{8,}/g, `acs $1:${MASK}`],
  [/([?&]Signature=)[^&\s"']+/gi, `$1${MASK}`],
  [/(\b(?:x-acs-security-token|SecurityToken|AccessKeySecret|OIDCToken)["']?\s*[:=]\s*["']?|"Signature"\s*:\s*")[^\s"',&;]+/gi, `$1${MASK}`],
  [/(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:Bearer|Basic|token)\s+)[^\s"',;]+/gi, `$1${MASK}`],
  // A bare `Bearer <token>` anywhere; the token must have a non-letter, so prose ("Basic authentication") stays.
  [/\b(Bearer|Basic) +(?=[A-Za-z]*[0-9._~+/=-])[A-Za-z0-9._~+/-]{12,}=*/g, `$1 ${MASK}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, MASK],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g, MASK],
  [/\bCAIS[A-Za-z0-9+/]{40,}=*/g, MASK],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, `$1${MASK}@`]
]

export function redactShapes(text: string): string {
  let out = text
  for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement)
  return out
}

/** Every spelling of every secret, longest first so a secret that contains another is masked whole. */
export function needlesOf(secrets: Iterable<string | undefined>): string[] {
  const needles = new Set<string>()
  for (const secret of secrets) if (secret) for (const form of secretForms(secret)) needles.add(form)
  return [...needles].sort((a, b) => b.length - a.length)
}

export function redactWith(needles: readonly string[], text: string): string {
  let out = text
  for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(MASK)
  return redactShapes(out)
}

/**
 * `value` with every string in it redacted, however deep: a report rendered from it (escaped for Markdown, cut,
 * joined) can no longer hold a secret in a spelling the redactor would not recognise afterwards. Plain data only.
 */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T
  if (Array.isArray(value)) return value.map(item => redactDeep(item, redact)) as T
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)])) as T
  }
  return value
}

/** A redactor for a fixed list of secrets (tests, and code that has not got the run's registry at hand). */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const needles = needlesOf(secrets)
  return text => redactWith(needles, text)
}

const PROXY_VARIABLE = /^(https?|all)_proxy$/i

/**
 * The credentials in a proxy URL (`http://user:pass@proxy:3128`): the password (or a lone user name, which is then
 * the credential), `user:pass` as written and decoded, and its base64 (what `Proxy-Authorization: Basic` carries).
 */
export function proxyCredentials(url: string): string[] {
  const userinfo = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]*)@/i.exec(url.trim())?.[1]
  if (!userinfo) return []
  const colon = userinfo.indexOf(':')
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon)
  const password = colon < 0 ? '' : userinfo.slice(colon + 1)
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text)
    } catch {
      return text
    }
  }
  const pair = `${decode(user)}:${decode(password)}`
  return [password || user, userinfo, pair, Buffer.from(pair).toString('base64')].filter(value => value.length >= MIN_SECRET_LENGTH)
}

/**
 * Secrets the runner hands every action through the environment: the token that requests OIDC ID tokens, the
 * runtime token, and proxy credentials. Inputs and ALIBABA_CLOUD_* credentials are registered by whoever reads them.
 */
export function secretsFromEnvironment(env: Readonly<Record<string, string | undefined>>): string[] {
  const found: string[] = []
  for (const name of ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_RUNTIME_TOKEN']) {
    const value = env[name]?.trim()
    if (value) found.push(value)
  }
  for (const [name, value] of Object.entries(env)) {
    if (PROXY_VARIABLE.test(name) && value) found.push(...proxyCredentials(value))
  }
  return found
}

/** The run's secrets, as the engine sees them: it adds what it learns (an STS token) and redacts what it shows. */
export interface Secrets {
  /** Masks `value` from now on, in every spelling; values shorter than 4 characters (after trimming) are ignored. */
  add(value: string | undefined): void
  redact: Redactor
}

/**
 * The one registry of a run's secrets, shared by the engine and its front end. Each secret added is announced to the
 * listeners in every spelling (the action masks each in the runner's log), and `redact` replaces them all, and every
 * credential shape, by ***.
 */
export class SecretRegistry implements Secrets {
  private readonly secrets = new Set<string>()
  private needles: string[] = []
  private readonly listeners: Array<(form: string) => void> = []

  add(value: string | undefined): void {
    if (!value || value.trim().length < MIN_SECRET_LENGTH || this.secrets.has(value)) return
    this.secrets.add(value)
    this.needles = needlesOf(this.secrets)
    for (const form of secretForms(value)) for (const listener of this.listeners) listener(form)
  }

  /** Calls `listener` with every spelling of every secret, those added before included. */
  onAdd(listener: (form: string) => void): void {
    this.listeners.push(listener)
    for (const secret of this.secrets) for (const form of secretForms(secret)) listener(form)
  }

  readonly redact: Redactor = text => redactWith(this.needles, text)
}
