// Declarations for analysis.mjs (plain JavaScript, so the bench runs with bare node), for the TypeScript tests.
import type { TimelineEvent } from './delay-proxy.mjs'

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

export interface Interval {
  start: number
  end: number
}
export declare function waitIntervals(timeline: TimelineEvent[]): Interval[]
export declare function timeBreakdown(
  timeline: TimelineEvent[],
  run: { startedAt: number; endedAt: number; minGapMs?: number }
): { startMs: number; networkMs: number; clientMs: number; tailMs: number; gaps: Array<{ atMs: number; ms: number }> }

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
