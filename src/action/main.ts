// The action: read the inputs once, validate the file, hand the engine what it needs, and report the one result as
// outputs, a job summary, annotations and (on pull requests) a sticky comment, on success and failure alike.
import * as proxies from '@actions/http-client/lib/proxy'
import { systemClock, type Clock } from '../engine/clock.js'
import { failureMessage } from '../engine/failure-message.js'
import { ruleUrls } from '../engine/ingress/urls.js'
import { redactDeep, SecretRegistry, secretsFromEnvironment } from '../engine/text/secrets.js'
import { checkAllowed, deployFile, ingressRef } from './deploy.js'
import { getSettings, secretValues, type Settings } from './inputs.js'
import { ActionLog } from './log.js'
import { publish } from './publish.js'
import { renderOutputs } from './report/outputs.js'
import type { RunReport } from './report/report.js'
import { renderSummary } from './report/summary.js'
import { validateFile } from './validate.js'

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
    const ingress = await log.group('Validate the ingress file', async () => validateFile(settings!, report, log))
    const ref = ingressRef(settings, ingress)
    if ('ingressId' in ref) checkAllowed(settings, ref.ingressId, report)
    report.urls = settings.rulesMode === 'prune' ? [] : ruleUrls(ingress)
    await deployFile(settings, ingress, ref, report, { log, secrets, clock, proxies })
  } catch (err) {
    report.outcome = 'failed'
    report.error = failureMessage(err)
  }
  // Every value is redacted before it is rendered: escaped for Markdown, a secret would no longer look like itself.
  const shown = redactDeep(report, secrets.redact)
  if (shown.error) log.setFailed(shown.error)
  log.setOutputs(renderOutputs(shown))
  if (settings) await publish(settings, shown, log, clock)
  try {
    await log.appendSummary(renderSummary(shown))
  } catch (err) {
    log.warning(`Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`)
  }
}
