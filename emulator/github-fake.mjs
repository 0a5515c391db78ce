// @ts-check
// Loopback fake of the GitHub REST endpoints the action uses, as octokit (via @actions/github, baseUrl
// from GITHUB_API_URL) calls them: its PR comment here, the issues it keeps and the pull requests it
// looks up in github-issues.mjs. Pagination follows GitHub: per_page (default 30, max 100) and page,
// with a Link header that octokit's paginate plugin follows by its absolute `rel="next"` URL.
//
// Identities as GitHub has them: a token listed in `users` is a personal access token of that login
// (GET /user answers it, its comments are that user's); any other token is an installation token
// like GITHUB_TOKEN (GET /user is 403 "Resource not accessible by integration", its comments are
// github-actions[bot]'s). Like GitHub, any token may edit anyone's comment: keeping its hands off
// other people's comments is the client's business. Bodies over 65,536 characters are refused
// (422), and `inject` makes the next matching requests fail with any answer.
//
// Comments may go to any number: one the fake does not know is taken for a pull request's. A token
// listed in `permissions` may lack some (an unlisted scope is write): without it GitHub answers 403
// "Resource not accessible by integration" (by personal access token, for a token in `users`).

import { randomUUID } from 'node:crypto'
import { createIssueTracker } from './github-issues.mjs'
import { BOT, MAX_BODY_CHARACTERS, isoNow, pageOf, userObject } from './github-shapes.mjs'
import { flattenHeaders, listenLoopback, readBody, sendJson } from './loopback-server.mjs'

const DOCS = 'https://docs.github.com/rest/issues/comments'

/**
 * @typedef {object} GitHubComment
 * @property {number} id
 * @property {string} node_id
 * @property {string} url
 * @property {string} html_url
 * @property {string} issue_url
 * @property {string} body
 * @property {{ login: string, id: number, type: string }} user
 * @property {string} created_at
 * @property {string} updated_at
 * @property {string} author_association
 */

/**
 * @typedef {object} GitHubRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {Record<string, string>} headers
 * @property {string} body
 * @property {number} status
 */

/**
 * @typedef {object} GitHubFailure
 * @property {string} [method]   only requests with this method (GET, POST, PATCH)
 * @property {string | RegExp} [path]  only requests whose path equals this or matches it
 * @property {number} status
 * @property {unknown} [body]    a string is sent as is, anything else as JSON; default { message }
 * @property {Record<string, string>} [headers]
 * @property {number} [times]    default 1, Infinity allowed
 */

/** @typedef {'read' | 'write' | 'none'} GitHubPermission */
/** @typedef {{ issues?: GitHubPermission, pullRequests?: GitHubPermission }} GitHubTokenPermissions */
const RANK = { none: 0, read: 1, write: 2 }

/**
 * @param {{ forbidComments?: boolean, port?: number, users?: Record<string, string>, permissions?: Record<string, GitHubTokenPermissions> }} [options]
 */
export async function startGitHubFake(options = {}) {
  /** @type {Map<string, GitHubComment[]>} */
  const threads = new Map()
  /** @type {GitHubRequest[]} */
  const requests = []
  /** @type {Array<GitHubFailure & { remaining: number }>} */
  const failures = []
  const users = options.users ?? {}
  /** @param {string} authorization */
  const tokenOf = (authorization) => authorization.replace(/^(token|bearer)\s+/i, '')
  /** The login behind an Authorization header, or undefined for an installation token. @param {string} authorization */
  const userOf = (authorization) => users[tokenOf(authorization)]
  /** @param {string} authorization @param {'issues' | 'pullRequests'} scope @param {'read' | 'write'} level */
  const can = (authorization, scope, level) => RANK[options.permissions?.[tokenOf(authorization)]?.[scope] ?? 'write'] >= RANK[level]
  let nextId = 1000
  let base = ''
  const tracker = createIssueTracker({ base: () => base, commentCount: (owner, repo, number) => threads.get(`${owner}/${repo}#${number}`)?.length ?? 0 })

  /** @param {string} owner @param {string} repo @param {number} issue */
  const threadOf = (owner, repo, issue) => {
    const key = `${owner}/${repo}#${issue}`
    let thread = threads.get(key)
    if (!thread) threads.set(key, (thread = []))
    return thread
  }
  /** @param {string} owner @param {string} repo @param {number} issue @param {string} body @param {string} [login] */
  const addComment = (owner, repo, issue, body, login) => {
    if (login === BOT.login) login = undefined
    const id = nextId++
    const at = isoNow()
    /** @type {GitHubComment} */
    const comment = {
      id,
      node_id: `IC_kwDO${Buffer.from(String(id)).toString('base64url')}`,
      url: `${base}/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/${tracker.kindOf(owner, repo, issue) === 'issue' ? 'issues' : 'pull'}/${issue}#issuecomment-${id}`,
      issue_url: `${base}/repos/${owner}/${repo}/issues/${issue}`,
      body,
      user: userObject(login),
      created_at: at,
      updated_at: at,
      author_association: login ? 'MEMBER' : 'NONE'
    }
    threadOf(owner, repo, issue).push(comment)
    tracker.touch(owner, repo, issue)
    return structuredClone(comment)
  }
  /** @param {number} id */
  const findComment = (id) => {
    for (const thread of threads.values()) {
      const comment = thread.find((c) => c.id === id)
      if (comment) return comment
    }
    return undefined
  }
  /** Where a comment is: its repository and issue number, or undefined. @param {number} id */
  const locate = (id) => {
    for (const [key, thread] of threads) {
      const where = /^([^/]+)\/([^/]+)#(\d+)$/.exec(key)
      if (where && thread.some((c) => c.id === id)) return { owner: where[1] ?? '', repo: where[2] ?? '', issue: Number(where[3]) }
    }
    return undefined
  }

  const loop = await listenLoopback(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const body = await readBody(req)
    /** @type {GitHubRequest} */
    const record = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: flattenHeaders(req.headers), body, status: 0 }
    requests.push(record)
    /** @param {number} status @param {unknown} payload @param {Record<string, string>} [headers] */
    const reply = (status, payload, headers = {}) => {
      record.status = status
      sendJson(res, status, payload, { 'x-github-request-id': randomUUID().toUpperCase(), ...headers })
    }

    if (!record.headers['authorization']) return reply(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' })
    const failure = failures.find(
      (f) => (!f.method || f.method === req.method) && (!f.path || (typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname)))
    )
    if (failure) {
      if (--failure.remaining <= 0) failures.splice(failures.indexOf(failure), 1)
      record.status = failure.status
      const text = typeof failure.body === 'string' ? failure.body : JSON.stringify(failure.body ?? { message: `injected failure ${failure.status}` })
      res.writeHead(failure.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...failure.headers })
      return res.end(text)
    }
    const authorization = record.headers['authorization']
    const login = userOf(authorization)
    /** @param {string} accepted the permissions that would do, as GitHub names them @param {string} [docs] */
    const forbid = (accepted, docs = 'https://docs.github.com/rest') =>
      reply(403, { message: `Resource not accessible by ${login ? 'personal access token' : 'integration'}`, documentation_url: docs, status: '403' }, { 'x-accepted-github-permissions': accepted })
    if (url.pathname === '/user' && req.method === 'GET') {
      return login
        ? reply(200, userObject(login))
        : reply(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' })
    }
    const method = req.method ?? 'GET'
    const routed = tracker.handle({ method, url, body, login, can: (scope, level) => can(authorization, scope, level), forbid, reply })
    if (routed) return undefined

    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname)
    const single = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname)
    const isWrite = req.method === 'POST' || req.method === 'PATCH'
    if ((list || single) && isWrite && options.forbidComments) {
      return reply(403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' })
    }
    // A comment on an issue needs issues permission; on a pull request (or a number the fake does not know) either will do.
    const where = list ? { owner: list[1] ?? '', repo: list[2] ?? '', issue: Number(list[3]) } : single ? locate(Number(single[3])) : undefined
    if (where) {
      const level = isWrite ? 'write' : 'read'
      const onIssue = tracker.kindOf(where.owner, where.repo, where.issue) === 'issue'
      if (!can(authorization, 'issues', level) && (onIssue || !can(authorization, 'pullRequests', level))) {
        return forbid(onIssue ? `issues=${level}` : `issues=${level}; pull_requests=${level}`, DOCS)
      }
    }

    if (list && req.method === 'GET') {
      const page = pageOf(threadOf(/** @type {string} */ (list[1]), /** @type {string} */ (list[2]), Number(list[3])), url, base)
      return reply(200, page.items, page.headers)
    }
    if (list || single) {
      if (req.method === 'GET' && single) {
        const comment = findComment(Number(single[3]))
        return comment ? reply(200, comment) : reply(404, { message: 'Not Found', documentation_url: DOCS })
      }
      if (!isWrite || (list && req.method !== 'POST') || (single && req.method !== 'PATCH')) {
        return reply(404, { message: 'Not Found', documentation_url: DOCS })
      }
      let text
      try {
        text = JSON.parse(body).body
      } catch {
        return reply(400, { message: 'Problems parsing JSON', documentation_url: DOCS })
      }
      if (typeof text !== 'string') {
        return reply(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }], documentation_url: DOCS })
      }
      if ([...text].length > MAX_BODY_CHARACTERS) {
        const message = `body is too long (maximum is ${MAX_BODY_CHARACTERS} characters)`
        return reply(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message }], documentation_url: DOCS })
      }
      if (list) {
        return reply(201, addComment(/** @type {string} */ (list[1]), /** @type {string} */ (list[2]), Number(list[3]), text, login))
      }
      const comment = findComment(Number(/** @type {RegExpExecArray} */ (single)[3]))
      if (!comment) return reply(404, { message: 'Not Found', documentation_url: DOCS })
      comment.body = text
      comment.updated_at = isoNow()
      return reply(200, comment)
    }
    return reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
  }, options.port ?? 0)
  base = loop.url

  return {
    /** Use as GITHUB_API_URL / octokit baseUrl. */
    url: loop.url,
    requests,
    /** @param {string} owner @param {string} repo @param {number} issue */
    comments: (owner, repo, issue) => structuredClone(threadOf(owner, repo, issue)),
    /** Seeds a comment, e.g. an earlier run's sticky comment or a human's. */
    addComment,
    /** Seeds an issue; without `login` it is github-actions[bot]'s. It takes the next free number unless given one. */
    addIssue: tracker.addIssue,
    /** Seeds a pull request (by octocat unless `login`); `merged` makes it closed. */
    addPullRequest: tracker.addPullRequest,
    /** Opens, closes or merges a seeded pull request. */
    setPullRequestState: tracker.setPullRequestState,
    /** The repository's issues, pull requests left out, by number. */
    issues: tracker.issues,
    /** The repository's pull requests, by number. */
    pullRequests: tracker.pullRequests,
    /** The next `times` requests that match fail with this answer. @param {GitHubFailure} failure */
    inject: (failure) => {
      failures.push({ ...failure, remaining: failure.times ?? 1 })
    },
    close: () => loop.close()
  }
}
