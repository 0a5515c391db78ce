// Declarations for analysis.mjs (plain JavaScript, so the bench runs with bare node), for the TypeScript tests.

export declare const SHORT: Record<string, string>
export declare function shortCalls(actions: Array<string | undefined>): string
export declare function quantile(values: number[], q: number): number
export declare function median(values: number[]): number

export declare function floorMs(input: {
  startupMs: number
  rttMs: number
  hosts: Array<{ requests: number; tls?: boolean }>
  serviceMs?: number
}): number

export declare const TARGET_RTT_MS: number
export interface Target {
  floor: number
  bare?: number
}
export declare function describeTarget(target: Target): string
export declare function judgeTarget(target: Target, measured: { ratio: number; bareRatio?: number }): { met: boolean; missed: string[] }

export interface ProbeRecord {
  ms: number
  armedAt: number
  firedAt?: number
  stack: string[]
}
export interface Sleep {
  ms: number
  reason: string
  healthCheck: boolean
}
export declare function deliberateSleeps(records: ProbeRecord[]): { totalMs: number; healthMs: number; otherMs: number; sleeps: Sleep[] }
export declare function describeSleeps(sleeps: Sleep[]): string

export interface Budget {
  sae?: string
  saeConnections?: number
  tlsHandshakes?: number
  healthConnections?: number
  sleepMs?: number
  lostRules?: number
  exit?: number
}
export interface Measured {
  saeCalls?: string
  saeConnections?: number
  tlsHandshakes?: number
  healthConnections?: number
  sleepMs?: number
  lostRules?: number
  exit?: number | null
}
export interface Check {
  name: string
  measured: string
  budget: string
  pass: boolean
}
export declare function checkBudget(mode: string, measured: Measured, budget: Budget): Check[]
