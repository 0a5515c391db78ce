import type { Clock, Deadline } from './clock.js'
import { toUpdateRequest } from './ingress/params.js'
import type { IngressFile } from './ingress/types.js'
import { liveRuleActions, normaliseLive } from './plan/normalise.js'
import { planChanges } from './plan/plan.js'
import { renderDiff } from './plan/render-diff.js'
import type { LiveRuleActions, Plan, PlanOptions, RulesMode } from './plan/types.js'
import { unmet } from './plan/verify.js'
import { sameIngress } from './rollback.js'
import { PlanRejected } from './failure.js'
import type { CallMeta } from './model/live.js'
import type { Verification } from './model/outcome.js'
import { SaeApiError } from './sae/errors.js'
import { defaultRetryPolicy, withRetry, type RetryPolicy } from './sae/retry.js'
import type { SaeClient } from './sae/types.js'

export interface DeployOptions {
  ingressId: number
  mode: RulesMode
  dryRun: boolean
  wait: boolean
  /** The `drop-rule-actions` input: a write may re-send live rules that have RuleActions, dropping them. */
  dropRuleActions: boolean
}

export interface DeployDeps {
  client: SaeClient
  deadline: Deadline
  log: { info(message: string): void; warning(message: string): void; notice(message: string): void; debug?(message: string): void }
  /** Keeps the live ingress as it was before any write; returns where (the previous-config output). */
  savePrevious(ingress: IngressFile): Promise<string>
  /** How long a concurrent writer may take between its read and its write (see settleAfterWrite). */
  writers?: ConcurrentWriters
  /** A collapsible section of the log around one phase (plan, apply, confirm); the default just runs it. */
  group?<T>(title: string, work: () => Promise<T>): Promise<T>
  /** Backoff between UpdateIngress attempts in upsert/remove mode (each one re-reads and merges first). */
  retry?: RetryPolicy
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
 * What upsert and remove assume of another run writing the same ingress: its round trip to the service is at most
 * `rttFactor` times this run's, and its own work between reading and writing is at most `processingMs` plus
 * `processingFactor` times this run's (a busy runner slows every run on it: ten runs on two cores take several times
 * as long between an answer and the next request). Its read-modify-write window is then bounded by those: with the
 * re-read before every retry, nothing else (no backoff) ever sits between its read and its write.
 */
export interface ConcurrentWriters {
  rttFactor: number
  processingMs: number
  processingFactor: number
}

export const DEFAULT_WRITERS: ConcurrentWriters = { rttFactor: 2, processingMs: 300, processingFactor: 4 }

/** Round-trip and processing times this run measured of itself, for sizing the settle before the second read. */
export interface Timing {
  /** The longest call so far, ms: request sent to answer read. */
  rttMs: number
  /** Our own work between the answer to the read and sending the write, ms. */
  processingMs: number
  /** When the last UpdateIngress was acknowledged (clock ms). */
  ackAt: number
}

/**
 * The quiet time before the second confirming read in upsert/remove. A writer that read the ingress before our
 * write was applied (at about ackAt − rtt/2, service time) and then wrote its stale merge lands by
 * ackAt − rtt/2 + its window (rttFactor·rtt + processing). Our read is served about rtt/2 after it is sent, so sending it
 * at ackAt + (rttFactor − 1)·rtt + processing or later sees that write. The first confirming read already took one
 * round trip of that. Pure.
 */
export function settleAfterWrite(timing: Timing, now: number, writers: ConcurrentWriters = DEFAULT_WRITERS): number {
  const processing = writers.processingMs + writers.processingFactor * timing.processingMs
  const earliest = timing.ackAt + (writers.rttFactor - 1) * timing.rttMs + processing
  return Math.max(0, Math.ceil(earliest - now))
}

/** The live ingress in file shape, plus what the file format cannot hold but a write must not lose. */
interface LiveView {
  file: IngressFile
  ruleActions: LiveRuleActions
}

async function readLive(client: SaeClient, ingressId: number): Promise<LiveView> {
  const { ingress } = await client.describeIngress(ingressId)
  return { file: normaliseLive(ingress), ruleActions: liveRuleActions(ingress) }
}

function planFor(file: IngressFile, live: LiveView, mode: RulesMode, options: DeployOptions): Plan {
  const planOptions: PlanOptions = { ruleActions: live.ruleActions, dropRuleActions: options.dropRuleActions }
  return planChanges(file, live.file, mode, planOptions)
}

/**
 * Describe, plan, and (unless dry, unchanged or rejected: see plan.problems) write and confirm.
 * Health checks and rollback are the caller's.
 */
export async function deploy(file: IngressFile, options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const { client, log } = deps
  const group = deps.group ?? (<T>(_title: string, work: () => Promise<T>) => work())
  const clock = deps.deadline.clock
  const timing: Timing = { rttMs: 0, processingMs: 0, ackAt: 0 }
  let answeredAt = 0
  const result = await group('Plan', async (): Promise<DeployResult> => {
    const readAt = clock.now()
    const live = await readLive(client, options.ingressId)
    answeredAt = clock.now()
    timing.rttMs = answeredAt - readAt
    const before = live.file
    const previousConfig = await deps.savePrevious(before)
    const plan = planFor(file, live, options.mode, options)
    log.info(`Plan for ingress ${options.ingressId} (${options.mode}):\n${renderDiff(plan)}`)
    for (const key of plan.absent) log.notice(`Rule ${key} is not on ingress ${options.ingressId}: nothing to remove.`)
    return { before, previousConfig, plan }
  })
  const { plan, before } = result
  if (plan.problems.length || !plan.changed || !plan.send || options.dryRun) return result

  const sentAt = clock.now()
  timing.processingMs = sentAt - answeredAt
  result.update = await group('Apply', async () => {
    const update = await write(file, options, deps, plan)
    if (update) log.info(`UpdateIngress accepted (RequestId ${update.requestId}).`)
    return update
  })
  timing.ackAt = clock.now()
  // The write's own round trip: the first read also paid the TCP and TLS handshakes.
  timing.rttMs = timing.ackAt - sentAt
  // A shared rule set has no compare-and-swap: reading back is the only way to notice a concurrent writer.
  if (options.wait || options.mode !== 'replace') {
    result.verification = await group('Confirm', () => confirm(file, options, deps, before, timing, update => (result.update = update)))
    const { ok, reads, reapplies } = result.verification
    if (ok) log.info(`Confirmed: the live ingress matches (${reads} read(s), ${reapplies} re-apply(s)).`)
  }
  return result
}

/**
 * Sends a plan. In replace mode the request is the file's intent whatever the live state, so the client retries it
 * as it is. In upsert and remove the request is a merge into a snapshot of the live rules: after a failed attempt
 * another writer may have changed them, so every further attempt reads the ingress again and merges anew. Returns
 * undefined when the fresh read shows nothing left to write (the failed attempt took after all, or someone else
 * made the same change).
 */
async function write(file: IngressFile, options: DeployOptions, deps: DeployDeps, plan: Plan): Promise<CallMeta | undefined> {
  const { client, log } = deps
  const send = plan.send as IngressFile
  if (options.mode === 'replace') return client.updateIngress(toUpdateRequest(send, options.ingressId))
  let request: IngressFile | undefined = send
  let attempt = 0
  try {
    const { value } = await withRetry(
      async () => {
        if (attempt++ > 0) {
          const replan = planFor(file, await readLive(client, options.ingressId), options.mode, options)
          if (replan.problems.length) throw new PlanRejected(replan.problems.join('\n'))
          request = replan.changed ? replan.send : undefined
          if (request === undefined) return undefined
          log.info(`Merged again from the live ingress:\n${renderDiff(replan)}`)
        }
        return client.updateIngress(toUpdateRequest(request as IngressFile, options.ingressId), { retry: false })
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
  const live = await readLive(deps.client, options.ingressId)
  const desired = desiredFor(live.file)
  const plan = planFor(desired, live, 'replace', options)
  if (plan.problems.length) throw new PlanRejected(plan.problems.join('\n'))
  if (!plan.changed || !plan.send) return { verification: { ok: true, unmet: [], reads: 1, reapplies: 0 } }
  let update: CallMeta = await deps.client.updateIngress(toUpdateRequest(plan.send, options.ingressId))
  const timing: Timing = { rttMs: 0, processingMs: 0, ackAt: deps.deadline.clock.now() }
  const verification = await confirm(desired, { ...options, mode: 'replace' }, deps, live.file, timing, u => (update = u))
  return { update, verification }
}

async function confirm(
  file: IngressFile,
  options: DeployOptions,
  deps: DeployDeps,
  beforeWrite: IngressFile,
  timing: Timing,
  onUpdate: (update: CallMeta) => void
): Promise<Verification> {
  const { client, deadline, log } = deps
  const clock: Clock = deadline.clock
  const verification: Verification = { ok: false, unmet: [], reads: 0, reapplies: 0 }
  let confirmations = 0
  // In upsert/remove the change is confirmed by two reads a writer's window apart that show the very same ingress:
  // then nobody wrote in between, so every run that read before our write has written already, and every run that
  // read since holds our rules. A read that shows our rules but another change starts the window again.
  let confirmed: IngressFile | undefined
  // The first read goes out as soon as the write is acknowledged; polling for propagation then backs off from here.
  let pause = 0
  let pollDelay = 500
  let lastWrittenOver = beforeWrite
  for (;;) {
    if (pause > 0) {
      if (deadline.remainingMs() <= pause) return verification
      await clock.sleep(pause)
    }
    const readAt = clock.now()
    const live = await readLive(client, options.ingressId)
    timing.rttMs = Math.max(timing.rttMs, clock.now() - readAt)
    verification.reads++
    verification.unmet = unmet(file, live.file, options.mode)
    if (verification.unmet.length === 0) {
      confirmations++
      if (options.mode === 'replace' || (confirmed !== undefined && sameIngress(live.file, confirmed))) return { ...verification, ok: true }
      // Someone wrote since the last read (or this is the first): the window runs from now.
      if (confirmed !== undefined) timing.ackAt = clock.now()
      confirmed = live.file
      pause = settleAfterWrite(timing, clock.now(), deps.writers)
      if (pause > 0) log.debug?.(`Settling ${pause} ms before the second confirming read (a concurrent writer's window).`)
      continue
    }
    // Once our change has been seen, or the ingress is neither as we left it nor as we wrote it, someone else
    // wrote: merge our change into their state and write again. Otherwise the write may still be propagating.
    const overwritten = confirmations > 0 || !sameIngress(live.file, lastWrittenOver)
    confirmations = 0
    confirmed = undefined
    if (overwritten) {
      const replan = planFor(file, live, options.mode, options)
      if (replan.problems.length) throw new PlanRejected(replan.problems.join('\n'))
      if (replan.changed && replan.send) {
        log.warning(`The ingress changed under this run (${verification.unmet.join('; ')}); merging again and re-applying.`)
        const update = await write(file, options, deps, replan)
        timing.ackAt = clock.now()
        if (update) onUpdate(update)
        verification.reapplies++
        lastWrittenOver = live.file
        pause = 0
        continue
      }
    }
    // Not visible yet: the service may still be propagating the change.
    pause = pollDelay
    pollDelay = Math.min(pollDelay * 2, 4000)
  }
}
