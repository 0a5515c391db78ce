import type { IngressFile } from '../../engine/ingress/types.js'
import type { Plan, RuleChange } from '../../engine/plan/types.js'
import { MAX_VALUE_CHARS } from '../../engine/text/clip.js'
import { cell, escapeMarkdown, link, table } from './markdown.js'
import type { RunReport } from './report.js'
import { displayUrl } from '../../engine/text/display-url.js'

const HEADLINE: Record<string, string> = {
  'validated-offline': '☑️ Ingress file is valid (offline dry run: no credentials, nothing was read or written)',
  planned: '📝 Dry run: nothing was written',
  unchanged: '✅ Ingress is already up to date: nothing to write',
  updated: '✅ Ingress updated',
  failed: '❌ Ingress deployment failed'
}

/** Problems of an invalid file listed at most, like its annotations: a hostile file can have thousands. */
export const MAX_PROBLEMS_SHOWN = 50

/** A message (an error, a warning) holds a few values, each already cut to MAX_VALUE_CHARS where it was made. */
export const MESSAGE_CHARS = 4 * MAX_VALUE_CHARS

const MARK: Record<RuleChange['kind'], string> = { added: '➕ added', removed: '➖ removed', changed: '✏️ changed', unchanged: '· unchanged' }

function target(report: RunReport): string {
  const listener = report.ingress?.ListenerProtocol ?? report.live?.ListenerProtocol
  const port = report.ingress?.ListenerPort ?? report.live?.ListenerPort
  const rows: Array<[string, unknown]> = [
    ['Ingress', report.ingressId],
    ['Region', report.regionId],
    ['File', report.file],
    ['Rules mode', report.mode],
    ['Listener', listener || port ? `${listener ?? ''} ${port ?? ''}`.trim() : undefined],
    ['RequestId', report.update?.requestId],
    ['TraceId', report.update?.traceId]
  ]
  return table(['', ''], rows.filter(([, v]) => v !== undefined).map(([k, v]) => [`**${k}**`, cell(v)]))
}

const ruleTarget = (rule: RuleChange['after']): string =>
  rule ? `${cell(rule.appName ?? rule.appId)} :${cell(rule.containerPort)}${rule.backendProtocol ? ` (${cell(rule.backendProtocol)})` : ''}` : '—'

export function planTable(plan: Plan): string {
  // A change the file asks for only by leaving a field out (issue 9.2): said so, as in the diff output.
  const implicit = (field: { implicit?: true }): string => (field.implicit ? ' _(not in the file: back to the default)_' : '')
  const rows = [
    ...plan.settings.map(change => ['✏️ changed', `setting ${escapeMarkdown(change.name)}`, cell(change.before), cell(change.after) + implicit(change)]),
    ...plan.rules
      .filter(change => change.kind !== 'unchanged')
      .map(change => [
        MARK[change.kind],
        `rule ${escapeMarkdown(change.key)}`,
        change.kind === 'changed' ? (change.fields ?? []).map(f => `${f.name}: ${cell(f.before)}`).join('<br>') : ruleTarget(change.before),
        change.kind === 'changed' ? (change.fields ?? []).map(f => `${f.name}: ${cell(f.after)}${implicit(f)}`).join('<br>') : ruleTarget(change.after)
      ])
  ]
  const unchanged = plan.rules.filter(change => change.kind === 'unchanged').length
  const note = unchanged ? `\n\n${unchanged} other rule(s) unchanged.` : ''
  return (rows.length ? table(['Change', 'What', 'Before', 'After'], rows) + note : 'No changes.') + ruleActions(plan)
}

/** Rules with RuleActions that the write sends again, and what becomes of each action (README "Rule actions"). */
function ruleActions(plan: Plan): string {
  if (!plan.ruleActions.length) return ''
  const lines = plan.ruleActions.map(carried => {
    const dropped = plan.rules.some(change => change.key === carried.key && change.fields?.some(field => field.name === 'ruleActions'))
    const fates = [
      ...carried.reproduced.map(action => `${cell(action.type)} (made again by its rewritePath)`),
      ...carried.lost.map(action => `${cell(action.type)} (${dropped ? 'dropped: drop-rule-actions' : 'would be lost: nothing was sent'})`)
    ]
    return `- rule ${escapeMarkdown(carried.key)}: ${fates.join(', ')}`
  })
  return `\n\nRule actions of the rules sent again:\n${lines.join('\n')}`
}

/** Each preview rule a prune found: its pull request, and what becomes of the rule. */
function pruneTable(report: RunReport): string {
  const rules = report.prune ?? []
  if (!rules.length) return 'No live rule matches the file\'s templates.'
  const fate = (state: string): string =>
    state === 'closed' ? (report.dryRun ? 'would be removed (dry run)' : report.outcome === 'updated' ? 'removed' : 'to remove') : state === 'open' ? 'kept: open' : 'kept: unknown pull request'
  return table(
    ['Rule', 'Pull request', 'What happens'],
    rules.map(rule => [`rule ${escapeMarkdown(rule.key)}`, rule.url ? `[#${rule.number}](${rule.url})` : `#${rule.number}`, fate(rule.state)])
  )
}

export function rulesTable(ingress: IngressFile, urls: string[]): string {
  const rules = ingress.Rules ?? []
  if (!rules.length) return 'The file sets no rules.'
  return table(
    ['Domain', 'Path', 'App', 'Port', 'URL'],
    rules.map((rule, i) => [cell(rule.domain), cell(rule.path), cell(rule.appName ?? rule.appId), cell(rule.containerPort), urls[i] ? link(urls[i]) : '—'])
  )
}

export function renderSummary(report: RunReport): string {
  const parts = [`### ${HEADLINE[report.outcome ?? 'failed']}${report.rollback ? ' · rolled back' : ''}`, target(report)]
  if (report.error) parts.push(`**Error:** ${escapeMarkdown(report.error, MESSAGE_CHARS)}`)
  if (report.problems?.length) {
    const shown = report.problems.slice(0, MAX_PROBLEMS_SHOWN)
    const more = report.problems.length - shown.length
    parts.push(table(['Line', 'Column', 'Problem'], shown.map(p => [String(p.line), String(p.column), escapeMarkdown(p.message, MESSAGE_CHARS)])))
    if (more > 0) parts.push(`… and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'}.`)
  }
  if (report.warnings.length) parts.push(report.warnings.map(w => `> ⚠️ ${escapeMarkdown(w, MESSAGE_CHARS)}`).join('\n'))
  if (report.prune) parts.push(`#### Preview rules found\n\n${pruneTable(report)}`)
  if (report.plan) parts.push(`#### Plan (${report.mode === 'prune' ? 'prune: remove' : report.mode})\n\n${planTable(report.plan)}`)
  if (report.driftIssue !== undefined) {
    const drift = report.plan?.changed ? 'the live ingress differs from the file' : 'the live ingress is as the file says'
    // The issue's outcome is the action's own words around a link it built from GitHub's answer.
    parts.push(`**Drift:** ${drift}; the drift issue: ${report.driftIssue}.`)
  }
  if (report.verification && !report.verification.ok) {
    parts.push(`#### Did not take\n\n${report.verification.unmet.map(line => `- ${escapeMarkdown(line, MESSAGE_CHARS)}`).join('\n')}`)
  }
  if (report.health) {
    const h = report.health
    const seen = h.status !== undefined ? `HTTP ${h.status}` : cell(h.error)
    parts.push(`**Health check:** ${h.ok ? '✅' : '❌'} ${escapeMarkdown(displayUrl(h.url))} answered ${seen} after ${h.attempts} attempt(s)`)
  }
  if (report.rollback) {
    const id = report.rollback.requestId ? ` (RequestId ${escapeMarkdown(report.rollback.requestId)})` : ''
    parts.push(`**Rollback:** ${report.rollback.ok ? '✅' : '❌'} ${escapeMarkdown(report.rollback.message, MESSAGE_CHARS)}${id}`)
  }
  if (report.ingress) parts.push(`#### Rules in the file\n\n${rulesTable(report.ingress, report.urls)}`)
  return parts.join('\n\n') + '\n'
}
