import type { IngressRule } from '../ingress/types.js'
import { compareRules, ruleDifferences, ruleKey } from './equivalence.js'
import type { CarriedActions, PlanOptions, RuleAction, RuleChange, RulesMode } from './types.js'

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
  /** Live rules with RuleActions that the write sends again: which actions it makes again, which it cannot. */
  carried: CarriedActions[]
}

export function planRules(
  fileRules: IngressRule[] | undefined,
  liveRules: IngressRule[],
  mode: RulesMode,
  options: PlanOptions = {}
): RuleSetPlan {
  if (fileRules === undefined) {
    const changes = liveRules.map(unchanged)
    return { touched: false, result: liveRules, changes: sorted(changes), changed: false, absent: [], problems: [], carried: [] }
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
  const changed = changes.some((change) => change.kind !== 'unchanged')
  const carried: CarriedActions[] = []
  if (changed) problems.push(...dropActions(changes, options, carried))
  return { touched: true, result, changes: sorted(changes), changed, absent: absent.sort(), problems, carried }
}

/**
 * Whether sending the rule again makes `action` again: a `rewrite` whose path is the live rule's rewritePath and whose
 * host and query pass through is how the service may show a rewritePath (the reading that loses nothing either way:
 * README "Rule actions"). Anything else (a redirect, another rewrite, a config that cannot be read) no request carries.
 */
export function madeByRewritePath(action: RuleAction, rule: IngressRule | undefined): boolean {
  if (action.type !== 'rewrite' || rule?.rewritePath === undefined || action.config === undefined) return false
  let config: unknown
  try {
    config = JSON.parse(action.config)
  } catch {
    return false
  }
  const { host, path, query, ...rest } = (config ?? {}) as Record<string, unknown>
  return host === '${host}' && query === '${query}' && path === rule.rewritePath && Object.keys(rest).length === 0
}

/**
 * The rule set is sent whole and no request can carry RuleActions, so every live rule that is sent again (kept or
 * changed) keeps only the actions its own rewritePath makes (madeByRewritePath) and loses the others. Removing such
 * a rule is what the file asks and needs no consent. Losing them is refused unless accepted (a problem names the
 * rules); once accepted, it is a change of each rule, shown as such. Each re-sent rule with actions is listed in
 * `carried`, with which of its actions the write makes again.
 */
function dropActions(changes: RuleChange[], options: PlanOptions, carried: CarriedActions[]): string[] {
  const losing: Array<[RuleChange, readonly RuleAction[]]> = []
  for (const change of changes) {
    const actions = change.kind === 'unchanged' || change.kind === 'changed' ? options.ruleActions?.get(change.key) : undefined
    if (!actions?.length) continue
    const lost = actions.filter(action => !madeByRewritePath(action, change.before))
    carried.push({ key: change.key, reproduced: actions.filter(action => !lost.includes(action)), lost })
    if (lost.length) losing.push([change, lost])
  }
  if (losing.length === 0) return []
  if (!options.dropRuleActions) {
    const named = losing.map(([change, actions]) => `${change.key} (${actionTypes(actions)})`).join(', ')
    return [
      `RuleActions would be lost: UpdateIngress replaces the rule set whole and cannot carry RuleActions, so re-sending ` +
        `${losing.length === 1 ? 'rule' : 'rules'} ${named} would drop ${losing.length === 1 ? 'its' : 'their'} actions ` +
        '(set up outside this file, e.g. in the console; only a rewrite a rule\'s own rewritePath makes is sent again ' +
        'with it). Nothing was sent. Set drop-rule-actions: true (--drop-rule-actions in the CLI) to accept dropping them, or remove the ' +
        'actions in the console first.'
    ]
  }
  for (const [change, actions] of losing) {
    change.kind = 'changed'
    change.fields = [...(change.fields ?? []), { name: 'ruleActions', before: actions, after: undefined, implicit: true }]
  }
  return []
}

export function actionTypes(actions: readonly RuleAction[]): string {
  return actions.map((action) => action.type).join(', ')
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
 * A rule of the file is sent as the file writes it, changed or not: the request carries what the user wrote (the
 * defaults it leaves out are the service's), as Alibaba's own SDK would send the same file. A rule in the file is the
 * whole rule (see ruleDifferences), so the live fields it leaves out go back to their defaults. Only the rules the file
 * does not hold (upsert and remove) are sent back as they are live.
 */
function resolve(file: IngressRule, live: IngressRule | undefined): [IngressRule, RuleChange] {
  const key = ruleKey(file)
  if (live === undefined) return [file, { kind: 'added', key, after: file }]
  const fields = ruleDifferences(file, live)
  if (fields.length === 0) return [file, unchanged(live)]
  return [file, { kind: 'changed', key, before: live, after: file, fields }]
}

function unchanged(rule: IngressRule): RuleChange {
  return { kind: 'unchanged', key: ruleKey(rule), before: rule, after: rule }
}

function sorted(changes: RuleChange[]): RuleChange[] {
  const rule = (change: RuleChange): IngressRule => (change.after ?? change.before) as IngressRule
  return [...changes].sort((a, b) => compareRules(rule(a), rule(b)))
}
