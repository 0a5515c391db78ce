// The live ingress as a run reads it: in file shape, with what a write must not lose, and when and how fast the
// answer came (what the concurrency rules of ./settle.ts measure); and a plan made from such a read.
import type { Clock, Deadline } from '../clock.js'
import type { IngressFile } from '../ingress/types.js'
import { liveRuleActions, normaliseLive } from '../plan/normalise.js'
import { planChanges } from '../plan/plan.js'
import type { LiveRuleActions, Plan, PlanOptions, RulesMode } from '../plan/types.js'
import type { SaeClient } from '../sae/types.js'
import type { StallMeasure } from './stalls.js'

/**
 * The live ingress in file shape, plus what the file format cannot hold but a write must not lose, when the answer
 * was read (clock ms), how long it may have waited unread before (a write merged from it must leave within the
 * writers' processing time of its arrival), and the read's round trip as a measure of the network's.
 */
export interface LiveView {
  file: IngressFile
  ruleActions: LiveRuleActions
  answeredAt: number
  unreadMs: number
  networkRttMs: number
}

/** How long before an answer is read a stall may have ended and still have held it: the answer's own processing. */
const ANSWER_PROCESSING_MS = 50

/** One DescribeIngress of `ingressId`, timed as LiveView says. */
export async function readLive(client: SaeClient, ingressId: number, deps: { deadline: Deadline; stallsSince?(): StallMeasure }): Promise<LiveView> {
  const clock = deps.deadline.clock
  const stalled = deps.stallsSince?.()
  const readAt = clock.now()
  const { ingress, roundTripMs } = await client.describeIngress(ingressId)
  const answeredAt = clock.now()
  return {
    file: normaliseLive(ingress),
    ruleActions: liveRuleActions(ingress),
    answeredAt,
    // The answer arrived at some point of the wait: it may have waited as long as the longest stall since the request.
    unreadMs: stalled?.longest() ?? 0,
    // The settle subtracts this, so it must not overstate the network: on the wire when the transport measured it
    // (not the TCP and TLS handshakes or a proxy's tunnel a first request waits for, nor a retry's wait), less the
    // stalls that can have held the answer.
    networkRttMs: Math.max(0, (roundTripMs ?? answeredAt - readAt) - (stalled?.holding(ANSWER_PROCESSING_MS) ?? 0))
  }
}

/** Time since the answer to `live` arrived, as far as this run can tell. */
export const sinceAnswer = (live: LiveView, clock: Clock): number => clock.now() - live.answeredAt + live.unreadMs

/** The plan for `file` against a read, with the read's rule actions (which a write may have to keep or drop). */
export function planFor(file: IngressFile, live: LiveView, mode: RulesMode, options: { dropRuleActions: boolean }): Plan {
  const planOptions: PlanOptions = { ruleActions: live.ruleActions, dropRuleActions: options.dropRuleActions }
  return planChanges(file, live.file, mode, planOptions)
}
