// How long an upsert or remove waits between its write and its confirming read: the rule every run follows, what it
// assumes of the others writing the same ingress, and the wait that follows from both (README "Concurrency").

/**
 * The rule every run follows in upsert and remove, and what it assumes of the others writing the same ingress.
 * - A write leaves at most `processingMs` after the answer to the read it was merged from arrived (its time unread
 *   in a stalled process counts); a run that took longer (a busy runner) reads and merges again first. So a writer's
 *   read-modify-write window is its read's way back, `processingMs`, and its write's round trip (the service's time
 *   on the write included) at most.
 * - Another writer's write round trip is at most `rttFactor` times this run's (runners of one workflow sit in one
 *   region, and the service is the same), and each request's way there and way back take about half the network's
 *   round trip each.
 * A run that read the ingress before our write was applied therefore lands its write (a merge that lacks our rule)
 * within a bounded time of our write's acknowledgement; see settleAfterWrite.
 */
export interface ConcurrentWriters {
  rttFactor: number
  processingMs: number
}

export const DEFAULT_WRITERS: ConcurrentWriters = { rttFactor: 1.5, processingMs: 100 }

/** What this run measured, for sizing the settle before its confirming read. */
export interface Timing {
  /** The last write's round trip, ms: request sent to answer read (the service's time on the write included). */
  rttMs: number
  /** The quickest read's round trip so far, ms: about the network's round trip alone (LiveView.networkRttMs, ./live-view.ts). */
  readRttMs: number
  /** When the last UpdateIngress was acknowledged, or our change was first seen after polling (clock ms). */
  ackAt: number
}

/**
 * The quiet time between our write's acknowledgement and the confirming read in upsert/remove. With n the network
 * round trip (the quickest read's) and W a write's (network and service time): our write was applied about n/2
 * before its acknowledgement. A writer that read before that (served then, answered n/2 later) sends its stale merge
 * within processingMs, and it is applied within its W ≤ rttFactor·W_ours: by ackAt − n/2 + n/2 + processingMs +
 * rttFactor·W. Our read is served about n/2 after it is sent, so sending it at ackAt + rttFactor·W − n +
 * processingMs or later sees that write. With a service that answers at once (W = n) that is half a round trip plus
 * processingMs. A writer that read after our write merged into a state holding our rule. Pure.
 */
export function settleAfterWrite(timing: Timing, now: number, writers: ConcurrentWriters = DEFAULT_WRITERS): number {
  const network = Math.min(timing.readRttMs, timing.rttMs)
  const earliest = timing.ackAt + writers.rttFactor * timing.rttMs - network + writers.processingMs
  return Math.max(0, Math.ceil(earliest - now))
}
