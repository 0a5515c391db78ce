import type { ApplyOutcome, ApplyResult } from '../../engine/apply/deploy.js'
import type { FileMode, IngressFile, Problem } from '../../engine/ingress/types.js'

export type Outcome = 'validated-offline' | ApplyOutcome

/** A preview rule a prune found: its pull request, and whether that is closed (the rule goes) or not (it stays). */
export interface PrunedRule {
  key: string
  number: number
  state: 'open' | 'closed' | 'unknown'
  url?: string
}

/** What one run learned, in the order it learned it; the outputs, job summary and PR comment render from this alone. */
export interface RunReport extends Partial<Omit<ApplyResult, 'outcome'>> {
  file?: string
  ingressId?: number
  regionId?: string
  mode: FileMode
  dryRun: boolean
  ingress?: IngressFile
  urls: string[]
  outcome?: Outcome
  problems?: Problem[]
  /** rules-mode prune: every preview rule found, with its pull request's state. */
  prune?: PrunedRule[]
  /** The drift issue kept with drift-issue: what was done to it, or why it could not be. */
  driftIssue?: string
  warnings: string[]
  error?: string
}
