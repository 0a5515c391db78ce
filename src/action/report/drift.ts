import { escapeMarkdown } from './markdown.js'
import type { RunReport } from './report.js'
import { planTable } from './summary.js'

/** Whether the live ingress differs from the file: a dry run that a real run would write. */
export const drifted = (report: RunReport): boolean => Boolean(report.plan?.changed)

/** The drift issue's body (below its marker): what differs, the plan that would make it right, when and by which run. */
export function renderDriftBody(report: RunReport, seenAt: Date, runUrl?: string): string {
  const file = escapeMarkdown(report.file ?? 'the ingress file')
  const run = runUrl ? `[workflow run](${runUrl})` : 'workflow run'
  return [
    `### The live ingress ${report.ingressId} differs from ${file}`,
    `Seen at ${seenAt.toISOString()} by the ${run}${report.regionId ? ` in ${escapeMarkdown(report.regionId)}` : ''}: a run of the action ` +
      `(rules-mode ${report.mode}) would write this plan. Someone may have changed the ingress in the console, or the file changed ` +
      `without a deploy. This issue is kept up to date by the scheduled check and closed once the ingress is in sync again.`,
    `#### Plan (${report.mode})\n\n${report.plan ? planTable(report.plan) : 'No plan.'}`
  ].join('\n\n') + '\n'
}
