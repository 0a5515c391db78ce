import * as core from './log.js'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { deadlineAfter, type Clock, type Deadline } from './clock.js'
import { applyAndConfirm, deploy, type DeployDeps, type DeployOptions } from './deploy.js'
import { ExpectedFailure, failureMessage } from './failure.js'
import { waitUntilHealthy } from './health.js'
import { substitutePlaceholdersInText } from './ingress/placeholders.js'
import type { IngressFile } from './ingress/types.js'
import type { Settings } from './inputs.js'
import { InputError } from './parse.js'
import { renderDiff } from './plan/render-diff.js'
import type { Outputs } from './report/outputs.js'
import type { RunReport } from './report/report.js'
import { ruleUrls } from './report/urls.js'
import { rollbackTarget } from './rollback.js'
import { createPopSaeClient, type Credentials } from './sae/pop-client.js'
import { createRedactor } from './sae/redact.js'
import { defaultRetryPolicy } from './sae/retry.js'

async function savePreviousConfig(dir: string, ingressId: number, ingress: IngressFile, stamp: number): Promise<string> {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `sae-ingress-${ingressId}-previous-${stamp}.json`)
  writeFileSync(file, JSON.stringify(ingress, null, 2) + '\n', { mode: 0o600 })
  return file
}

async function resolveCredentials(settings: Settings, deadline: Deadline): Promise<{ credentials: Credentials; secrets: string[] }> {
  if (settings.credentials) {
    const { accessKeySecret, securityToken } = settings.credentials
    return { credentials: settings.credentials, secrets: [accessKeySecret, ...(securityToken ? [securityToken] : [])] }
  }
  const { assumeRoleWithOidc } = await import('./oidc/assume-role.js')
  return assumeRoleWithOidc(settings.oidc!, deadline)
}

/** The API half of a run: plan against the live ingress, write, confirm, check health, roll back on failure. */
export async function apply(
  settings: Settings,
  ingress: IngressFile & { IngressId: number },
  report: RunReport,
  outputs: Outputs,
  clock: Clock
): Promise<void> {
  const ingressId = ingress.IngressId
  const canAuthenticate = settings.credentials !== undefined || (settings.oidc?.tokenAvailable ?? false)
  if (!canAuthenticate && settings.dryRun) {
    report.outcome = 'validated-offline'
    core.notice('Dry run without credentials (a pull request from a fork has no secrets): the file was validated offline; the live ingress was not read.')
    return
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
  const { credentials, secrets } = await resolveCredentials(settings, deadline)
  // Each client's retries and per-attempt timeouts are bound by its deadline, so the rollback gets its own client.
  const clientFor = (bound: Deadline) =>
    createPopSaeClient({
      endpoint: settings.endpoint!,
      credentials,
      deadline: bound,
      retry: defaultRetryPolicy,
      redact: createRedactor(secrets),
      onRetry: (action, err, attempt, delay) => core.info(`${action}: ${err.code} on attempt ${attempt}; retrying in ${delay} ms.`)
    })
  const client = clientFor(deadline)
  core.info(`Planning ingress ${ingressId} at ${settings.endpoint} (${settings.rulesMode} mode, credentials from ${settings.credentialSource}).`)
  const options: DeployOptions = { ingressId, mode: settings.rulesMode, dryRun: settings.dryRun, wait: settings.wait }
  const deps: DeployDeps = {
    client,
    deadline,
    log: core,
    savePrevious: live => savePreviousConfig(settings.runnerTemp, ingressId, live, clock.now())
  }
  const result = await deploy(ingress, options, deps)
  const { plan } = result
  Object.assign(report, { live: result.before, plan, update: result.update, verification: result.verification })
  outputs['previous-config'] = result.previousConfig
  // The file may leave the listener to the service: the live one decides the URLs' scheme and port.
  report.urls = outputs.urls = ruleUrls(ingress, result.before)
  outputs.diff = renderDiff(plan)
  outputs.changed = plan.changed && !plan.problems.length && (settings.dryRun || result.update !== undefined)
  if (result.update) Object.assign(outputs, { 'request-id': result.update.requestId, 'trace-id': result.update.traceId })
  if (plan.problems.length) throw new ExpectedFailure(`The plan cannot be applied: ${plan.problems.join('; ')}`)
  report.outcome = settings.dryRun ? 'planned' : plan.changed ? 'updated' : 'unchanged'
  if (report.outcome !== 'updated') return

  let failure: string | undefined
  if (result.verification && !result.verification.ok) {
    failure = `The change did not take within the timeout: ${result.verification.unmet.join('; ')}`
  } else if (settings.healthCheck) {
    const url = substitutePlaceholdersInText(settings.healthCheck.url, settings.env)
    report.health = await waitUntilHealthy(url, settings.healthCheck.accepted, deadline)
    if (!report.health.ok) {
      const seen = report.health.status !== undefined ? `HTTP ${report.health.status}` : report.health.error
      failure = `Health check failed: ${url} answered ${seen} after ${report.health.attempts} attempt(s).`
    }
  }
  if (!failure) return
  report.outcome = 'failed'
  if (settings.rollbackOnFailure) {
    report.rollback = await rollBack(ingress, options, { ...deps, client: clientFor(overall), deadline: overall }, result.before)
    failure += ` Rolled back: ${report.rollback.ok ? 'yes' : 'no'} (${report.rollback.message}).`
  }
  throw new ExpectedFailure(failure)
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
