// How long an upsert or remove waits between its write and its confirming read: the rule every run follows, what it
// assumes of the others writing the same ingress, and the wait that follows from both. The derivation is in
// docs/concurrency.md.

/**
 * The rule every run follows in upsert and remove, and what it assumes of the others writing the same ingress.
 * - A write leaves at most `processingMs` after the answer to the read it was merged from arrived (its time unread
 *   in a stalled process counts); a run that took longer (a busy runner) reads and merges again first.
 * - Another writer's UpdateIngress round trip is at most this run's plus one network round trip: runners of one
 *   workflow sit in one region and call one service.
 * A run that read the ingress before our write was applied therefore lands its write (a merge that lacks our rule)
 * within `processingMs` plus our write's round trip after our write was acknowledged; see settleAfterWrite.
 */
export interface ConcurrentWriters {
  processingMs: number
}

export const DEFAULT_WRITERS: ConcurrentWriters = { processingMs: 100 }

/** Our last write, as this run's clock saw it. */
export interface Timing {
  /** The write's round trip, ms: from before the call to its answer, on this run's clock (so never understated). */
  writeMs: number
  /** When the last UpdateIngress was acknowledged, or our change was first seen after polling (clock ms). */
  ackAt: number
}

/**
 * The quiet time between our write's acknowledgement and the confirming read in upsert/remove: processingMs plus the
 * write's round trip, counted from the acknowledgement. Pure.
 */
export function settleAfterWrite(timing: Timing, now: number, writers: ConcurrentWriters = DEFAULT_WRITERS): number {
  return Math.max(0, Math.ceil(timing.ackAt + timing.writeMs + writers.processingMs - now))
}
