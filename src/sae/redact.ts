/**
 * Removes secrets from text that came from outside (pop-core and httpx put request URLs in messages; the service
 * echoes its string-to-sign, x-acs-security-token included, in SignatureDoesNotMatch). The runner masks values
 * registered with setSecret in logs only, not in outputs or the job summary, so every message is scrubbed here.
 */
export type Redactor = (text: string) => string

const MASK = '***'

/** `Authorization: acs <AccessKeyId>:<signature>` and RPC `Signature=` parameters. */
const SIGNATURE_PATTERNS: RegExp[] = [
  /\bacs\s+([^\s:]+):[A-Za-z0-9+/=%]{8,}/g,
  /([?&]Signature=)[^&\s]+/gi,
  /(x-acs-security-token:)[^\s\n]+/gi
]

function forms(secret: string): string[] {
  const encoded = encodeURIComponent(secret)
  const formEncoded = encoded.replace(/%20/g, '+')
  return [...new Set([secret, encoded, formEncoded])]
}

export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  // Longest first so a secret that contains another is masked whole.
  const needles = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 4)
    .flatMap(forms)
    .sort((a, b) => b.length - a.length)
  return text => {
    let out = text
    for (const needle of needles) out = out.split(needle).join(MASK)
    out = out.replace(SIGNATURE_PATTERNS[0]!, `acs $1:${MASK}`)
    out = out.replace(SIGNATURE_PATTERNS[1]!, `$1${MASK}`)
    out = out.replace(SIGNATURE_PATTERNS[2]!, `$1${MASK}`)
    return out
  }
}
