// The rules of a `prune` file are templates: a preview rule as the upsert and remove steps use it, with the pull
// request's number left unset (`pr-${PR_NUMBER}.preview.example.com`). Each placeholder left unset in a rule's domain
// or path is a slot for a number; a template is checked as the rule it makes for pull request 1.
import type { MissingPlaceholder } from './placeholders.js'
import { refusalReason } from './placeholder-policy.js'

const SLOT_POINTER = /^\/Rules\/(\d+)\/(domain|path)$/

/** The unset placeholders that are slots: in a rule's domain or path, and not a name refused anyway. */
export function templateSlots(missing: readonly MissingPlaceholder[]): MissingPlaceholder[] {
  return missing.filter((m) => SLOT_POINTER.test(m.pointer) && refusalReason(m.name) === undefined)
}

/** `document` with a number in every slot: what the schema and the checks see of a template. */
export function withSlotsFilled(document: unknown, slots: readonly MissingPlaceholder[]): unknown {
  if (slots.length === 0) return document
  const copy = structuredClone(document) as { Rules: Array<Record<string, string>> }
  for (const slot of slots) {
    const [, index, key] = SLOT_POINTER.exec(slot.pointer)!
    const rule = copy.Rules[Number(index)]!
    rule[key!] = rule[key!]!.split(`\${${slot.name}}`).join('1')
  }
  return copy
}

/** Each template rule names one slot (in its domain, its path or both), and only one. */
export function templateProblems(document: unknown, slots: readonly MissingPlaceholder[]): Array<{ pointer: string; message: string }> {
  const rules = (document as { Rules?: unknown }).Rules
  if (!Array.isArray(rules)) return []
  return rules.flatMap((_rule, index) => {
    const names = new Set(slots.filter((slot) => SLOT_POINTER.exec(slot.pointer)?.[1] === String(index)).map((slot) => slot.name))
    const pointer = `/Rules/${index}`
    if (names.size === 0) {
      return [{ pointer, message: `Rules/${index} has no placeholder left unset: prune finds the rules of pull requests by a template such as "pr-\${PR_NUMBER}.preview.example.com", with PR_NUMBER not set` }]
    }
    if (names.size > 1) return [{ pointer, message: `Rules/${index} has more than one placeholder left unset (${[...names].join(', ')}): a template has one slot, for the pull request's number` }]
    return []
  })
}
