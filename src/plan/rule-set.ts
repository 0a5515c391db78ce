import type { IngressRule } from '../ingress/types.js'
import { compareRules, ruleDifferences, ruleKey } from './equivalence.js'
import type { RuleChange, RulesMode } from './types.js'

/** The rule half of a plan: the resulting rule set and how it differs from the live one. */
export interface RuleSetPlan {
  /** False when the file has no `Rules`: then the live rules are left exactly as they are. */
  touched: boolean
  /** The full rule set to send, in live order with new rules appended (replace: file order). */
  result: IngressRule[]
  /** Sorted by domain, then path. */
  changes: RuleChange[]
  changed: boolean
  absent: string[]
  problems: string[]
}

export function planRules(fileRules: IngressRule[] | undefined, liveRules: IngressRule[], mode: RulesMode): RuleSetPlan {
  if (fileRules === undefined) {
    const changes = liveRules.map(unchanged)
    return { touched: false, result: liveRules, changes: sorted(changes), changed: false, absent: [], problems: [] }
  }
  const { byKey: wanted, problems } = indexFileRules(fileRules)
  const live = new Map<string, IngressRule>()
  for (const rule of liveRules) if (!live.has(ruleKey(rule))) live.set(ruleKey(rule), rule)

  const result: IngressRule[] = []
  const changes: RuleChange[] = []
  const absent: string[] = []
  const keep = (rule: IngressRule, change: RuleChange): void => {
    result.push(rule)
    changes.push(change)
  }
  const remove = (rule: IngressRule): void => {
    changes.push({ kind: 'removed', key: ruleKey(rule), before: rule })
  }

  // A second live rule with a key already seen cannot be told apart from the first; it is
  // dropped when the file addresses that key, and left alone otherwise.
  const seen = new Set<string>()
  if (mode === 'replace') {
    for (const rule of wanted.values()) keep(...resolve(rule, live.get(ruleKey(rule))))
    for (const rule of liveRules) {
      const key = ruleKey(rule)
      if (!wanted.has(key) || seen.has(key)) remove(rule)
      seen.add(key)
    }
  } else {
    for (const rule of liveRules) {
      const key = ruleKey(rule)
      const ours = wanted.get(key)
      const repeat = seen.has(key)
      seen.add(key)
      if (ours === undefined) keep(rule, unchanged(rule))
      else if (mode === 'remove' || repeat) remove(rule)
      else keep(...resolve(ours, rule))
    }
    for (const [key, rule] of wanted) {
      if (live.has(key)) continue
      if (mode === 'upsert') keep(rule, { kind: 'added', key, after: rule })
      else absent.push(key)
    }
  }
  return {
    touched: true,
    result,
    changes: sorted(changes),
    changed: changes.some((change) => change.kind !== 'unchanged'),
    absent: absent.sort(),
    problems
  }
}

/** Duplicates in the file are an error (which one should win?); the last one is planned with. */
function indexFileRules(rules: IngressRule[]): { byKey: Map<string, IngressRule>; problems: string[] } {
  const byKey = new Map<string, IngressRule>()
  const problems: string[] = []
  rules.forEach((rule, index) => {
    const key = ruleKey(rule)
    if (byKey.has(key)) problems.push(`Rules[${index}] repeats the domain and path of an earlier rule: ${key}`)
    byKey.set(key, rule)
  })
  return { byKey, problems }
}

/**
 * An unchanged rule is re-sent as the service reported it, so values the service filled in
 * (AppName, BackendProtocol) survive; a changed one keeps the live fields the file is silent on.
 */
function resolve(file: IngressRule, live: IngressRule | undefined): [IngressRule, RuleChange] {
  const key = ruleKey(file)
  if (live === undefined) return [file, { kind: 'added', key, after: file }]
  const fields = ruleDifferences(file, live)
  if (fields.length === 0) return [live, unchanged(live)]
  const merged = overlay(live, file)
  return [merged, { kind: 'changed', key, before: live, after: merged, fields }]
}

function overlay(live: IngressRule, file: IngressRule): IngressRule {
  const merged: IngressRule = { ...live, appId: file.appId, containerPort: file.containerPort }
  if (file.backendProtocol !== undefined) merged.backendProtocol = file.backendProtocol
  if (file.rewritePath !== undefined) merged.rewritePath = file.rewritePath
  if (file.appName !== undefined) merged.appName = file.appName
  // The live name belongs to the old app; leaving it out lets the service fill in the new one.
  else if (file.appId !== live.appId) delete merged.appName
  return merged
}

function unchanged(rule: IngressRule): RuleChange {
  return { kind: 'unchanged', key: ruleKey(rule), before: rule, after: rule }
}

function sorted(changes: RuleChange[]): RuleChange[] {
  const rule = (change: RuleChange): IngressRule => (change.after ?? change.before) as IngressRule
  return [...changes].sort((a, b) => compareRules(rule(a), rule(b)))
}
