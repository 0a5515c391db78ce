/**
 * Which environment variables may fill `${NAME}` placeholders (pure). The ingress file comes from pull requests and
 * its values travel to the API, the log, the summary and the PR comment, so a placeholder must never read a secret
 * or the runner's own plumbing. The rule, on the name upper-cased:
 *
 * - runner internals are refused: names starting with ACTIONS_, RUNNER_, INPUT_ or STATE_, and GITHUB_TOKEN;
 * - proxy settings are refused (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY): their URL can hold a user name and password;
 * - names that look like credentials are refused: containing SECRET, TOKEN, PASSWORD, PASSWD, CREDENTIAL or PRIVATE
 *   anywhere, having a `_`-separated word PASS, PWD, AUTH or COOKIE, or a word ending in KEY or KEYID (API_KEY,
 *   ACCESS_KEY_ID, APIKEY, SSH_KEY_PATH; MONKEY too: the rule errs on the side of refusing).
 *
 * Everything else may be used, e.g. GITHUB_SHA, GITHUB_REF_NAME, GITHUB_HEAD_REF, GITHUB_RUN_ID, or PR_NUMBER set
 * from `${{ github.event.pull_request.number }}` in the step's env.
 */
import { substituteText, type Env } from './placeholders.js'

const RUNNER_PREFIXES = ['ACTIONS_', 'RUNNER_', 'INPUT_', 'STATE_']
const PROXIES = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY'])
const CREDENTIAL_PARTS = ['SECRET', 'TOKEN', 'PASSWORD', 'PASSWD', 'CREDENTIAL', 'PRIVATE']
const CREDENTIAL_WORDS = new Set(['PASS', 'PWD', 'AUTH', 'COOKIE'])

/** Why `${name}` may not be used, or undefined when it may. */
export function refusalReason(name: string): string | undefined {
  const upper = name.toUpperCase()
  if (upper === 'GITHUB_TOKEN' || RUNNER_PREFIXES.some(prefix => upper.startsWith(prefix))) {
    return `${name} belongs to the runner (ACTIONS_*, RUNNER_*, INPUT_*, STATE_*, GITHUB_TOKEN)`
  }
  if (PROXIES.has(upper)) return `${name} is a proxy setting, whose URL can hold a user name and password`
  const part = CREDENTIAL_PARTS.find(credential => upper.includes(credential))
  if (part) return `${name} looks like a credential (it contains ${part})`
  const words = upper.split('_')
  const word = words.find(w => CREDENTIAL_WORDS.has(w)) ?? words.find(w => w.endsWith('KEY') || w.endsWith('KEYID'))
  if (word) return `${name} looks like a credential (${CREDENTIAL_WORDS.has(word) ? `the word ${word}` : `${word} ends in KEY`})`
  return undefined
}

/** The variables placeholders may read; the refused ones are simply absent. */
export function placeholderEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => refusalReason(name) === undefined))
}

export interface RefusedPlaceholder {
  name: string
  reason: string
}

/** The refused placeholders a text uses (each name once, in order), for a located "refused" error instead of "not set". */
export function refusedPlaceholders(text: string): RefusedPlaceholder[] {
  const names = [...new Set(substituteText(text, {} as Env).missing)]
  return names.flatMap(name => {
    const reason = refusalReason(name)
    return reason ? [{ name, reason }] : []
  })
}

/** The message for one refused placeholder, to follow the location ("Rules[0].domain: …"). */
export function refusedPlaceholderMessage(refused: RefusedPlaceholder): string {
  return `placeholder \${${refused.name}} is refused: ${refused.reason}, and placeholders never read secrets or the runner's internals (see "Placeholders" in the README)`
}
