import { renderDiff } from '../plan/render-diff.js'
import type { RunReport } from './report.js'

/** The step's outputs, rendered from the one report: on success and on failure alike, as far as the run got. */
export function renderOutputs(report: RunReport): Array<[name: string, value: string]> {
  const outputs: Array<[string, string | number | boolean | undefined]> = [
    ['ingress-id', report.ingressId],
    ['request-id', report.update?.requestId],
    ['trace-id', report.update?.traceId],
    ['changed', report.plan ? changed(report) : undefined],
    ['urls', report.ingressId !== undefined ? JSON.stringify(report.urls) : undefined],
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
