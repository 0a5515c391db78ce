import { escapeMarkdown } from './markdown.js'
import type { RunReport } from './report.js'
import { planTable } from './summary.js'

/** Hidden marker that makes the comment sticky: one per ingress, found again on the next run. */
export function commentMarker(ingressId: number): string {
  return `<!-- sae-ingress-action: ingress ${ingressId} -->`
}

const RESULT: Record<string, string> = {
  'validated-offline': '☑️ The ingress file is valid (validated offline: no credentials on this run).',
  planned: '📝 Dry run: nothing was written.',
  unchanged: '✅ Already up to date.',
  updated: '✅ Deployed.',
  failed: '❌ Deployment failed.'
}

/** The pull request comment: preview URLs, the plan and the result, all user text escaped. */
export function renderComment(report: RunReport, ingressId: number, runUrl?: string): string {
  const removed = report.mode === 'remove'
  const title = removed ? `🗑️ Preview removed from SAE ingress ${ingressId}` : `🚀 Preview on SAE ingress ${ingressId}`
  const parts = [commentMarker(ingressId), `### ${title}`]
  if (report.urls.length && !(removed && report.outcome !== 'failed')) {
    parts.push(report.urls.map(url => `- ${escapeMarkdown(url)}`).join('\n'))
  } else if (removed && report.outcome !== 'failed') {
    parts.push(`The rules for ${report.urls.map(url => escapeMarkdown(url)).join(', ') || 'this pull request'} are no longer served.`)
  }
  if (report.plan) parts.push(`<details><summary>Plan (${report.mode})</summary>\n\n${planTable(report.plan)}\n\n</details>`)
  let result = RESULT[report.outcome ?? 'failed']!
  if (report.error) result += ` ${escapeMarkdown(report.error)}`
  if (report.update?.requestId) result += ` RequestId ${escapeMarkdown(report.update.requestId)}.`
  if (report.rollback) result += ` Rollback: ${report.rollback.ok ? 'done' : 'failed'}.`
  parts.push(result)
  if (runUrl) parts.push(`[Workflow run](${runUrl})`)
  return parts.join('\n\n') + '\n'
}
