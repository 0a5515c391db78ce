import type { IngressFile, Problem } from '../../engine/ingress/types.js'
import type { Plan, RulesMode } from '../../engine/plan/types.js'
import type { CallMeta } from '../../engine/model/live.js'
import type { HealthResult, Verification } from '../../engine/model/outcome.js'

export type Outcome = 'validated-offline' | 'planned' | 'unchanged' | 'updated' | 'failed'

/** What one run learned, in the order it learned it; the job summary and PR comment render from this alone. */
export interface RunReport {
  file?: string
  ingressId?: number
  regionId?: string
  mode: RulesMode
  dryRun: boolean
  ingress?: IngressFile
  live?: IngressFile
  plan?: Plan
  urls: string[]
  outcome?: Outcome
  update?: CallMeta
  verification?: Verification
  health?: HealthResult
  rollback?: { ok: boolean; message: string; requestId?: string }
  /** Where the live ingress before this run was saved (the previous-config output). */
  previousConfig?: string
  problems?: Problem[]
  warnings: string[]
  error?: string
}
