// @ts-check
// Loopback fake of the GitHub REST endpoints the action uses for its PR comment, as octokit (via
// @actions/github, baseUrl from GITHUB_API_URL) calls them. Pagination follows GitHub: per_page
// (default 30, max 100) and page, with a Link header that octokit's paginate plugin follows by its
// absolute `rel="next"` URL.
//
// Identities as GitHub has them: a token listed in `users` is a personal access token of that login
// (GET /user answers it, its comments are that user's); any other token is an installation token
// like GITHUB_TOKEN (GET /user is 403 "Resource not accessible by integration", its comments are
// github-actions[bot]'s). Like GitHub, any token may edit anyone's comment: keeping its hands off
// other people's comments is the client's business. Bodies over 65,536 characters are refused
// (422), and `inject` makes the next matching requests fail with any answer.

import { randomUUID } from 'node:crypto'
import { flattenHeaders, listenLoopback, readBody, sendJson } from './loopback-server.mjs'

const BOT = Object.freeze({ login: 'github-actions[bot]', id: 41898282, type: 'Bot' })
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

const MAX_BODY_CHARACTERS = 65536

/** @param {{ forbidComments?: boolean, port?: number, users?: Record<string, string> }} [options] */
export async function startGitHubFake(options = {}) {
  /** @type {Map<string, GitHubComment[]>} */
  const threads = new Map()
  /** @type {GitHubRequest[]} */
  const requests = []
  /** @type {Array<GitHubFailure & { remaining: number }>} */
  const failures = []
  const users = options.users ?? {}
  /** The login behind an Authorization header, or undefined for an installation token. @param {string} authorization */
  const userOf = (authorization) => users[authorization.replace(/^(token|bearer)\s+/i, '')]
  let nextId = 1000
  let base = ''

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
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    /** @type {GitHubComment} */
    const comment = {
      id,
      node_id: `IC_kwDO${Buffer.from(String(id)).toString('base64url')}`,
      url: `${base}/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${base}/repos/${owner}/${repo}/issues/${issue}`,
      body,
      user: login ? { login, id: 1, type: 'User' } : { ...BOT },
      created_at: at,
      updated_at: at,
      author_association: login ? 'MEMBER' : 'NONE'
    }
    threadOf(owner, repo, issue).push(comment)
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
    const login = userOf(record.headers['authorization'])
    if (url.pathname === '/user' && req.method === 'GET') {
      return login
        ? reply(200, { login, id: 1, type: 'User' })
        : reply(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' })
    }
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname)
    const single = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname)
    const isWrite = req.method === 'POST' || req.method === 'PATCH'
    if ((list || single) && isWrite && options.forbidComments) {
      return reply(403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' })
    }

    if (list && req.method === 'GET') {
      const thread = threadOf(/** @type {string} */ (list[1]), /** @type {string} */ (list[2]), Number(list[3]))
      const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30))
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
      const lastPage = Math.max(1, Math.ceil(thread.length / perPage))
      const link = (/** @type {number} */ p, /** @type {string} */ rel) => `<${base}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`
      /** @type {string[]} */
      const links = []
      if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'))
      if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'))
      return reply(200, thread.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {})
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
      comment.updated_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
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
    /** The next `times` requests that match fail with this answer. @param {GitHubFailure} failure */
    inject: (failure) => {
      failures.push({ ...failure, remaining: failure.times ?? 1 })
    },
    close: () => loop.close()
  }
}
