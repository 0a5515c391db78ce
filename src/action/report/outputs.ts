import { renderDiff } from '../../engine/plan/render-diff.js'
import type { RunReport } from './report.js'

/**
 * An ID as the service writes them (a UUID, hex digits). Scripts read the outputs, so whatever else an answer put
 * there (a quote, `$(`, a line break) is not passed on: the summary still shows it, escaped.
 */
const SERVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/
const serviceId = (value: string | undefined) => (value !== undefined && SERVICE_ID.test(value) ? value : undefined)

/**
 * The step's outputs, rendered from the one report: on success and on failure alike, as far as the run got. None can
 * carry shell syntax but `diff`, which is free text: `urls` is built from schema-checked domains and paths, the IDs
 * are checked here, the rest are numbers, booleans and a path under RUNNER_TEMP.
 */
export function renderOutputs(report: RunReport): Array<[name: string, value: string]> {
  const outputs: Array<[string, string | number | boolean | undefined]> = [
    ['ingress-id', report.ingressId],
    ['request-id', serviceId(report.update?.requestId)],
    ['trace-id', serviceId(report.update?.traceId)],
    ['changed', report.plan ? changed(report) : undefined],
    ['urls', report.ingressId !== undefined ? JSON.stringify(report.urls) : undefined],
    // The first of them: what a deployment environment's `url` shows ("View deployment").
    ['url', report.urls[0]],
    ['diff', report.plan ? renderDiff(report.plan) : undefined],
    ['previous-config', report.previousConfig]
  ]
  return outputs.filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined).map(([name, value]) => [name, String(value)])
}

/** A real run: whether it wrote. A dry run: whether a real one would. */
function changed(report: RunReport): boolean {
  const plan = report.plan!
  return plan.changed && plan.problems.length === 0 && (report.dryRun || report.update !== undefined)
}
