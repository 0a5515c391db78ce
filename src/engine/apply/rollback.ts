import type { IngressFile } from '../ingress/types.js'
import { ruleKey } from '../plan/equivalence.js'
import type { RulesMode } from '../plan/types.js'

/**
 * What to re-apply (in replace mode) to undo this run: the settings the file set go back to their earlier values,
 * and the rules this run touched go back to how they were. In upsert/remove mode every other rule is kept as it is
 * live now, so a rollback never undoes another team's concurrent change.
 */
export function rollbackTarget(file: IngressFile, mode: RulesMode, before: IngressFile, live: IngressFile): IngressFile {
  const target: IngressFile = { IngressId: before.IngressId }
  const record = target as Record<string, unknown>
  for (const key of Object.keys(file) as Array<keyof IngressFile>) {
    if (key === 'Rules' || key === 'IngressId' || key === '$schema' || key === 'LoadBalanceType') continue
    if (before[key] !== undefined) record[key] = before[key]
  }
  if (!file.Rules) return target
  if (mode === 'replace') {
    target.Rules = before.Rules ?? []
    return target
  }
  const touched = new Set(file.Rules.map(ruleKey))
  target.Rules = [
    ...(live.Rules ?? []).filter(rule => !touched.has(ruleKey(rule))),
    ...(before.Rules ?? []).filter(rule => touched.has(ruleKey(rule)))
  ]
  return target
}
