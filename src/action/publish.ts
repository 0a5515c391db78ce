// What a run tells GitHub besides its log, outputs and summary: the sticky pull request comment, and the drift issue.
// Each is a dynamic import() (octokit is the largest part of the action and most runs need neither); a failure is a
// warning, never a failed deploy.
import type { Clock } from '../engine/clock.js'
import { failureMessage } from '../engine/failure-message.js'
import type { Settings } from './inputs.js'
import type { ActionLog } from './log.js'
import { renderComment } from './report/comment.js'
import { drifted, renderDriftBody } from './report/drift.js'
import type { RunReport } from './report/report.js'

const runUrlOf = (env: Settings['env']): string | undefined =>
  env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined

/** The comment and the drift issue, as the settings ask for them, from the run's (redacted) report. */
export async function publish(settings: Settings, report: RunReport, log: ActionLog, clock: Clock): Promise<void> {
  const runUrl = runUrlOf(settings.env)
  if (settings.comment.enabled) {
    await log.group('Pull request comment', async () => {
      try {
        const { upsertPullRequestComment } = await import('./github/pr-comment.js')
        await upsertPullRequestComment(settings.githubToken, report.ingressId, ingressId => renderComment(report, ingressId, runUrl), { log, runUrl })
      } catch (err) {
        log.warning(`Could not comment on the pull request: ${failureMessage(err)}`)
      }
    })
  }
  // Only a plan that was made says anything about drift: a failed read or an invalid file is no reason to close it.
  if (settings.driftIssue && report.plan && report.ingressId !== undefined && report.outcome === 'planned') {
    const ingressId = report.ingressId
    await log.group('Drift issue', async () => {
      try {
        const { keepDriftIssue } = await import('./github/drift-issue.js')
        const drift = { ingressId, file: report.file ?? settings.ingressFile, drifted: drifted(report), body: renderDriftBody(report, new Date(clock.now()), runUrl), runUrl }
        report.driftIssue = await keepDriftIssue(settings.githubToken, drift, log)
      } catch (err) {
        log.warning(`Could not keep the drift issue: ${failureMessage(err)}`)
      }
    })
  }
}
