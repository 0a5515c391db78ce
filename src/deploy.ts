import type { Clock, Deadline } from './clock.js'
import { toUpdateRequest } from './ingress/params.js'
import type { IngressFile } from './ingress/types.js'
import type { RulesMode } from './plan/types.js'
import { normaliseLive } from './plan/normalise.js'
import { planChanges } from './plan/plan.js'
import { renderDiff } from './plan/render-diff.js'
import type { Plan } from './plan/types.js'
import { unmet } from './plan/verify.js'
import { sameIngress } from './rollback.js'
import { PlanRejected } from './failure.js'
import type { CallMeta } from './model/live.js'
import type { Verification } from './model/outcome.js'
import type { SaeClient } from './sae/types.js'

export interface DeployOptions {
  ingressId: number
  mode: RulesMode
  dryRun: boolean
  wait: boolean
  /** Whether re-sending live rules may drop their console-made RuleActions. */
  dropRuleActions?: boolean
}

export interface DeployDeps {
  client: SaeClient
  deadline: Deadline
  log: { info(message: string): void; warning(message: string): void }
  /** Keeps the live ingress as it was before any write; returns where (the previous-config output). */
  savePrevious(ingress: IngressFile): Promise<string>
  /** Quiet period, in ms, between two confirmations in upsert/remove mode: [min, max), jittered. */
  settleMs?: readonly [number, number]
}

export interface DeployResult {
  before: IngressFile
  previousConfig: string
  plan: Plan
  /** The last UpdateIngress, if one was made. */
  update?: CallMeta
  verification?: Verification
}

/**
 * Describe, plan, and (unless dry, unchanged or rejected: see plan.problems) write and confirm.
 * Health checks and rollback are the caller's.
 */
export async function deploy(file: IngressFile, options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const { client, log } = deps
  const before = normaliseLive((await client.describeIngress(options.ingressId)).ingress)
  const previousConfig = await deps.savePrevious(before)
  const plan = planChanges(file, before, options.mode)
  const result: DeployResult = { before, previousConfig, plan }
  log.info(`Plan for ingress ${options.ingressId} (${options.mode}):\n${renderDiff(plan)}`)
  if (plan.problems.length || !plan.changed || !plan.send || options.dryRun) return result

  result.update = await client.updateIngress(toUpdateRequest(plan.send, options.ingressId))
  log.info(`UpdateIngress accepted (RequestId ${result.update.requestId}).`)
  // A shared rule set has no compare-and-swap: reading back is the only way to notice a concurrent writer.
  if (options.wait || options.mode !== 'replace') {
    result.verification = await confirm(file, options, deps, before, update => (result.update = update))
    const { ok, reads, reapplies } = result.verification
    if (ok) log.info(`Confirmed: the live ingress matches (${reads} read(s), ${reapplies} re-apply(s)).`)
  }
  return result
}

/** Applies, in replace mode, a state derived from the live one, and confirms it: used to roll back. */
export async function applyAndConfirm(
  desiredFor: (live: IngressFile) => IngressFile,
  options: DeployOptions,
  deps: DeployDeps
): Promise<{ update?: CallMeta; verification: Verification }> {
  const live = normaliseLive((await deps.client.describeIngress(options.ingressId)).ingress)
  const desired = desiredFor(live)
  const plan = planChanges(desired, live, 'replace')
  if (!plan.changed || !plan.send) return { verification: { ok: true, unmet: [], reads: 1, reapplies: 0 } }
  let update: CallMeta = await deps.client.updateIngress(toUpdateRequest(plan.send, options.ingressId))
  const verification = await confirm(desired, { ...options, mode: 'replace' }, deps, live, u => (update = u))
  return { update, verification }
}

async function confirm(
  file: IngressFile,
  options: DeployOptions,
  deps: DeployDeps,
  beforeWrite: IngressFile,
  onUpdate: (update: CallMeta) => void
): Promise<Verification> {
  const { client, deadline, log } = deps
  const clock: Clock = deadline.clock
  const [settleMin, settleMax] = deps.settleMs ?? [1500, 3000]
  const verification: Verification = { ok: false, unmet: [], reads: 0, reapplies: 0 }
  let confirmations = 0
  let pause = 0
  let pollDelay = 500
  let lastWrittenOver = beforeWrite
  for (;;) {
    if (pause > 0) {
      if (deadline.remainingMs() <= pause) return verification
      await clock.sleep(pause)
    }
    const live = normaliseLive((await client.describeIngress(options.ingressId)).ingress)
    verification.reads++
    verification.unmet = unmet(file, live, options.mode)
    if (verification.unmet.length === 0) {
      confirmations++
      if (options.mode === 'replace' || confirmations >= 2) return { ...verification, ok: true }
      pause = settleMin + Math.floor(clock.random() * (settleMax - settleMin))
      continue
    }
    // Once our change has been seen, or the ingress is neither as we left it nor as we wrote it, someone else
    // wrote: merge our change into their state and write again. Otherwise the write may still be propagating.
    const overwritten = confirmations > 0 || !sameIngress(live, lastWrittenOver)
    confirmations = 0
    if (overwritten) {
      const replan = planChanges(file, live, options.mode)
      if (replan.problems.length) throw new PlanRejected(replan.problems.join('\n'))
      if (replan.changed && replan.send) {
        log.warning(`The ingress changed under this run (${verification.unmet.join('; ')}); merging again and re-applying.`)
        onUpdate(await client.updateIngress(toUpdateRequest(replan.send, options.ingressId)))
        verification.reapplies++
        lastWrittenOver = live
        pause = 0
        continue
      }
    }
    // Not visible yet: the service may still be propagating the change.
    pause = pollDelay
    pollDelay = Math.min(pollDelay * 2, 4000)
  }
}
