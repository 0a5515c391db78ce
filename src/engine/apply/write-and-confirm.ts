import type { Clock, Deadline } from '../clock.js'
import { toUpdateRequest } from '../ingress/params.js'
import type { IngressFile } from '../ingress/types.js'
import { planFor, readLive, sinceAnswer, type LiveView } from './live-view.js'
import { planChanges } from '../plan/plan.js'
import { renderDiff } from '../plan/render-diff.js'
import type { Plan, RulesMode } from '../plan/types.js'
import { unmet } from '../plan/verify.js'
import { sameIngress } from '../plan/equivalence.js'
import { PlanRejected } from '../failure.js'
import type { Log } from '../log.js'
import type { CallMeta } from '../model/live.js'
import type { Verification } from '../model/outcome.js'
import { SaeApiError } from '../sae/errors.js'
import { DEFAULT_WRITERS, settleAfterWrite, type ConcurrentWriters, type Timing } from './settle.js'
import { defaultRetryPolicy, withRetry, type RetryPolicy } from '../sae/retry.js'
import type { SaeClient } from '../sae/types.js'
import type { StallMeasure } from './stalls.js'

export interface DeployOptions {
  ingressId: number
  mode: RulesMode
  dryRun: boolean
  wait: boolean
  /** The `drop-rule-actions` input: a write may re-send live rules that have RuleActions, dropping them. */
  dropRuleActions: boolean
  /**
   * Asked with the plan, between reading and writing (the CLI's "apply?"): false writes nothing. A plan that the live
   * ingress no longer gives once the answer came is not written either (PlanRejected).
   */
  approve?(plan: Plan): Promise<boolean>
}

export interface DeployDeps {
  client: SaeClient
  deadline: Deadline
  log: Log
  /** Keeps the live ingress as it was before any write; returns where (the previous-config output), if anywhere. */
  savePrevious(ingress: IngressFile): Promise<string | undefined>
  /** How long a writer may take between its read and its write (see ConcurrentWriters). */
  writers?: ConcurrentWriters
  /** Starts a measure of the event loop's stalls (./stalls.ts): an answer may have waited that long unread. */
  stallsSince?(): StallMeasure
  /** Backoff between UpdateIngress attempts in upsert/remove mode (each one re-reads and merges first). */
  retry?: RetryPolicy
}

export interface DeployResult {
  before: IngressFile
  previousConfig?: string
  plan: Plan
  /** The plan was not approved (DeployOptions.approve): nothing was written. */
  declined?: boolean
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
  const clock = deps.deadline.clock
  let live: LiveView | undefined
  const result = await log.group('Plan', async (): Promise<DeployResult> => {
    live = await readLive(client, options.ingressId, deps)
    const before = live.file
    const previousConfig = await deps.savePrevious(before)
    const plan = planFor(file, live, options.mode, options)
    log.info(`Plan for ingress ${options.ingressId} (${options.mode}):\n${renderDiff(plan)}`)
    for (const key of plan.absent) log.notice(`Rule ${key} is not on ingress ${options.ingressId}: nothing to remove.`)
    return { before, previousConfig, plan }
  })
  if (result.plan.problems.length || !result.plan.changed || !result.plan.send || options.dryRun) return result
  if (options.approve) {
    if (!(await options.approve(result.plan))) return { ...result, declined: true }
    live = await stillPlanned(file, options, deps, { plan: result.plan, from: live! })
  }
  const { plan } = result

  const written = await log.group('Apply', async () => {
    const done = await write(file, options, deps, { plan, from: live! })
    if (done.update) log.info(`UpdateIngress accepted (RequestId ${done.update.requestId}).`)
    return done
  })
  result.update = written.update
  const timing: Timing = { writeMs: written.writeMs, ackAt: clock.now() }
  // A shared rule set has no compare-and-swap: reading back is the only way to notice a concurrent writer.
  if (options.wait || options.mode !== 'replace') {
    result.verification = await log.group('Confirm', () => confirm(file, options, deps, written, timing, update => (result.update = update)))
    const { ok, reads, reapplies } = result.verification
    if (ok) log.info(`Confirmed: the live ingress matches (${reads} read(s), ${reapplies} re-apply(s)).`)
  }
  return result
}

/**
 * After an approval that took its time: the live ingress read again (unless the answer is still within the writers'
 * processing time), which must give the very plan approved; anything else was not what the person said yes to.
 */
async function stillPlanned(file: IngressFile, options: DeployOptions, deps: DeployDeps, approved: Merge): Promise<LiveView> {
  const { processingMs } = deps.writers ?? DEFAULT_WRITERS
  if (sinceAnswer(approved.from, deps.deadline.clock) <= processingMs) return approved.from
  const live = await readLive(deps.client, options.ingressId, deps)
  if (renderDiff(planFor(file, live, options.mode, options)) !== renderDiff(approved.plan)) {
    throw new PlanRejected(`Ingress ${options.ingressId} changed while the plan waited for approval; nothing was written. Plan again.`)
  }
  return live
}

/** A plan and the read it was merged from (`merged`: again, in write()). */
interface Merge {
  plan: Plan
  from: LiveView
  merged?: boolean
}

/**
 * What a write did: its UpdateIngress, if one was sent, and how long that call took on this run's clock (in replace
 * mode the client's retries included: overstating it only lengthens the settle); the ingress it should have left, and
 * the one it merged into.
 */
interface Written {
  update?: CallMeta
  writeMs: number
  after: IngressFile
  over: IngressFile
}

/**
 * Sends a plan. In replace mode the request is the file's intent whatever the live state, so the client retries it
 * as it is. In upsert and remove the request is a merge into a snapshot of the live rules, which is only sent within
 * the writers' processing time of that snapshot's answer (see ConcurrentWriters); after a failed attempt, or when
 * this run was slower than that, the ingress is read and merged again. No update when the fresh read shows nothing
 * left to write (the failed attempt took after all, or someone else made the same change): that read is then the
 * ingress as it should be.
 */
async function write(file: IngressFile, options: DeployOptions, deps: DeployDeps, merge: Merge): Promise<Written> {
  const { client, log } = deps
  const clock = deps.deadline.clock
  if (options.mode === 'replace') {
    const sentAt = clock.now()
    const update = await client.updateIngress(toUpdateRequest(merge.plan.send as IngressFile, options.ingressId))
    return { update, writeMs: clock.now() - sentAt, after: merge.plan.after, over: merge.from.file }
  }
  const { processingMs } = deps.writers ?? DEFAULT_WRITERS
  let current: Merge = merge
  let sent = false
  try {
    const { value } = await withRetry(
      async () => {
        // After a failed attempt, or when this run took too long since the read: read and merge again.
        while (sent || sinceAnswer(current.from, clock) > processingMs) {
          if (!sent) log.debug(`More than ${processingMs} ms since the ingress was read: reading it again before writing.`)
          if (deps.deadline.remainingMs() <= 0) {
            throw new SaeApiError({ code: 'Timeout', message: `No write left within ${processingMs} ms of a read of the ingress before the timeout.`, transient: false })
          }
          sent = false
          const from = await readLive(client, options.ingressId, deps)
          const plan = planFor(file, from, options.mode, options)
          if (plan.problems.length) throw new PlanRejected(plan.problems.join('\n'))
          if (!plan.changed || !plan.send) return { writeMs: 0, after: from.file, over: from.file }
          current = { plan, from, merged: true }
        }
        sent = true
        const sentAt = clock.now()
        const update = client.updateIngress(toUpdateRequest(current.plan.send as IngressFile, options.ingressId), { retry: false })
        // Said once the request is on its way: the time between the read and the write stays the planning's.
        if (current.merged) log.info(`Merged again from the live ingress:\n${renderDiff(current.plan)}`)
        const answer = await update
        return { update: answer, writeMs: clock.now() - sentAt, after: current.plan.after, over: current.from.file }
      },
      deps.deadline,
      deps.retry ?? defaultRetryPolicy,
      (err, n, delay) =>
        log.info(`UpdateIngress: ${err.code} on attempt ${n}; reading the ingress again and merging before the next attempt in ${delay} ms.`)
    )
    return value
  } catch (err) {
    if (err instanceof SaeApiError) err.action ??= 'UpdateIngress'
    throw err
  }
}

/** Applies, in replace mode, a state derived from the live one, and confirms it: used to roll back. */
export async function applyAndConfirm(
  desiredFor: (live: IngressFile) => IngressFile,
  options: DeployOptions,
  deps: DeployDeps
): Promise<{ update?: CallMeta; verification: Verification }> {
  const replace: DeployOptions = { ...options, mode: 'replace' }
  const live = await readLive(deps.client, options.ingressId, deps)
  const desired = desiredFor(live.file)
  const plan = planFor(desired, live, 'replace', options)
  if (plan.problems.length) throw new PlanRejected(plan.problems.join('\n'))
  if (!plan.changed || !plan.send) return { verification: { ok: true, unmet: [], reads: 1, reapplies: 0 } }
  const written = await write(desired, replace, deps, { plan, from: live })
  let update = written.update!
  const timing: Timing = { writeMs: written.writeMs, ackAt: deps.deadline.clock.now() }
  const verification = await confirm(desired, replace, deps, written, timing, u => (update = u))
  return { update, verification }
}

/** Why a run whose change never showed undone still did not confirm it before the timeout. */
const unconfirmed = (reads: number): string =>
  reads === 0
    ? 'the timeout came before the ingress could be read back'
    : 'it was live at the last read, but the ingress kept changing under other writers, and one that read it without the change may still write it away'

/**
 * Whether the live ingress is still `expected` (what our write left, or an earlier read), compared as the planner
 * compares ingresses: nobody has written since, or nobody changed anything.
 */
const unchangedSince = (expected: IngressFile, live: IngressFile): boolean =>
  // The same answer twice is unchanged even where the planner would not say so (two live rules with one key).
  sameIngress(expected, live) || !planChanges(expected, live, 'replace').changed

/**
 * Reads the ingress back until it holds the change. Replace reads at once (the file is the whole truth: the last
 * writer wins). Upsert and remove read once a concurrent writer's window has passed (settleAfterWrite): every
 * run that read before our write has written by then. A read that shows our change and nothing else new since our
 * write is final. One that shows our change among others' is read again a window later, until a window passes with
 * nothing changed: another writer may have taken our rule away and a third put it back meanwhile, and a run that
 * read while it was away lands its merge within a window of that read. A read that shows our change undone is
 * merged with and written again; one that shows the ingress as it was is polled (propagation).
 */
async function confirm(
  file: IngressFile,
  options: DeployOptions,
  deps: DeployDeps,
  ours: Pick<Written, 'after' | 'over'>,
  timing: Timing,
  onUpdate: (update: CallMeta) => void
): Promise<Verification> {
  const { client, deadline, log } = deps
  const clock: Clock = deadline.clock
  const verification: Verification = { ok: false, unmet: [], reads: 0, reapplies: 0 }
  const settle = (): number => {
    if (options.mode === 'replace') return 0
    const pause = settleAfterWrite(timing, clock.now(), deps.writers)
    if (pause > 0) log.debug(`Settling ${pause} ms before the confirming read (a concurrent writer's window).`)
    return pause
  }
  let pause = settle()
  let pollDelay = 500
  let lastWrittenOver = ours.over
  // The ingress as our last write should have left it, then as a read showed it with our change.
  let expected = ours.after
  // Our change was not visible yet at a read: runs that read meanwhile saw the ingress without it.
  let polled = false
  for (;;) {
    if (pause > 0) {
      if (deadline.remainingMs() <= pause) return { ...verification, unmet: verification.unmet.length ? verification.unmet : [unconfirmed(verification.reads)] }
      await clock.sleep(pause)
    }
    const live = await readLive(client, options.ingressId, deps)
    verification.reads++
    verification.unmet = unmet(file, live.file, options.mode)
    if (verification.unmet.length === 0) {
      if (options.mode === 'replace' || (!polled && unchangedSince(expected, live.file))) return { ...verification, ok: true }
      // First seen after polling, or among other writers' changes: a run that read while our change was not there
      // may still land a stale merge. The window runs from now, as from a write.
      polled = false
      expected = live.file
      timing.ackAt = clock.now()
      pause = settle()
      continue
    }
    // The ingress is neither as we left it nor as we wrote it: someone else wrote. Merge our change into their
    // state and write again. Otherwise the write may still be propagating.
    if (!sameIngress(live.file, lastWrittenOver)) {
      const replan = planFor(file, live, options.mode, options)
      if (replan.problems.length) throw new PlanRejected(replan.problems.join('\n'))
      if (replan.changed && replan.send) {
        log.warning(`The ingress changed under this run (${verification.unmet.join('; ')}); merging again and re-applying.`)
        const written = await write(file, options, deps, { plan: replan, from: live })
        // Nothing sent (a fresh read found our change back): the window runs from that read, the round trip is still
        // the last write's.
        timing.ackAt = clock.now()
        if (written.update) {
          timing.writeMs = written.writeMs
          onUpdate(written.update)
          verification.reapplies++
        }
        lastWrittenOver = written.over
        expected = written.after
        polled = false
        pause = settle()
        continue
      }
    }
    polled = true
    pause = pollDelay
    pollDelay = Math.min(pollDelay * 2, 4000)
  }
}
