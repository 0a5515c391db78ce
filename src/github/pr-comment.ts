// Loaded with a dynamic import() only on pull request runs, so the plain apply path never parses octokit.
import * as core from '../log.js'
import { context, getOctokit } from '@actions/github'
import { commentMarker } from '../report/comment.js'

/**
 * Creates or updates, in place, the one comment this action keeps per ingress on the pull request.
 * Honours GITHUB_API_URL (GitHub Enterprise Server). A token without `pull-requests: write` only warns.
 */
export async function upsertPullRequestComment(token: string, ingressId: number, body: string): Promise<void> {
  const number = context.payload.pull_request?.number ?? (context.eventName.startsWith('pull_request') ? context.issue.number : undefined)
  if (!number) return
  if (!token) {
    core.warning('No github-token: the pull request comment was skipped.')
    return
  }
  const octokit = getOctokit(token)
  const target = { ...context.repo, issue_number: number }
  const marker = commentMarker(ingressId)
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...target, per_page: 100 })
    const existing = comments.find(comment => comment.body?.includes(marker))
    if (existing) {
      await octokit.rest.issues.updateComment({ ...context.repo, comment_id: existing.id, body })
      core.info(`Updated the pull request comment ${existing.html_url ?? existing.id}.`)
    } else {
      const created = await octokit.rest.issues.createComment({ ...target, body })
      core.info(`Commented on the pull request: ${created.data.html_url}.`)
    }
  } catch (err) {
    const status = (err as { status?: number }).status
    const why = status === 403 || status === 404
      ? 'the token lacks permission (add `permissions: pull-requests: write` to the job)'
      : err instanceof Error ? err.message : String(err)
    core.warning(`Could not comment on pull request #${number}: ${why}. The deployment itself is not affected.`)
  }
}
