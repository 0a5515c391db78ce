// Loaded with a dynamic import() only on pull request runs, so the plain apply path never parses octokit.
import { context } from '@actions/github'
import type { ActionLog } from '../log.js'
import { commentMarker, fitComment, renderStaleComment } from '../report/comment.js'
import { findOwn, githubClient, listAll, ownLogin, reason, type Octokit } from './client.js'

/** The ingress a sticky comment of this action is about, read from its marker. */
const STICKY = /^<!-- sae-ingress-action: ingress (\d+) -->/

/**
 * Creates or updates, in place, the one comment this action keeps per ingress on the pull request, with the body
 * `render` gives for it. The body is redacted and kept within GitHub's size limit here, whoever rendered it. If the
 * update fails, the old comment is replaced by a short "out of date" note (or, failing that, such a note is posted),
 * so an earlier success never stands for this run. When the run could not tell which ingress it was for (a file that
 * is not even JSON), every sticky comment of this action on the pull request is updated instead: none of them may go
 * on claiming an earlier success. Honours GITHUB_API_URL (GitHub Enterprise Server). A token that may not comment only
 * warns.
 */
export async function upsertPullRequestComment(
  token: string,
  ingressId: number | undefined,
  render: (ingressId: number) => string,
  { log, runUrl }: { log: ActionLog; runUrl?: string }
): Promise<void> {
  const number = context.payload.pull_request?.number ?? (context.eventName.startsWith('pull_request') ? context.issue.number : undefined)
  if (!number) return
  if (!token) {
    log.warning('No github-token: the pull request comment was skipped.')
    return
  }
  const octokit = githubClient(token, log)
  const target = { ...context.repo, issue_number: number }
  const body = (id: number) => fitComment(log.redact(render(id)), runUrl)
  // The comments being written, so that a failure can mark them out of date.
  const touched: Array<{ comment: number; ingress: number }> = []
  try {
    const login = await ownLogin(octokit)
    const comments = await listAll(octokit.paginate.iterator(octokit.rest.issues.listComments, { ...target, per_page: 100 }), "the pull request's comments")
    if (ingressId === undefined) {
      for (const own of comments.filter(comment => comment.user?.login.toLowerCase() === login.toLowerCase())) {
        const id = STICKY.exec(own.body ?? '')?.[1]
        if (id === undefined) continue
        touched.push({ comment: own.id, ingress: Number(id) })
        await octokit.rest.issues.updateComment({ ...context.repo, comment_id: own.id, body: body(Number(id)) })
        log.info(`Updated the pull request comment ${own.html_url ?? own.id}: this run failed before it knew its ingress.`)
      }
      return
    }
    const existing = findOwn(comments, commentMarker(ingressId), login)
    if (existing) {
      touched.push({ comment: existing.id, ingress: ingressId })
      await octokit.rest.issues.updateComment({ ...context.repo, comment_id: existing.id, body: body(ingressId) })
      log.info(`Updated the pull request comment ${existing.html_url ?? existing.id}.`)
    } else {
      const created = await octokit.rest.issues.createComment({ ...target, body: body(ingressId) })
      log.info(`Commented on the pull request: ${created.data.html_url}.`)
    }
  } catch (err) {
    log.warning(`Could not comment on pull request #${number}: ${reason(err, 'pull-requests: write')}. The deployment itself is not affected.`)
    const stale = touched.at(-1)
    if (stale) await markStale(octokit, target, stale.comment, log.redact(renderStaleComment(stale.ingress, runUrl)), log)
  }
}

/** The old report must not stand: overwrite it with the short note, or post the note when even that fails. */
async function markStale(octokit: Octokit, target: { owner: string; repo: string; issue_number: number }, commentId: number, note: string, log: ActionLog): Promise<void> {
  try {
    await octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: commentId, body: note })
    log.info('The pull request comment now says it is out of date.')
  } catch {
    try {
      await octokit.rest.issues.createComment({ ...target, body: note })
      log.info('Posted a note that the pull request comment is out of date.')
    } catch (err) {
      log.warning(`The pull request comment could not be marked out of date: ${reason(err, 'pull-requests: write')}.`)
    }
  }
}
