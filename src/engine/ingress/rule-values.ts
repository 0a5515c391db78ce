/**
 * The schema's `domain` and `path` patterns (schema/ingress.schema.json), in words (pure): what exactly is wrong,
 * for the checks to report instead of a regular expression. A test keeps the two in step.
 *
 * These values become the rule URLs (the `urls` output, the summary, the PR comment), so they are held to the
 * characters the service accepts, which leaves out everything a shell or Markdown could read as code.
 */

import { codePoint } from '../text/visible.js'

const LABEL_CHARACTER = /[A-Za-z0-9-]/
const PATH_CHARACTER = /[-A-Za-z0-9._~/%!$&()*+,;=:@?^|\\{}[\]]/
const PATH_CHARACTERS_IN_WORDS = 'letters, digits and - . _ ~ / % ! $ & ( ) * + , ; = : @ ? ^ | \\ [ ] { }'

/** A printable ASCII character quoted, anything else by its code point (a space, a line break, a bidi control). */
const show = (char: string) => (/^[\x21-\x7e]$/.test(char) ? JSON.stringify(char) : codePoint(char))

function labelProblem(label: string): string | undefined {
  if (label === '') return 'it has an empty label (two dots in a row, or a dot at either end)'
  if (label === '*') return 'a wildcard is only allowed as a leading "*."'
  const bad = [...label].find(char => !LABEL_CHARACTER.test(char))
  if (bad) return `it holds ${show(bad)}: a host name has only letters, digits and hyphens between its dots (xn-- for internationalised names)`
  if (label.startsWith('-') || label.endsWith('-')) return `its label ${JSON.stringify(label)} starts or ends with a hyphen`
  if (label.length > 63) return `its label ${JSON.stringify(label.slice(0, 20) + '…')} is longer than 63 characters`
  return undefined
}

/**
 * What keeps `domain` from being a host name, as words to follow "<where> is not a host name: ", or undefined when it
 * is one. An empty value, and the length of the whole, are left to the schema's own messages.
 */
export function domainProblem(domain: string): string | undefined {
  if (domain === '') return undefined
  const labels = domain.split('.')
  const [first, ...rest] = labels
  const named = first === '*' && rest.length > 0 ? rest : labels
  for (const label of named) {
    const problem = labelProblem(label)
    if (problem) return problem
  }
  return undefined
}

/**
 * What keeps `path` from the characters a rule path may hold, as words to follow "<where> ", or undefined when it is
 * fine. A path that does not start with "/" is the existing check's to report.
 */
export function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined
  const substitution = /\$[({]/.exec(path)
  if (substitution) return `holds ${JSON.stringify(substitution[0])}, which a shell would expand; a path never needs it`
  const bad = [...path].find(char => !PATH_CHARACTER.test(char))
  if (bad) return `holds ${show(bad)}; a path may hold only ${PATH_CHARACTERS_IN_WORDS} (percent-encode anything else, e.g. %20 for a space)`
  return undefined
}
