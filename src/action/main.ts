// The action: read the inputs once, validate the file, hand the engine what it needs, and report the one result as
// outputs, a job summary, annotations and (on pull requests) a sticky comment, on success and failure alike.
import { applyIngress, type ApplyOptions, type EngineContext, type SafetyNet } from '../engine/apply/deploy.js'
import { systemClock, type Clock } from '../engine/clock.js'
import { InputError } from '../engine/failure.js'
import { failureMessage } from '../engine/failure-message.js'
import { loadIngressFile, ValidationFailed } from '../engine/ingress/load.js'
import { readIngressSource } from '../engine/ingress/source.js'
import type { IngressFile } from '../engine/ingress/types.js'
import { substitutePlaceholdersInUrl } from '../engine/ingress/url-template.js'
import { ruleUrls } from '../engine/ingress/urls.js'
import * as proxies from '@actions/http-client/lib/proxy'
import { describeRoute } from '../engine/net/proxy.js'
import { redactDeep, SecretRegistry, secretsFromEnvironment } from '../engine/text/secrets.js'
import { credentialSource } from './credentials.js'
import { canAuthenticate, getSettings, secretValues, type Settings } from './inputs.js'
import { ActionLog } from './log.js'
import { annotate } from './report/annotate.js'
import { renderComment } from './report/comment.js'
import { renderOutputs } from './report/outputs.js'
import type { RunReport } from './report/report.js'
import { renderSummary } from './report/summary.js'

export async function run(clock: Clock = systemClock): Promise<void> {
  // Masks first: nothing has been printed yet.
  const secrets = new SecretRegistry()
  const log = new ActionLog(secrets)
  for (const secret of [...secretsFromEnvironment(process.env), ...secretValues()]) secrets.add(secret)
  const report: RunReport = { mode: 'replace', dryRun: false, urls: [], warnings: [] }
  let settings: Settings | undefined
  try {
    settings = getSettings()
    Object.assign(report, { mode: settings.rulesMode, dryRun: settings.dryRun, regionId: settings.regionId, file: settings.ingressFile })
    const ingress = await log.group('Validate the ingress file', async () => validate(settings!, report, log))
    // The ingress-id input wins over the file's IngressId (one file, several environments).
    const ingressId = settings.ingressId ?? ingress.IngressId
    if (ingressId === undefined) throw new InputError('No ingress to update: set IngressId in the file or the ingress-id input.')
    report.ingressId = ingressId
    if (settings.allowedIngressIds && !settings.allowedIngressIds.includes(ingressId)) {
      throw new InputError(`Ingress ${ingressId} is not in allowed-ingress-ids (${settings.allowedIngressIds.join(', ')}); refusing to touch it.`)
    }
    report.urls = ruleUrls(ingress)
    await deploy(settings, { ...ingress, IngressId: ingressId }, report, { log, secrets, clock, proxies })
  } catch (err) {
    report.outcome = 'failed'
    report.error = failureMessage(err)
  }
  // Every value is redacted before it is rendered: escaped for Markdown, a secret would no longer look like itself.
  const shown = redactDeep(report, secrets.redact)
  if (shown.error) log.setFailed(shown.error)
  log.setOutputs(renderOutputs(shown))
  if (settings?.comment.enabled) await comment(settings, shown, log)
  try {
    await log.appendSummary(renderSummary(shown))
  } catch (err) {
    log.warning(`Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`)
  }
}

async function validate(settings: Settings, report: RunReport, log: ActionLog): Promise<IngressFile> {
  const source = readIngressSource(settings.workspace, settings.ingressFile)
  report.file = source.relativePath
  const loaded = loadIngressFile(source.bytes, settings.env, { mode: settings.rulesMode })
  annotate(log, source.relativePath, loaded.ok ? [] : loaded.problems, loaded.warnings)
  report.warnings.push(...loaded.warnings.map(w => `line ${w.line}: ${w.message}`))
  if (!loaded.ok) {
    report.problems = loaded.problems
    // Known although the file is invalid: the pull request comment for it says this run failed.
    report.ingressId = settings.ingressId ?? loaded.ingressId
    throw new ValidationFailed(source.relativePath, loaded.problems)
  }
  report.ingress = loaded.ingress
  log.info(`${source.relativePath} is valid: ${loaded.ingress.Rules?.length ?? 0} rule(s).`)
  return loaded.ingress
}

/** The engine's part: plan against the live ingress and apply it, unless this run cannot reach the API at all. */
async function deploy(settings: Settings, ingress: IngressFile & { IngressId: number }, report: RunReport, ctx: EngineContext & { log: ActionLog }): Promise<void> {
  if (!canAuthenticate(settings) && settings.dryRun) {
    ctx.log.notice('Dry run without credentials (a pull request from a fork has no secrets): the file was validated offline; the live ingress was not read.')
    report.outcome = 'validated-offline'
    return
  }
  const credentials = credentialSource(settings, ctx)
  if (!settings.endpoint) throw new InputError('Input region-id is required (or ALIBABA_CLOUD_REGION_ID, or endpoint).')
  ctx.log.debug(`SAE endpoint ${new URL(settings.endpoint).host}: ${describeRoute(settings.endpoint, ctx.proxies)}.`)
  const result = await applyIngress(ingress, applyOptions(settings, ingress.IngressId), { endpoint: settings.endpoint, credentials }, ctx, safetyNet(settings))
  Object.assign(report, result)
  // The file may leave the listener to the service: the live one decides the URLs' scheme and port.
  report.urls = ruleUrls(ingress, result.live)
}

/** What the engine is asked to do, in its own terms: the inputs that concern it and nothing else. */
function applyOptions(settings: Settings, ingressId: number): ApplyOptions {
  return {
    ingressId,
    mode: settings.rulesMode,
    dryRun: settings.dryRun,
    wait: settings.wait,
    dropRuleActions: settings.dropRuleActions,
    timeoutMs: settings.timeoutMs,
    previousConfigDir: settings.runnerTemp
  }
}

/** The health check after a write (its placeholders filled in before anything is sent), and the rollback. */
function safetyNet(settings: Settings): SafetyNet {
  const check = settings.healthCheck
  const url = check && substitutePlaceholdersInUrl(check.url, settings.env, 'Input health-check-url')
  return { rollbackOnFailure: settings.rollbackOnFailure, healthCheck: check && url ? { ...check, url } : undefined }
}

/** The sticky pull request comment: this run's report, on success and failure alike (see pr-comment.ts). */
async function comment(settings: Settings, report: RunReport, log: ActionLog): Promise<void> {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = settings.env
  const runUrl = server && repo && runId ? `${server}/${repo}/actions/runs/${runId}` : undefined
  await log.group('Pull request comment', async () => {
    try {
      const { upsertPullRequestComment } = await import('./github/pr-comment.js')
      await upsertPullRequestComment(settings.comment.token, report.ingressId, ingressId => renderComment(report, ingressId, runUrl), { log, runUrl })
    } catch (err) {
      log.warning(`Could not comment on the pull request: ${failureMessage(err)}`)
    }
  })
}
