// What the action's GitHub features share (the sticky PR comment, the drift issue, prune's pull request lookups):
// octokit through @actions/github (GITHUB_API_URL, the proxy variables), the token's own identity, and errors in words.
// Imported only by modules that are themselves loaded with a dynamic import(), so a plain run never parses octokit.
import { getOctokit } from '@actions/github'
import type { ActionLog } from '../log.js'

export type Octokit = ReturnType<typeof getOctokit>

/** Who writes with GITHUB_TOKEN (and, for want of a way to ask, with any installation token). */
export const ACTIONS_BOT = 'github-actions[bot]'

/** How long one feature's GitHub calls may take together: a GitHub API that never answers must not hold the step. */
export const GITHUB_BUDGET_MS = 60_000
/** The most pages of 100 a list is read to: an API that always has a next page must not either. */
export const MAX_PAGES = 50

/**
 * octokit for `token`, whose own messages (deprecations, retries) go through the run's log like everything else, and
 * whose calls all end within GITHUB_BUDGET_MS (a hook, so the toolkit's proxy-aware request defaults stay as they are).
 */
export function githubClient(token: string, log: ActionLog, budgetMs = GITHUB_BUDGET_MS): Octokit {
  const octokit = getOctokit(token, { log: { debug: m => log.debug(m), info: m => log.debug(m), warn: m => log.info(m), error: m => log.info(m) } })
  const signal = AbortSignal.timeout(budgetMs)
  octokit.hook.before('request', options => {
    options.request = { ...options.request, signal }
  })
  return octokit
}

/** Every item of a paged list, up to MAX_PAGES pages of 100; a longer list is an error rather than a partial answer. */
export async function listAll<T>(pages: AsyncIterable<{ data: T[] }>, what: string): Promise<T[]> {
  const items: T[] = []
  let read = 0
  for await (const page of pages) {
    if (++read > MAX_PAGES) throw new Error(`${what} runs past ${MAX_PAGES} pages of 100; not read further`)
    items.push(...page.data)
  }
  return items
}

export interface Authored {
  body?: string | null
  user?: { login: string } | null
}

/**
 * The item (comment, issue) this action keeps under `marker`: one whose body starts with the marker *and* that the
 * token's own identity wrote. Anyone can paste the marker into something of their own; the action never edits that.
 */
export function findOwn<T extends Authored>(items: readonly T[], marker: string, login: string): T | undefined {
  const own = login.toLowerCase()
  return items.find(item => item.user?.login.toLowerCase() === own && (item.body ?? '').startsWith(marker))
}

/**
 * The login the token writes as: GET /user answers for a personal access token; an installation token (GITHUB_TOKEN
 * included) gets 403 there, and writes as github-actions[bot].
 */
export async function ownLogin(octokit: Octokit): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    if (typeof data?.login === 'string' && data.login) return data.login
  } catch {
    // 403 "Resource not accessible by integration": an installation token.
  }
  return ACTIONS_BOT
}

/** A failed GitHub call in words; a refusal names the job permission (`pull-requests: write`, `issues: write`) needed. */
export function reason(err: unknown, permission: string): string {
  const status = (err as { status?: number }).status
  if (status === 403 || status === 404) return `the token lacks permission (add \`permissions: ${permission}\` to the job)`
  const message = err instanceof Error ? err.message : String(err)
  return status ? `HTTP ${status}: ${message}` : message
}
