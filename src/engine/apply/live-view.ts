// The live ingress as a run reads it: in file shape, with what a write must not lose, and when the answer came (what
// the concurrency rule of ./settle.ts measures from); and a plan made from such a read.
import type { Clock, Deadline } from '../clock.js'
import type { IngressFile } from '../ingress/types.js'
import { liveRuleActions, normaliseLive } from '../plan/normalise.js'
import { planChanges } from '../plan/plan.js'
import type { LiveRuleActions, Plan, PlanOptions, RulesMode } from '../plan/types.js'
import type { SaeClient } from '../sae/types.js'
import type { StallMeasure } from './stalls.js'

/**
 * The live ingress in file shape, plus what the file format cannot hold but a write must not lose, when the answer
 * was read (clock ms), and how long it may have waited unread before (a write merged from it must leave within the
 * writers' processing time of its arrival).
 */
export interface LiveView {
  file: IngressFile
  ruleActions: LiveRuleActions
  answeredAt: number
  unreadMs: number
}

/** One DescribeIngress of `ingressId`, timed as LiveView says. */
export async function readLive(client: SaeClient, ingressId: number, deps: { deadline: Deadline; stallsSince?(): StallMeasure }): Promise<LiveView> {
  const stalled = deps.stallsSince?.()
  const { ingress } = await client.describeIngress(ingressId)
  return {
    file: normaliseLive(ingress),
    ruleActions: liveRuleActions(ingress),
    answeredAt: deps.deadline.clock.now(),
    // The answer arrived at some point of the wait: it may have waited as long as the longest stall since the request.
    unreadMs: stalled?.longest() ?? 0
  }
}

/** Time since the answer to `live` arrived, as far as this run can tell. */
export const sinceAnswer = (live: LiveView, clock: Clock): number => clock.now() - live.answeredAt + live.unreadMs

/** The plan for `file` against a read, with the read's rule actions (which a write may have to keep or drop). */
export function planFor(file: IngressFile, live: LiveView, mode: RulesMode, options: { dropRuleActions: boolean }): Plan {
  const planOptions: PlanOptions = { ruleActions: live.ruleActions, dropRuleActions: options.dropRuleActions }
  return planChanges(file, live.file, mode, planOptions)
}
