// @ts-check
// What the GitHub fake's issues and pull requests look like on the wire, and the shapes they are kept in: the bot
// user, user objects, GitHub's paging (per_page, page, the Link header) and the issue and pull request objects its
// REST API answers with. Pure functions of a stored item; the state and the routes are github-issues.mjs's.

import { createHash } from 'node:crypto'

export const BOT = Object.freeze({ login: 'github-actions[bot]', id: 41898282, type: 'Bot' })
export const MAX_BODY_CHARACTERS = 65536

/** GitHub's timestamps: ISO 8601 to the second. */
export const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

/**
 * The user object GitHub shows for a login; no login (or the bot's) is github-actions[bot]. Ids are stable per login.
 * @param {string} [login]
 */
export function userObject(login) {
  if (!login || login === BOT.login) return { ...BOT }
  let hash = 0
  for (const char of login.toLowerCase()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 90_000_000
  return { login, id: 1_000_000 + hash, type: 'User' }
}

/**
 * One page of `items` as GitHub pages a list: per_page (default 30, max 100) and page, with a Link header whose URLs
 * keep the request's other query parameters.
 * @template T
 * @param {T[]} items
 * @param {URL} url the request's URL
 * @param {string} base the fake's URL
 * @returns {{ items: T[], headers: Record<string, string> }}
 */
export function pageOf(items, url, base) {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30))
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
  const lastPage = Math.max(1, Math.ceil(items.length / perPage))
  const link = (/** @type {number} */ p, /** @type {string} */ rel) => {
    const query = new URLSearchParams(url.searchParams)
    query.set('per_page', String(perPage))
    query.set('page', String(p))
    return `<${base}${url.pathname}?${query}>; rel="${rel}"`
  }
  /** @type {string[]} */
  const links = []
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'))
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'))
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(', ') } : {} }
}

/**
 * @typedef {object} StoredItem  an issue, or a pull request (`pull`) with its issue
 * @property {number} number
 * @property {number} id           the issue's id
 * @property {boolean} pull
 * @property {number} pullId       the pull request's id (pull requests only)
 * @property {string} title
 * @property {string | null} body
 * @property {'open' | 'closed'} state
 * @property {string | null} state_reason
 * @property {string | undefined} login   undefined: github-actions[bot]
 * @property {string[]} labels
 * @property {string} created_at
 * @property {string} updated_at
 * @property {string | null} closed_at
 * @property {string | undefined} closed_by
 * @property {string | null} merged_at
 * @property {string} head
 * @property {string} base
 */

/**
 * @typedef {object} SeedIssue
 * @property {number} [number]
 * @property {string} [title]
 * @property {string | null} [body]
 * @property {string} [login]     the author; default github-actions[bot]
 * @property {'open' | 'closed'} [state]
 * @property {string | null} [state_reason]
 * @property {string[]} [labels]
 */

/**
 * @typedef {object} SeedPullRequest
 * @property {number} [number]
 * @property {'open' | 'closed'} [state]
 * @property {boolean} [merged]   a merged pull request is closed
 * @property {string} [title]
 * @property {string | null} [body]
 * @property {string} [login]     the author; default octocat
 * @property {string[]} [labels]
 * @property {string} [head]      head branch; default pr-<number>
 * @property {string} [base]      base branch; default main
 */

/**
 * @typedef {object} IssueRequest
 * @property {string} method
 * @property {URL} url
 * @property {string} body
 * @property {string | undefined} login   the token's login; undefined for an installation token
 * @property {(scope: 'issues' | 'pullRequests', level: 'read' | 'write') => boolean} can
 * @property {(accepted: string) => unknown} forbid  answers 403, naming what would do in x-accepted-github-permissions
 * @property {(status: number, payload: unknown, headers?: Record<string, string>) => unknown} reply
 */

/**
 * @typedef {object} ViewContext  where an item lives and what its view shows beside it
 * @property {string} base      the fake's URL
 * @property {string} owner
 * @property {string} repo
 * @property {object[]} labels  the item's label objects
 * @property {number} comments  how many comments it has
 */

/** The issue GitHub shows (the issues endpoints). @param {ViewContext} view @param {StoredItem} item @param {boolean} [single] */
export function issueView({ base, owner, repo, labels, comments }, item, single = false) {
  const api = `${base}/repos/${owner}/${repo}`
  const html = `https://github.com/${owner}/${repo}/${item.pull ? 'pull' : 'issues'}/${item.number}`
  return {
    id: item.id,
    node_id: `I_kwDO${Buffer.from(String(item.id)).toString('base64url')}`,
    url: `${api}/issues/${item.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${item.number}/labels{/name}`,
    comments_url: `${api}/issues/${item.number}/comments`,
    events_url: `${api}/issues/${item.number}/events`,
    html_url: html,
    number: item.number,
    state: item.state,
    state_reason: item.state_reason,
    title: item.title,
    body: item.body,
    user: userObject(item.login),
    labels,
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments,
    ...(item.pull ? { pull_request: { url: `${api}/pulls/${item.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: item.merged_at } } : {}),
    closed_at: item.closed_at,
    created_at: item.created_at,
    updated_at: item.updated_at,
    ...(single ? { closed_by: item.closed_by === undefined ? null : userObject(item.closed_by || undefined) } : {}),
    author_association: item.login && item.login !== BOT.login ? 'MEMBER' : 'NONE'
  }
}

/** The pull request GitHub shows (GET /pulls/{n}). @param {ViewContext} view @param {StoredItem} item */
export function pullView({ base, owner, repo, labels, comments }, item) {
  const api = `${base}/repos/${owner}/${repo}`
  const html = `https://github.com/${owner}/${repo}/pull/${item.number}`
  const sha = (/** @type {string} */ seed) => createHash('sha1').update(`${owner}/${repo}#${item.number}:${seed}`).digest('hex')
  return {
    url: `${api}/pulls/${item.number}`,
    id: item.pullId,
    node_id: `PR_kwDO${Buffer.from(String(item.pullId)).toString('base64url')}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${item.number}`,
    comments_url: `${api}/issues/${item.number}/comments`,
    number: item.number,
    state: item.state,
    locked: false,
    title: item.title,
    user: userObject(item.login),
    body: item.body,
    labels,
    milestone: null,
    created_at: item.created_at,
    updated_at: item.updated_at,
    closed_at: item.closed_at,
    merged_at: item.merged_at,
    merge_commit_sha: item.merged_at ? sha('merge') : null,
    draft: false,
    head: { label: `${owner}:${item.head}`, ref: item.head, sha: sha(item.head) },
    base: { label: `${owner}:${item.base}`, ref: item.base, sha: sha(item.base) },
    author_association: item.login && item.login !== BOT.login ? 'MEMBER' : 'NONE',
    merged: item.merged_at !== null,
    mergeable: item.state === 'open' ? true : null,
    merged_by: item.merged_at ? userObject(item.closed_by) : null,
    comments
  }
}
