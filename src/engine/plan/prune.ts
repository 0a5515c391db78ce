// Which live rules a prune file's templates find, and for which pull request numbers (pure). A live rule is a
// candidate when its domain and path are a template's with one number N in its slot; every other live rule is never
// touched. Whether N's pull request is closed is the front end's to find out.
import type { IngressRule } from '../ingress/types.js'
import { ruleKey } from './equivalence.js'

export interface PruneCandidate {
  /** The live rule, as it stands. */
  rule: IngressRule
  key: string
  /** The pull request number its slot holds. */
  number: number
}

const SLOT = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/g
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A matcher for one template's domain or path: its literal text, and a number where its slot is. */
function matcher(template: string, flags: string): RegExp {
  return new RegExp(`^${template.split(SLOT).map(escape).join('([1-9][0-9]{0,9})')}$`, flags)
}

/** The live rules a template finds, each with its number; a rule two templates find is listed once. */
export function pruneCandidates(templates: readonly IngressRule[], live: readonly IngressRule[]): PruneCandidate[] {
  const found = new Map<string, PruneCandidate>()
  for (const template of templates) {
    // Host names are compared as DNS compares them (any case); paths exactly.
    const domain = matcher(template.domain, 'i')
    const path = matcher(template.path, '')
    for (const rule of live) {
      const numbers = [...(domain.exec(rule.domain)?.slice(1) ?? [null]), ...(path.exec(rule.path)?.slice(1) ?? [null])]
      if (numbers.includes(null) || numbers.length === 0) continue
      const distinct = new Set(numbers)
      if (distinct.size !== 1) continue
      const key = ruleKey(rule)
      if (!found.has(key)) found.set(key, { rule, key, number: Number([...distinct][0]) })
    }
  }
  return [...found.values()]
}
