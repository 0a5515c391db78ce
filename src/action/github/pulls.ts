// Loaded with a dynamic import() only on prune runs: the state of the pull requests whose preview rules were found.
import { context } from '@actions/github'
import { ExpectedFailure } from '../../engine/failure.js'
import type { ActionLog } from '../log.js'
import { githubClient } from './client.js'

export type PullRequestState = 'open' | 'closed' | 'unknown'

/** Each number's pull request in this repository: open, closed (merged or not), or unknown (GitHub has none). */
export async function pullRequestStates(token: string, numbers: readonly number[], log: ActionLog): Promise<Map<number, PullRequestState>> {
  const states = new Map<number, PullRequestState>()
  if (numbers.length === 0) return states
  if (!token) throw new ExpectedFailure('rules-mode prune looks up pull requests: it needs github-token (the default ${{ github.token }} with permissions: pull-requests: read).')
  const octokit = githubClient(token, log)
  for (const number of new Set(numbers)) {
    try {
      // A redirect is not followed (it could lead to another pull request's answer), and an answer must be about the
      // pull request asked for: only then can its state remove a rule.
      const { data } = await octokit.rest.pulls.get({ ...context.repo, pull_number: number, request: { redirect: 'manual' } })
      if (data?.number !== number || (data.state !== 'open' && data.state !== 'closed')) {
        throw new ExpectedFailure(`Could not look up pull request #${number}: GitHub's answer is not about pull request #${number} (or has no state). Nothing was removed.`)
      }
      states.set(number, data.state)
    } catch (err) {
      if (err instanceof ExpectedFailure) throw err
      const status = (err as { status?: number }).status
      if (status === 404) states.set(number, 'unknown')
      else if (status === 403 || status === 401) {
        throw new ExpectedFailure(`Could not look up pull request #${number}: the token lacks permission (add \`permissions: pull-requests: read\` to the job). Nothing was removed.`)
      } else throw new ExpectedFailure(`Could not look up pull request #${number}: ${status ? `HTTP ${status}: ` : ''}${err instanceof Error ? err.message : String(err)}. Nothing was removed.`)
    }
  }
  return states
}
