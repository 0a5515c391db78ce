// Jest globalTeardown: the one check over every end-to-end run of the suite. No secret a run was given or handed out
// (access key secret, security token, STS temporary secret and token, the OIDC JWT, the ID-token request token, the
// GitHub token, proxy credentials) may appear in its stdout, stderr, outputs, job summary, PR comments or
// previous-config file — raw, percent-encoded (either case, `+` for spaces), decoded or JSON-escaped, and as it reads
// once Markdown and HTML escapes are undone — and no request
// signature, credential header or token shape either, whatever its value.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'

const SIGNATURE_SHAPES = [
  /\bacs [^\s:]+:[A-Za-z0-9+/]{27}=/, // ROA Authorization: HMAC-SHA1, base64
  /[?&]Signature=[A-Za-z0-9%+/]{20,}/, // RPC signature parameter
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, // a JWT (the workflow's OIDC token)
  /\bx-acs-security-token["']?\s*[:=]\s*["']?[^*\s"']{8,}/i, // a security token header with its value
  /\b(?:Bearer|Basic) +[A-Za-z0-9._~+/-]*[0-9._~+/=-][A-Za-z0-9._~+/=-]{11,}/, // authorisation with a credential
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/, // a GitHub token
  /\bCAIS[A-Za-z0-9+/]{40,}/, // an STS security token
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s/@*"'<>]+:[^\s/@*"'<>]+@/i // user:password in a URL
]

/** Every spelling of a secret an echo could use. */
function spellings(secret) {
  const encoded = encodeURIComponent(secret)
  const forms = [secret, encoded, encoded.replace(/%20/g, '+'), encoded.replace(/%[0-9A-F]{2}/g, hex => hex.toLowerCase())]
  try {
    forms.push(decodeURIComponent(secret))
  } catch {
    // not percent-encoded
  }
  const json = JSON.stringify(secret).slice(1, -1)
  forms.push(json, json.replace(/\//g, '\\/'))
  return forms.filter(form => form.length >= 4)
}

/**
 * The text as a person reads it once GitHub has rendered the summary or comment: Markdown's backslash escapes and
 * HTML's entities undone, so a secret escaped into `a\\+b` or `a&amp;b` is still found.
 */
export function asRead(text) {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

export default function teardown() {
  const dir = process.env.SAE_E2E_LEDGER
  if (!dir) return
  const entries = readdirSync(dir)
    .filter(name => name.startsWith('runs-'))
    .flatMap(name => readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line)))
  // Entries without printed text only carry secrets seen on the wire or handed out (recordWireSecrets, recordSecrets).
  const runs = entries.filter(entry => entry.printed)
  const secrets = new Set(entries.flatMap(entry => entry.secrets))
  const needles = new Set([...secrets].flatMap(spellings))
  const leaks = []
  runs.forEach((run, index) => {
    const read = asRead(run.printed)
    for (const needle of needles) if (run.printed.includes(needle) || read.includes(needle)) leaks.push(`run ${index}: a secret (${needle.slice(0, 3)}…)`)
    for (const shape of SIGNATURE_SHAPES) if (shape.test(run.printed)) leaks.push(`run ${index}: ${shape.exec(run.printed)[0].slice(0, 12)}…`)
  })
  rmSync(dir, { recursive: true, force: true })
  if (runs.length === 0) return
  console.log(`\nsecret hygiene: ${runs.length} end-to-end outputs checked against ${secrets.size} secrets and credential shapes: ${leaks.length} leaks`)
  if (leaks.length) throw new Error(`Secrets leaked into action output:\n${leaks.join('\n')}`)
}
