import { apply } from '../engine/apply/deploy.js'
import type { NetAgent } from '../engine/net/agent.js'
import { connectedWithin, nextTurn } from '../engine/net/early-socket.js'
import { describeRoute } from '../engine/net/proxy.js'
import { systemClock, type Clock } from '../engine/clock.js'
import { failureMessage, ValidationFailed } from '../engine/failure.js'
import { loadIngressFile } from '../engine/ingress/load.js'
import { readIngressSource } from '../engine/ingress/source.js'
import type { IngressFile } from '../engine/ingress/types.js'
import { secretValues, type Settings } from './inputs.js'
import * as core from './log.js'
import { InputError } from './input-parsers.js'
import { annotate } from './report/annotate.js'
import { renderComment } from './report/comment.js'
import { renderOutputs } from './report/outputs.js'
import type { RunReport } from './report/report.js'
import { renderSummary } from './report/summary.js'
import { ruleUrls } from '../engine/ingress/urls.js'

/** The longest log lines wait for the TLS handshake before the toolkit loads anyway. */
const TOOLKIT_WAIT_MS = 1000

/** How the run started: the settings and the connection opened for them, or why the inputs were refused. */
export type Start = { settings: Settings; connection?: NetAgent } | { refused: unknown }

/** Validate the file, then (unless it is an offline dry run) plan and apply it; report either way. */
export async function runStep(start: Start, clock: Clock = systemClock): Promise<void> {
  const report: RunReport = { mode: 'replace', dryRun: false, urls: [], warnings: [] }
  // Masks first: nothing has been printed yet.
  core.addSecretsFromEnvironment()
  for (const secret of secretValues()) core.addSecret(secret)
  let settings: Settings | undefined
  const connection = 'settings' in start ? start.connection : undefined
  // The toolkit loads once the connection is up, while the first request travels; what is written before waits
  // (never more than TOOLKIT_WAIT_MS, so a host that does not answer the handshake leaves the log silent no longer).
  const toolkit = connectedWithin(connection?.preconnect(), TOOLKIT_WAIT_MS).then(nextTurn).then(core.loadToolkit)
  // A failure to load is met where the run awaits it, after the API work, not as an unhandled rejection mid-apply.
  toolkit.catch(() => undefined)
  try {
    if ('refused' in start) throw start.refused
    settings = start.settings
    if (settings.endpoint && connection) core.debug(`SAE endpoint ${new URL(settings.endpoint).host}: ${describeRoute(settings.endpoint)}.`)
    Object.assign(report, { mode: settings.rulesMode, dryRun: settings.dryRun, regionId: settings.regionId, file: settings.ingressFile })
    const ingress = await core.group('Validate the ingress file', async () => validate(settings!, report))
    const ingressId = settings.ingressId ?? ingress.IngressId
    if (ingressId === undefined) throw new InputError('No ingress to update: set IngressId in the file or the ingress-id input.')
    if (settings.allowedIngressIds && !settings.allowedIngressIds.includes(ingressId)) {
      throw new InputError(`Ingress ${ingressId} is not in allowed-ingress-ids (${settings.allowedIngressIds.join(', ')}); refusing to touch it.`)
    }
    report.ingressId = ingressId
    report.urls = ruleUrls(ingress)
    // The ingress-id input wins over the file's IngressId (one file, several environments).
    Object.assign(report, await apply(settings, { ...ingress, IngressId: ingressId }, clock, connection))
  } catch (err) {
    report.outcome = 'failed'
    report.error = failureMessage(err)
  } finally {
    connection?.destroy()
  }
  if (report.error) core.setFailed(report.error)
  await toolkit
  await core.setOutputs(renderOutputs(report))
  if (settings?.comment.enabled && report.ingressId !== undefined) await comment(settings, report, report.ingressId)
  try {
    await core.appendSummary(renderSummary(report))
  } catch (err) {
    core.warning(`Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`)
  }
}

async function validate(settings: Settings, report: RunReport): Promise<IngressFile> {
  const source = readIngressSource(settings.workspace, settings.ingressFile)
  report.file = source.relativePath
  const loaded = loadIngressFile(source.bytes, settings.env, { mode: settings.rulesMode })
  annotate(source.relativePath, loaded.ok ? [] : loaded.problems, loaded.warnings)
  report.warnings.push(...loaded.warnings.map(w => `line ${w.line}: ${w.message}`))
  if (!loaded.ok) {
    report.problems = loaded.problems
    throw new ValidationFailed(source.relativePath, loaded.problems)
  }
  report.ingress = loaded.ingress
  core.info(`${source.relativePath} is valid: ${loaded.ingress.Rules?.length ?? 0} rule(s).`)
  return loaded.ingress
}

async function comment(settings: Settings, report: RunReport, ingressId: number): Promise<void> {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = settings.env
  const runUrl = server && repo && runId ? `${server}/${repo}/actions/runs/${runId}` : undefined
  await core.group('Pull request comment', async () => {
    try {
      const { upsertPullRequestComment } = await import('./github/pr-comment.js')
      await upsertPullRequestComment(settings.comment.token, ingressId, renderComment(report, ingressId, runUrl), runUrl)
    } catch (err) {
      core.warning(`Could not comment on the pull request: ${failureMessage(err)}`)
    }
  })
}
