import type { IngressFile, IngressRule, RulesMode, SettingName } from '../ingress/types.js'

export { RULES_MODES, SETTING_NAMES, type RulesMode, type SettingName } from '../ingress/types.js'

/**
 * Fields of a rule that can differ once two rules share a domain+path key. `ruleActions` is the live rule's
 * RuleActions (set in the console; no request can carry them), dropped when the rule is re-sent.
 */
export type RuleFieldName = 'appId' | 'containerPort' | 'backendProtocol' | 'rewritePath' | 'ruleActions'

/** `before` is the live value, `after` the file's; `undefined` means the side has none. */
export interface FieldChange<Name extends string = RuleFieldName> {
  name: Name
  before: unknown
  after: unknown
  /**
   * The file does not state this field: the change comes from its default (a rule without `rewritePath` has no
   * rewrite, one without `backendProtocol` is `http`), or from what the file format cannot hold (RuleActions).
   * Shown as such, so a dry run tells a team that their live `https` is about to go.
   */
  implicit?: true
}

export type SettingChange = FieldChange<SettingName>

/** One of a live rule's RuleActions, as DescribeIngress reports it (`ActionType` is `redirect` or `rewrite`). */
export interface RuleAction {
  type: string
  config?: string
}

/** A live rule with RuleActions that a write sends again: the actions it makes again (with the rule's rewritePath), and the others. */
export interface CarriedActions {
  key: string
  reproduced: readonly RuleAction[]
  /** Lost by the write: a refusal, unless drop-rule-actions accepts it (then a change of the rule). */
  lost: readonly RuleAction[]
}

/** The RuleActions of live rules, by rule key (see ruleKey); rules without actions are absent. */
export type LiveRuleActions = ReadonlyMap<string, readonly RuleAction[]>

export interface PlanOptions {
  /** What the live ingress holds that the file format cannot: without it, rules are planned as if they had none. */
  ruleActions?: LiveRuleActions
  /** The `drop-rule-actions` input: re-sending a rule that has RuleActions (which drops them) is accepted. */
  dropRuleActions?: boolean
}

export type RuleChangeKind = 'added' | 'removed' | 'changed' | 'unchanged'

export interface RuleChange {
  kind: RuleChangeKind
  /** Lower-cased domain followed by the exact path, e.g. `a.example.com/api`. */
  key: string
  /** The live rule (absent for `added`). */
  before?: IngressRule
  /** The rule as it will be after applying (absent for `removed`). */
  after?: IngressRule
  /** Only for `changed`: what differs, in a fixed field order. */
  fields?: Array<FieldChange>
}

export interface Plan {
  mode: RulesMode
  /** Every rule of the resulting set plus every removed one, sorted by domain, then path. */
  rules: RuleChange[]
  /** Settings the file states whose live value differs. */
  settings: SettingChange[]
  /** Whether `Rules` has to be sent (some rule is added, removed or changed). */
  rulesChanged: boolean
  changed: boolean
  /**
   * The UpdateIngress parameters in file shape, or undefined when nothing changed. Holds `Rules`
   * only when the rule set changes: re-sending an unchanged copy of other teams' rules would undo
   * whatever a concurrent writer did in between.
   */
  send?: IngressFile
  /** The expected ingress after applying: live state with the file's settings and the resulting rules. */
  after: IngressFile
  /** Remove mode only: keys of file rules that are not live; nothing is sent for them. */
  absent: string[]
  /** Live rules with RuleActions that the rule set sent would carry again, and what becomes of their actions. */
  ruleActions: CarriedActions[]
  /** Reasons the plan must not be applied (e.g. Exceed.IngressRule); the plan is complete regardless. */
  problems: string[]
}
