import type { ApplyOutcome, ApplyResult } from '../../engine/apply/deploy.js'
import type { IngressFile, Problem } from '../../engine/ingress/types.js'
import type { RulesMode } from '../../engine/plan/types.js'

export type Outcome = 'validated-offline' | ApplyOutcome

/** What one run learned, in the order it learned it; the outputs, job summary and PR comment render from this alone. */
export interface RunReport extends Partial<Omit<ApplyResult, 'outcome'>> {
  file?: string
  ingressId?: number
  regionId?: string
  mode: RulesMode
  dryRun: boolean
  ingress?: IngressFile
  urls: string[]
  outcome?: Outcome
  problems?: Problem[]
  warnings: string[]
  error?: string
}
