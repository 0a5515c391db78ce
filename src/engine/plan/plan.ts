import type { DefaultRule, IngressFile } from '../ingress/types.js'
import { isRecord } from './coerce.js'
import { onlyImplicit, ruleDifferences, sameSetting } from './equivalence.js'
import { planRules } from './rule-set.js'
import { SETTING_NAMES } from './types.js'
import type { Plan, PlanOptions, RulesMode, SettingChange, SettingName } from './types.js'

export type { Plan, PlanOptions, RulesMode } from './types.js'

/** SAE rejects UpdateIngress with more rules than this (`Exceed.IngressRule`). */
export const MAX_RULES = 40

/**
 * What to send so the live ingress becomes what the file asks for, given the rules mode.
 * `live` is the DescribeIngress result already in file shape (see normaliseLive).
 *
 * Only settings the file states are compared and sent: a file holding just `IngressId` and
 * `Rules` leaves listener, certificates and timeouts to whoever manages them. When anything
 * changed, every stated setting is sent as the file states it, so the request is the file's
 * intent rather than a patch computed from a snapshot that may already be stale.
 *
 * `options.ruleActions` (from liveRuleActions) lets the plan refuse, or with `dropRuleActions` show, a write that
 * would drop RuleActions of live rules.
 */
export function planChanges(desired: IngressFile, live: IngressFile, mode: RulesMode, options: PlanOptions = {}): Plan {
  const rules = planRules(desired.Rules, live.Rules ?? [], mode, options)
  const stated = statedSettings(desired)
  const settings = settingChanges(stated, live)
  const ingressId = desired.IngressId ?? live.IngressId
  const problems = [...rules.problems, ...identityProblems(desired, live)]
  // Only a rule set that is sent can exceed the limit; upsert counts the merged set (other teams' rules too).
  if (rules.changed && rules.result.length > MAX_RULES) {
    problems.push(
      `Exceed.IngressRule: the ingress would hold ${rules.result.length} rules, SAE allows at most ${MAX_RULES}; nothing was sent`
    )
  }

  const changed = rules.changed || settings.length > 0
  const id: IngressFile = ingressId === undefined ? {} : { IngressId: ingressId }
  const send: IngressFile | undefined = changed
    ? { ...id, ...stated, ...(rules.changed ? { Rules: rules.result } : {}) }
    : undefined

  const { $schema: _schema, ...liveState } = live
  const after: IngressFile = { ...liveState, ...stated, ...id }
  if (rules.touched) after.Rules = rules.result

  return {
    mode,
    rules: rules.changes,
    settings,
    rulesChanged: rules.changed,
    changed,
    ...(send ? { send } : {}),
    after,
    absent: rules.absent,
    ruleActions: rules.carried,
    problems
  }
}

/** The file's settings in the order the file lists them; null counts as not stated. */
function statedSettings(desired: IngressFile): Partial<IngressFile> {
  const stated: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(desired)) {
    if (isSettingName(name) && value !== undefined && value !== null) stated[name] = value
  }
  return stated as Partial<IngressFile>
}

function isSettingName(name: string): name is SettingName {
  return (SETTING_NAMES as readonly string[]).includes(name)
}

function settingChanges(stated: Partial<IngressFile>, live: IngressFile): SettingChange[] {
  const changes: SettingChange[] = []
  for (const [name, after] of Object.entries(stated)) {
    const settingName = name as SettingName
    const before: unknown = live[settingName]
    if (sameSetting(settingName, after, before)) continue
    changes.push({ name: settingName, before, after, ...(defaultRuleOnlyImplicit(settingName, after, before) ? { implicit: true } : {}) })
  }
  return changes
}

/** A DefaultRule in the file is the whole rule too: a live `https` it does not state goes back to `http`. */
function defaultRuleOnlyImplicit(name: SettingName, file: unknown, live: unknown): boolean {
  if (name !== 'DefaultRule' || !isRecord(file) || !isRecord(live)) return false
  return onlyImplicit(ruleDifferences(file as unknown as DefaultRule, live as unknown as DefaultRule))
}

/** Planning one ingress against another's live state would overwrite the wrong rule set. */
function identityProblems(desired: IngressFile, live: IngressFile): string[] {
  if (desired.IngressId === undefined && live.IngressId === undefined) {
    return ['IngressId is not known: set it in the file or with the ingress-id input']
  }
  if (desired.IngressId !== undefined && live.IngressId !== undefined && Number(desired.IngressId) !== Number(live.IngressId)) {
    return [`the file is for ingress ${desired.IngressId} but the live ingress is ${live.IngressId}`]
  }
  return []
}
