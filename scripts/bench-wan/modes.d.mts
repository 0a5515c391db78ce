// Declarations for modes.mjs (plain JavaScript, so the bench runs with bare node), for the TypeScript tests.
import type { Budget, Target } from './analysis.mjs'

export type SeedName = 'base' | 'applied' | 'preview' | 'previewWithRule'
export interface Mode {
  id: string
  label: string
  inputs: Record<string, string>
  env?: Record<string, string>
  seed: SeedName
  propagationMs?: number
  health?: boolean
  necessary: { sae: number; health: number }
  serviceMs?: (rttMs: number) => number
  bare?: string
  target?: Target
  expect: { exit: number; changed?: string; ingress?: SeedName }
  budget: Omit<Budget, 'sleepMs'> & { sleepMs?: number | ((rttMs: number) => number) }
}

export declare const PREVIEW_INGRESS_ID: number
export declare const PRODUCTION_INGRESS_ID: number
export declare const PROPAGATION_MS: number
export declare const SETTLE_SLACK_MS: number
export declare function settleBudget(rttMs: number): number
export declare const MODES: Mode[]
export declare const CONCURRENT_RUNS: number
export declare function concurrentPrs(): number[]
export declare function previewDomain(pr: number | string): string
export declare function concurrentInputs(): Record<string, string>
