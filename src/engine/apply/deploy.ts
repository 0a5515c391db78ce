// The engine's apply: plan against the live ingress, write, confirm, check health, roll back on failure. Both front
// ends call it; each hands it what it needs and nothing of its own settings.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { deadlineAfter, type Clock, type Deadline } from '../clock.js'
import { failureMessage } from '../failure-message.js'
import type { IngressFile } from '../ingress/types.js'
import type { Log } from '../log.js'
import type { CallMeta } from '../model/live.js'
import type { HealthResult, Verification } from '../model/outcome.js'
import type { ProxyVariables } from '../net/proxy.js'
import type { Plan } from '../plan/types.js'
import type { SaeSession } from '../sae/session.js'
import { displayUrl } from '../text/display-url.js'
import type { Secrets } from '../text/secrets.js'
import { waitUntilHealthy, type HealthCheck } from './health.js'
import { rollbackTarget } from './rollback.js'
import { watchStalls } from './stalls.js'
import { applyAndConfirm, deploy, type DeployDeps, type DeployOptions } from './write-and-confirm.js'

export interface ApplyOptions extends DeployOptions {
  /** Where to keep the live ingress as it was before the change (the action's previous-config output). */
  previousConfigDir?: string
}

/** After a write took: the health check to make, and whether to roll back when it (or the confirmation) fails. */
export interface SafetyNet {
  healthCheck?: HealthCheck
  rollbackOnFailure: boolean
}

/** What the engine needs of its front end: where to say things, the run's secrets, time, and the proxy rules. */
export interface EngineContext {
  log: Log
  secrets: Secrets
  clock: Clock
  proxies: ProxyVariables
}

export type ApplyOutcome = 'planned' | 'unchanged' | 'updated' | 'declined' | 'failed'

/** What an apply learned, as far as it got. */
export interface ApplyResult {
  outcome: ApplyOutcome
  /** The live ingress before any write, in file shape. */
  live: IngressFile
  plan: Plan
  update?: CallMeta
  verification?: Verification
  health?: HealthResult
  rollback?: { ok: boolean; message: string; requestId?: string }
  previousConfig?: string
  error?: string
}

/**
 * Plans `file` against the live ingress and, unless it is a dry run, writes and confirms it; then the health check,
 * and the rollback if that fails and it was asked for. All of it ends by the session's deadline. A plan that cannot
 * be applied, a change that did not take and a failed health check come back in `error` with everything learned so
 * far; a call that failed (a read or a write refused, the live ingress changed during approval) is thrown.
 */
export async function applyIngress(
  file: IngressFile,
  options: ApplyOptions,
  session: SaeSession,
  ctx: EngineContext,
  net: SafetyNet = { rollbackOnFailure: false }
): Promise<ApplyResult> {
  const { log, clock } = ctx
  // With rollback on, a quarter of the time left is kept for the rollback.
  const overall = session.deadline
  const deadline = net.rollbackOnFailure ? deadlineAfter(clock, overall.remainingMs() * 0.75) : overall
  log.info(`Planning ingress ${options.ingressId} at ${session.endpoint} (${options.mode} mode, credentials from ${session.credentialsFrom}).`)
  // Upsert and remove bound a write's distance from its read, time unread in a stalled process included.
  const stalls = options.mode === 'replace' ? undefined : watchStalls(clock)
  try {
    const deps: DeployDeps = {
      client: session.client(deadline),
      deadline,
      log,
      stallsSince: stalls?.since,
      savePrevious: async live => (options.previousConfigDir ? savePreviousConfig(options.previousConfigDir, live, options.ingressId, ctx) : undefined)
    }
    const deployed = await deploy(file, options, deps)
    const result: ApplyResult = {
      outcome: 'failed',
      live: deployed.before,
      plan: deployed.plan,
      update: deployed.update,
      verification: deployed.verification,
      previousConfig: deployed.previousConfig
    }
    const { plan } = deployed
    if (plan.problems.length) return { ...result, error: `The plan cannot be applied: ${plan.problems.join('; ')}` }
    result.outcome = options.dryRun ? 'planned' : deployed.declined ? 'declined' : plan.changed ? 'updated' : 'unchanged'
    if (result.outcome !== 'updated') return result
    const failure = await afterWrite(result, net.healthCheck, deadline, ctx)
    if (!failure) return result
    if (!net.rollbackOnFailure) return { ...result, outcome: 'failed', error: failure }
    result.rollback = await log.group('Rollback', () => rollBack(file, options, { ...deps, client: session.client(overall), deadline: overall }, deployed.before))
    return { ...result, outcome: 'failed', error: `${failure} Rolled back: ${result.rollback.ok ? 'yes' : 'no'} (${result.rollback.message}).` }
  } finally {
    stalls?.stop()
  }
}

/** Why a write that was accepted still failed: it did not take, or the health check refused it. */
async function afterWrite(result: ApplyResult, check: HealthCheck | undefined, deadline: Deadline, { log, proxies }: EngineContext): Promise<string | undefined> {
  if (result.verification && !result.verification.ok) return `The change did not take within the timeout: ${result.verification.unmet.join('; ')}`
  if (!check) return undefined
  result.health = await log.group('Health check', () => waitUntilHealthy(check, deadline, { proxies }))
  if (result.health.ok) return undefined
  const seen = result.health.status !== undefined ? `HTTP ${result.health.status}` : result.health.error
  return `Health check failed: ${displayUrl(result.health.url)} answered ${seen} after ${result.health.attempts} attempt(s).`
}

function savePreviousConfig(dir: string, ingress: IngressFile, ingressId: number, ctx: EngineContext): string {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `sae-ingress-${ingressId}-previous-${ctx.clock.now()}.json`)
  writeFileSync(file, ctx.secrets.redact(JSON.stringify(ingress, null, 2)) + '\n', { mode: 0o600 })
  return file
}

async function rollBack(file: IngressFile, options: DeployOptions, deps: DeployDeps, before: IngressFile): Promise<NonNullable<ApplyResult['rollback']>> {
  try {
    const target = (live: IngressFile) => rollbackTarget(file, options.mode, before, live)
    const { update, verification } = await applyAndConfirm(target, options, deps)
    return {
      ok: verification.ok,
      requestId: update?.requestId,
      message: verification.ok ? 'the previous configuration is live again' : `rollback did not take: ${verification.unmet.join('; ')}`
    }
  } catch (err) {
    return { ok: false, message: failureMessage(err, 'Rollback') }
  }
}
