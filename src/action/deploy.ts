// The engine's part of a run: which ingress (by id, or by name through ListIngresses), whether this step may touch
// it, and the apply itself, over one session to SAE. Each part of the engine gets what it needs of the settings.
import { applyIngress, type ApplyOptions, type EngineContext, type SafetyNet } from '../engine/apply/deploy.js'
import { deadlineAfter } from '../engine/clock.js'
import { InputError } from '../engine/failure.js'
import type { IngressFile } from '../engine/ingress/types.js'
import { substitutePlaceholdersInUrl } from '../engine/ingress/url-template.js'
import { ruleUrls } from '../engine/ingress/urls.js'
import { describeRoute } from '../engine/net/proxy.js'
import type { IngressRef } from '../engine/sae/find-ingress.js'
import { resolveIngress, withSaeSession } from '../engine/sae/session.js'
import { credentialSource } from './credentials.js'
import { staleRules } from './prune.js'
import { canAuthenticate, type Settings } from './inputs.js'
import type { ActionLog } from './log.js'
import type { RunReport } from './report/report.js'

/** Which ingress the run is for: the inputs (an id, or a namespace and a name) win over the file's IngressId. */
export function ingressRef(settings: Pick<Settings, 'ingressId' | 'ingressName'>, ingress: IngressFile): IngressRef {
  if (settings.ingressName) return { namespaceId: settings.ingressName.namespaceId, ingressName: settings.ingressName.name }
  const ingressId = settings.ingressId ?? ingress.IngressId
  if (ingressId === undefined) throw new InputError('No ingress to update: set IngressId in the file, the ingress-id input, or namespace-id and ingress-name.')
  return { ingressId }
}

/** The step's guardrail: an ingress outside allowed-ingress-ids is refused before anything is read from it. */
export function checkAllowed(settings: Pick<Settings, 'allowedIngressIds'>, ingressId: number, report: RunReport): void {
  report.ingressId = ingressId
  const allowed = settings.allowedIngressIds
  if (allowed && !allowed.includes(ingressId)) {
    throw new InputError(`Ingress ${ingressId} is not in allowed-ingress-ids (${allowed.join(', ')}); refusing to touch it.`)
  }
}

/** Plans against the live ingress and applies it, unless this run cannot reach the API at all (a fork's dry run). */
export async function deployFile(settings: Settings, ingress: IngressFile, ref: IngressRef, report: RunReport, ctx: EngineContext & { log: ActionLog }): Promise<void> {
  if (!canAuthenticate(settings) && settings.dryRun) {
    ctx.log.notice('Dry run without credentials (a pull request from a fork has no secrets): the file was validated offline; the live ingress was not read.')
    report.outcome = 'validated-offline'
    return
  }
  const credentials = credentialSource(settings, ctx)
  if (!settings.endpoint) throw new InputError('Input region-id is required (or ALIBABA_CLOUD_REGION_ID, or endpoint).')
  ctx.log.debug(`SAE endpoint ${new URL(settings.endpoint).host}: ${describeRoute(settings.endpoint, ctx.proxies)}.`)
  const net = safetyNet(settings)
  await withSaeSession({ endpoint: settings.endpoint, credentials }, ctx, deadlineAfter(ctx.clock, settings.timeoutMs), async session => {
    const ingressId = await resolveIngress(session, ref)
    if ('ingressName' in ref) ctx.log.info(`Ingress "${ref.ingressName}" of namespace ${ref.namespaceId} is ${ingressId}.`)
    checkAllowed(settings, ingressId, report)
    // A prune comes to a remove of the preview rules of closed pull requests.
    const file = settings.rulesMode === 'prune' ? await staleRules(ingress, ingressId, session, settings, report, ctx.log) : { ...ingress, IngressId: ingressId }
    const result = await applyIngress(file, applyOptions(settings, ingressId), session, ctx, net)
    Object.assign(report, result)
    // The file may leave the listener to the service: the live one decides the URLs' scheme and port. A prune's
    // rules are templates, with no URL of their own.
    report.urls = settings.rulesMode === 'prune' ? [] : ruleUrls(ingress, result.live)
  })
}

/** What the engine is asked to do, in its own terms: the inputs that concern it and nothing else. */
function applyOptions(settings: Settings, ingressId: number): ApplyOptions {
  return {
    ingressId,
    mode: settings.rulesMode === 'prune' ? 'remove' : settings.rulesMode,
    dryRun: settings.dryRun,
    wait: settings.wait,
    dropRuleActions: settings.dropRuleActions,
    previousConfigDir: settings.runnerTemp
  }
}

/** The health check after a write (its placeholders filled in before anything is sent), and the rollback. */
function safetyNet(settings: Settings): SafetyNet {
  const check = settings.healthCheck
  const url = check && substitutePlaceholdersInUrl(check.url, settings.env, 'Input health-check-url')
  return { rollbackOnFailure: settings.rollbackOnFailure, healthCheck: check && url ? { ...check, url } : undefined }
}
