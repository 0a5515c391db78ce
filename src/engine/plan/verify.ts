import type { IngressFile } from '../ingress/types.js'
import { planChanges } from './plan.js'
import { formatValue } from './render-diff.js'
import type { FieldChange, RuleChange, RulesMode } from './types.js'

/**
 * What of the file's intent the live ingress does not show, one short line each; empty when
 * it all took. Used after writing, to confirm the update, and to notice a concurrent writer
 * that put back an older rule set without our rule (the caller then re-plans from the latest
 * live state and applies again).
 *
 * It re-plans `desired` against the new live state in the same mode and reports every change
 * that would still be made, so "took" means exactly what planning compares: in upsert our rules
 * are present and equal, in remove they are absent, in replace the rule set is equal, and the
 * stated settings are equal everywhere.
 */
export function unmet(desired: IngressFile, live: IngressFile, mode: RulesMode): string[] {
  const remaining = planChanges(desired, live, mode)
  const lines: string[] = []
  for (const change of remaining.rules) {
    const line = ruleLine(change, mode)
    if (line !== undefined) lines.push(line)
  }
  for (const setting of remaining.settings) lines.push(`${setting.name} ${expectation(setting)}`)
  return lines
}

function ruleLine(change: RuleChange, mode: RulesMode): string | undefined {
  switch (change.kind) {
    case 'added':
      return `rule ${change.key} is missing`
    case 'removed':
      // Upsert removes nothing but a repeated copy of one of our rules.
      if (mode === 'remove') return `rule ${change.key} is still present`
      if (mode === 'replace') return `rule ${change.key} is present but not in the file`
      return `rule ${change.key} is present more than once`
    case 'changed':
      return `rule ${change.key}: ${(change.fields ?? []).map((field) => `${field.name} ${expectation(field)}`).join(', ')}`
    case 'unchanged':
      return undefined
  }
}

function expectation(change: FieldChange<string>): string {
  const actual = change.before === undefined ? 'is not set' : `is ${formatValue(change.before)}`
  return `${actual}, expected ${formatValue(change.after)}`
}
