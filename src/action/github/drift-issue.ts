// Loaded with a dynamic import() only when drift-issue is set: one open issue per ingress and file that says the live
// ingress differs from the file. It is found, like the sticky PR comment, by a marker at the start of its body and by
// its author (the token's own identity), through the issues list (the search index lags); created when drift is
// first seen, updated in place while it lasts, closed with a comment once the ingress is in sync again.
import { context } from '@actions/github'
import type { ActionLog } from '../log.js'
import { fitComment } from '../report/comment.js'
import { escapeMarkdown } from '../report/markdown.js'
import { findOwn, githubClient, listAll, ownLogin, reason } from './client.js'

export interface Drift {
  ingressId: number
  file: string
  /** Whether the live ingress differs from the file (a real run would write). */
  drifted: boolean
  /** The issue's body below the marker: the plan, when it was seen, the run. */
  body: string
  runUrl?: string
}

/** The marker of the one issue for this ingress and file. */
export const driftMarker = (ingressId: number, file: string): string => `<!-- sae-ingress-action: drift of ingress ${ingressId} from ${encodeURIComponent(file)} -->`

/** `#12` as a link to the issue, when GitHub's answer gives a plain https URL to link to. */
const linked = (issue: { number: number; html_url: string }): string =>
  /^https:\/\/[^\s()<>[\]]+$/.test(issue.html_url) ? `[#${issue.number}](${issue.html_url})` : `#${issue.number}`

/** What was done to the issue, for the summary; a token that may not keep issues only warns. */
export async function keepDriftIssue(token: string, drift: Drift, log: ActionLog): Promise<string> {
  if (!token) {
    log.warning('No github-token: the drift issue was not kept (the drift is in the outputs and the summary).')
    return 'not kept: no github-token'
  }
  const octokit = githubClient(token, log)
  const marker = driftMarker(drift.ingressId, drift.file)
  const title = `Ingress ${drift.ingressId} has drifted from ${drift.file}`
  const body = fitComment(log.redact(`${marker}\n\n${drift.body}`), drift.runUrl)
  try {
    const login = await ownLogin(octokit)
    const issues = await listAll(octokit.paginate.iterator(octokit.rest.issues.listForRepo, { ...context.repo, state: 'open', per_page: 100 }), 'the list of open issues')
    // Pull requests are issues too in this list: never one of them.
    const open = findOwn(issues.filter(issue => !issue.pull_request), marker, login)
    if (drift.drifted && open) {
      await octokit.rest.issues.update({ ...context.repo, issue_number: open.number, title, body })
      log.info(`Updated the drift issue ${open.html_url}.`)
      return `updated ${linked(open)}`
    }
    if (drift.drifted) {
      const { data } = await octokit.rest.issues.create({ ...context.repo, title, body })
      log.info(`Opened the drift issue ${data.html_url}.`)
      return `opened ${linked(data)}`
    }
    if (!open) return 'none open: in sync'
    await octokit.rest.issues.createComment({ ...context.repo, issue_number: open.number, body: `In sync again as of the ${drift.runUrl ? `[workflow run](${drift.runUrl})` : 'workflow run'}.` })
    await octokit.rest.issues.update({ ...context.repo, issue_number: open.number, state: 'closed', state_reason: 'completed' })
    log.info(`Closed the drift issue ${open.html_url}: the ingress is in sync again.`)
    return `closed ${linked(open)}: in sync again`
  } catch (err) {
    const why = reason(err, 'issues: write')
    log.warning(`Could not keep the drift issue: ${why}. The drift is in the outputs and the summary.`)
    // GitHub's words go into the job summary: Markdown there is text, not markup.
    return `not kept: ${escapeMarkdown(why)}`
  }
}
