import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { deadlineAfter, type Clock, type Deadline } from '../clock.js'
import { applyAndConfirm, deploy, type DeployDeps, type DeployOptions, type DeployResult } from './write-and-confirm.js'
import { failureMessage } from '../failure.js'
import { waitUntilHealthy } from './health.js'
import { substitutePlaceholdersInText } from '../ingress/placeholders.js'
import type { IngressFile } from '../ingress/types.js'
import { canAuthenticate, type Settings } from '../../action/inputs.js'
import * as core from '../../action/log.js'
import { InputError } from '../../action/input-parsers.js'
import type { RunReport } from '../../action/report/report.js'
import { displayUrl, ruleUrls } from '../ingress/urls.js'
import { rollbackTarget } from './rollback.js'
import { createAgent } from '../net/agent.js'
import { watchStalls } from './stalls.js'
import { createPopSaeClient, type Credentials, type Transport } from '../sae/pop-client.js'
import { defaultRetryPolicy } from '../sae/retry.js'

/** What the API half of a run learned; the caller folds it into the one report. */
export type ApplyResult = Pick<
  RunReport,
  'outcome' | 'live' | 'plan' | 'update' | 'verification' | 'health' | 'rollback' | 'previousConfig' | 'urls' | 'error'
>

function savePreviousConfig(dir: string, ingressId: number, ingress: IngressFile, stamp: number): string {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `sae-ingress-${ingressId}-previous-${stamp}.json`)
  writeFileSync(file, core.redact(JSON.stringify(ingress, null, 2)) + '\n', { mode: 0o600 })
  return file
}

async function resolveCredentials(settings: Settings, deadline: Deadline): Promise<Credentials> {
  if (settings.credentials) return settings.credentials
  const { assumeRoleWithOidc } = await import('../credentials/assume-role-with-oidc.js')
  const sts = createAgent(settings.oidc!.stsEndpoint)
  try {
    return (await assumeRoleWithOidc(settings.oidc!, deadline, sts)).credentials
  } finally {
    sts.destroy()
  }
}



/**
 * The API half of a run: plan against the live ingress, write, confirm, check health, roll back on failure.
 * Failures after planning are returned in `error` with everything learned so far; earlier ones are thrown.
 */
export async function apply(
  settings: Settings,
  ingress: IngressFile & { IngressId: number },
  clock: Clock,
  transport?: Transport
): Promise<ApplyResult> {
  const ingressId = ingress.IngressId
  if (!canAuthenticate(settings) && settings.dryRun) {
    core.notice('Dry run without credentials (a pull request from a fork has no secrets): the file was validated offline; the live ingress was not read.')
    return { outcome: 'validated-offline', urls: ruleUrls(ingress) }
  }
  if (!settings.credentials && !settings.oidc) {
    throw new InputError(
      'No credentials: set role-to-assume and oidc-provider-arn (keyless), or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (aliyun/configure-aliyun-credentials-action sets them), or the access-key-id and access-key-secret inputs.'
    )
  }
  if (!settings.endpoint) throw new InputError('Input region-id is required (or ALIBABA_CLOUD_REGION_ID, or endpoint).')
  // Everything ends within `timeout`; with rollback on, a quarter of it is kept for the rollback.
  const overall = deadlineAfter(clock, settings.timeoutMs)
  const deadline = settings.rollbackOnFailure ? deadlineAfter(clock, settings.timeoutMs * 0.75) : overall
  const credentials = await resolveCredentials(settings, deadline)
  // Each client's retries are bound by its own deadline; both share the run's one connection.
  const clientFor = (bound: Deadline) =>
    createPopSaeClient({
      endpoint: settings.endpoint!,
      credentials,
      deadline: bound,
      retry: defaultRetryPolicy,
      redact: core.redact,
      transport,
      debug: core.debug,
      onRetry: (action, err, attempt, delay) => core.info(`${action}: ${err.code} on attempt ${attempt}; retrying in ${delay} ms.`)
    })
  core.info(`Planning ingress ${ingressId} at ${settings.endpoint} (${settings.rulesMode} mode, credentials from ${settings.credentialSource}).`)
  const options: DeployOptions = {
    ingressId,
    mode: settings.rulesMode,
    dryRun: settings.dryRun,
    wait: settings.wait,
    dropRuleActions: settings.dropRuleActions
  }
  const deps: DeployDeps = {
    client: clientFor(deadline),
    deadline,
    log: core,
    savePrevious: async live => savePreviousConfig(settings.runnerTemp, ingressId, live, clock.now())
  }
  // Upsert and remove bound a write's distance from its read, time unread in a stalled process included.
  const stalls = settings.rulesMode === 'replace' ? undefined : watchStalls()
  let deployed: DeployResult
  try {
    deployed = await deploy(ingress, options, { ...deps, group: core.group, stallsSince: stalls?.since })
  } finally {
    stalls?.stop()
  }
  const { plan } = deployed
  const result: ApplyResult = {
    live: deployed.before,
    plan,
    update: deployed.update,
    verification: deployed.verification,
    previousConfig: deployed.previousConfig,
    // The file may leave the listener to the service: the live one decides the URLs' scheme and port.
    urls: ruleUrls(ingress, deployed.before)
  }
  if (plan.problems.length) return { ...result, outcome: 'failed', error: `The plan cannot be applied: ${plan.problems.join('; ')}` }
  result.outcome = settings.dryRun ? 'planned' : plan.changed ? 'updated' : 'unchanged'
  if (result.outcome !== 'updated') return result

  let failure: string | undefined
  if (deployed.verification && !deployed.verification.ok) {
    failure = `The change did not take within the timeout: ${deployed.verification.unmet.join('; ')}`
  } else if (settings.healthCheck) {
    const check = settings.healthCheck
    const url = substitutePlaceholdersInText(check.url, settings.env)
    result.health = await core.group('Health check', () => waitUntilHealthy(url, check.accepted, deadline, { allowInternal: check.allowInternal }))
    if (!result.health.ok) {
      const seen = result.health.status !== undefined ? `HTTP ${result.health.status}` : result.health.error
      failure = `Health check failed: ${displayUrl(result.health.url)} answered ${seen} after ${result.health.attempts} attempt(s).`
    }
  }
  if (!failure) return result
  if (settings.rollbackOnFailure) {
    result.rollback = await core.group('Rollback', () =>
      rollBack(ingress, options, { ...deps, client: clientFor(overall), deadline: overall }, deployed.before)
    )
    failure += ` Rolled back: ${result.rollback.ok ? 'yes' : 'no'} (${result.rollback.message}).`
  }
  return { ...result, outcome: 'failed', error: failure }
}

async function rollBack(
  ingress: IngressFile,
  options: DeployOptions,
  deps: DeployDeps,
  before: IngressFile
): Promise<NonNullable<RunReport['rollback']>> {
  try {
    const target = (live: IngressFile) => rollbackTarget(ingress, options.mode, before, live)
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
