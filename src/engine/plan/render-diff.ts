import type { IngressRule } from '../ingress/types.js'
import type { FieldChange, Plan, RuleChange } from './types.js'

/**
 * The plan as plain text, one line per change, for a step output and the log. The job summary
 * renders its own table from the Plan, so nothing here is Markdown or escaped.
 *
 *   + rule pr-42.preview.example.com/ → 2f9c...:8080
 *   - rule old.example.com/
 *   ~ rule a.example.com/api: containerPort 8080 → 9090
 *   ~ rule b.example.com/: rewritePath /v2 → unset (not in the file: back to the default)
 *   ~ rule c.example.com/: RuleActions redirect → dropped (drop-rule-actions)
 *   ~ RequestTimeout: 60 → 30
 *   = rule gone.example.com/ is not live, nothing to remove
 *   = rule d.example.com/: RuleActions rewrite made again by its rewritePath /${1}
 *   ! Exceed.IngressRule: ...
 */
export function renderDiff(plan: Plan): string {
  const lines: string[] = []
  for (const change of plan.rules) {
    const line = ruleLine(change)
    if (line !== undefined) lines.push(line)
  }
  for (const setting of plan.settings) {
    lines.push(`~ ${setting.name}: ${formatValue(setting.before)} → ${formatValue(setting.after)}${implicitNote(setting)}`)
  }
  if (lines.length === 0) lines.push('no changes')
  for (const key of plan.absent) lines.push(`= rule ${key} is not live, nothing to remove`)
  for (const carried of plan.ruleActions) {
    const rule = plan.rules.find(change => change.key === carried.key)?.before
    if (carried.reproduced.length) lines.push(`= rule ${carried.key}: RuleActions ${describeActions(carried.reproduced)} made again by its rewritePath ${rule?.rewritePath ?? ''}`)
  }
  for (const problem of plan.problems) lines.push(`! ${problem}`)
  return lines.map(oneLine).join('\n')
}

/**
 * A line break inside a value (a Description, a path) would start a new log line, which the runner reads as a
 * workflow command when it begins with `::`; it is shown escaped, so each change stays on one line.
 */
function oneLine(line: string): string {
  return line.replace(/\r/g, '\\r').replace(/\n/g, '\\n')
}

function ruleLine(change: RuleChange): string | undefined {
  switch (change.kind) {
    case 'added':
      return `+ rule ${change.key} → ${target(change.after as IngressRule)}`
    case 'removed':
      return `- rule ${change.key}`
    case 'changed':
      return `~ rule ${change.key}: ${(change.fields ?? []).map(fieldChange).join(', ')}`
    case 'unchanged':
      return undefined
  }
}

/** Where a new rule sends traffic, with the optional settings it states. */
function target(rule: IngressRule): string {
  const extras = [
    rule.backendProtocol && `backendProtocol ${rule.backendProtocol}`,
    rule.rewritePath && `rewritePath ${rule.rewritePath}`
  ].filter(Boolean)
  return `${rule.appId}:${rule.containerPort}${extras.length ? ` (${extras.join(', ')})` : ''}`
}

/** Said wherever a plan is shown (diff output, log, job summary): a change the file asks for only by leaving a field out. */
export const IMPLICIT_NOTE = 'not in the file: back to the default'

function implicitNote(field: FieldChange<string>): string {
  return field.implicit ? ` (${IMPLICIT_NOTE})` : ''
}

function fieldChange(field: FieldChange): string {
  if (field.name === 'ruleActions') return `RuleActions ${describeActions(field.before)} → dropped (drop-rule-actions)`
  return `${field.name} ${formatValue(field.before)} → ${formatValue(field.after)}${implicitNote(field)}`
}

/** The action types of a `ruleActions` field change (its `before`), e.g. `redirect, rewrite`. */
export function describeActions(actions: unknown): string {
  return Array.isArray(actions) ? actions.map((action: { type?: unknown }) => String(action?.type)).join(', ') : formatValue(actions)
}

/** Compact and unambiguous: scalars bare, objects and arrays as JSON, a missing value as `unset`. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'unset'
  if (typeof value === 'string') return value === '' ? '""' : value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value)
}
