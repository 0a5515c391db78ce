import type { Problem } from '../../engine/ingress/types.js'
import { escapeMarkdown, link } from './markdown.js'
import type { RunReport } from './report.js'
import { MESSAGE_CHARS, planTable } from './summary.js'

/** GitHub refuses a comment body over 65,536 characters (JavaScript counts UTF-16 units: never fewer). */
export const COMMENT_LIMIT = 65_536

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

const runLink = (runUrl: string | undefined) => (runUrl ? `[workflow run](${runUrl})` : 'workflow run')

/**
 * The pull request comment: preview URLs, the plan and the result, all user text escaped (src/report/markdown.ts:
 * no mention, reference or markup from a value). Within COMMENT_LIMIT: a plan too long for it is left to the job
 * summary, and whatever still does not fit is cut with a note.
 */
export function renderComment(report: RunReport, ingressId: number, runUrl?: string): string {
  const removed = report.mode === 'remove'
  const title = removed ? `🗑️ Preview removed from SAE ingress ${ingressId}` : `🚀 Preview on SAE ingress ${ingressId}`
  const parts = [commentMarker(ingressId), `### ${title}`]
  if (report.urls.length && !(removed && report.outcome !== 'failed')) {
    parts.push(report.urls.map(url => `- ${link(url)}`).join('\n'))
  } else if (removed && report.outcome !== 'failed') {
    parts.push(`The rules for ${report.urls.map(url => escapeMarkdown(url)).join(', ') || 'this pull request'} are no longer served.`)
  }
  const planAt = parts.length
  if (report.plan) parts.push(`<details><summary>Plan (${report.mode})</summary>\n\n${planTable(report.plan)}\n\n</details>`)
  let result = RESULT[report.outcome ?? 'failed']!
  if (report.error) result += ` ${escapeMarkdown(report.error, MESSAGE_CHARS)}`
  if (report.update?.requestId) result += ` RequestId ${escapeMarkdown(report.update.requestId)}.`
  if (report.rollback) result += ` Rollback: ${report.rollback.ok ? 'done' : 'failed'}.`
  parts.push(result)
  if (report.problems?.length) parts.push(problemList(report.problems, report.file, runUrl))
  if (runUrl) parts.push(`[Workflow run](${runUrl})`)
  const body = parts.join('\n\n') + '\n'
  if (body.length <= COMMENT_LIMIT || !report.plan) return fitComment(body, runUrl)
  parts[planAt] = `The plan (${report.plan.rules.length} rule(s)) is too long for a comment: it is in the job summary of the ${runLink(runUrl)}.`
  return fitComment(parts.join('\n\n') + '\n', runUrl)
}

/** Problems of the file listed in a comment at most: the rest are in the job summary and the annotations. */
const PROBLEMS_IN_COMMENT = 10

/** The first problems of an invalid file, each at its line and column, and where the rest are. */
function problemList(problems: readonly Problem[], file: string | undefined, runUrl: string | undefined): string {
  const lines = problems.slice(0, PROBLEMS_IN_COMMENT).map(p => `- ${escapeMarkdown(file ?? 'the file')}, line ${p.line}, column ${p.column}: ${escapeMarkdown(p.message, MESSAGE_CHARS)}`)
  const more = problems.length - PROBLEMS_IN_COMMENT
  if (more > 0) lines.push(`- … and ${more.toLocaleString('en-US')} more: see the ${runLink(runUrl)}.`)
  return lines.join('\n')
}

/** The body unchanged when it fits; else cut at a line within COMMENT_LIMIT, any open <details> closed, and a note. */
export function fitComment(body: string, runUrl?: string): string {
  if (body.length <= COMMENT_LIMIT) return body
  const note = `\n\n✂️ This comment was cut at %d of ${body.length} characters (GitHub allows ${COMMENT_LIMIT}); the full report is in the job summary of the ${runLink(runUrl)}.\n`
  let cut = body.slice(0, COMMENT_LIMIT - note.length - 40)
  cut = cut.slice(0, Math.max(cut.lastIndexOf('\n'), 0))
  const open = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length
  return `${cut}${'\n\n</details>'.repeat(Math.max(open, 0))}${note.replace('%d', String(cut.length))}`
}

/**
 * What the sticky comment says when this run could not put its report there: the earlier report (maybe a success)
 * must not stand as if it were current.
 */
export function renderStaleComment(ingressId: number, runUrl?: string): string {
  return `${commentMarker(ingressId)}\n\n### ⚠️ SAE ingress ${ingressId}: this comment is out of date\n\nA later run could not write its report here; what this comment said before no longer holds. See the ${runLink(runUrl)}.\n`
}
