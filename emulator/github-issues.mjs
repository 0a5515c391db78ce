// @ts-check
// The issues and pull requests of the GitHub fake (github-fake.mjs), as GitHub keeps them: one number sequence per
// repository shared by issues and pull requests, and every pull request is an issue too, so the issues list shows
// it with a `pull_request` key (a client looking for issues must skip those). Served here:
//   GET/POST /repos/{o}/{r}/issues            list (state, creator, labels, since, sort, direction, paged) / create
//   GET/PATCH /repos/{o}/{r}/issues/{n}        one issue or pull request as an issue / edit it (title, body, state,
//                                              state_reason, labels)
//   GET /repos/{o}/{r}/pulls/{n}               one pull request (404 for an issue's number)
// Labels a request names that the repository lacks are created, as GitHub does for a token with push access.

import { BOT, MAX_BODY_CHARACTERS, isoNow, issueView, pageOf, pullView, userObject } from './github-shapes.mjs'

/** @typedef {import('./github-shapes.mjs').StoredItem} StoredItem */
/** @typedef {import('./github-shapes.mjs').SeedIssue} SeedIssue */
/** @typedef {import('./github-shapes.mjs').SeedPullRequest} SeedPullRequest */
/** @typedef {import('./github-shapes.mjs').IssueRequest} IssueRequest */

const DOCS = 'https://docs.github.com/rest/issues/issues'
const PULL_DOCS = 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request'

/** @param {string} text @param {string} [field] */
const validation = (text, field = 'body') => ({ message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'custom', field, message: text }], documentation_url: DOCS })

/**
 * @param {{ base: () => string, commentCount: (owner: string, repo: string, number: number) => number }} context
 */
export function createIssueTracker(context) {
  /** @type {Map<string, { items: Map<number, StoredItem>, labels: Map<string, { id: number, name: string, color: string, description: string | null }> }>} */
  const repos = new Map()
  let nextId = 2_000_000
  /** @param {string} owner @param {string} repo */
  const repoOf = (owner, repo) => {
    const key = `${owner}/${repo}`
    let entry = repos.get(key)
    if (!entry) repos.set(key, (entry = { items: new Map(), labels: new Map() }))
    return entry
  }
  /** @param {string} owner @param {string} repo @param {number} number */
  const itemOf = (owner, repo, number) => repos.get(`${owner}/${repo}`)?.items.get(number)
  /** @param {string} owner @param {string} repo @param {number} [number] */
  const claimNumber = (owner, repo, number) => {
    const { items } = repoOf(owner, repo)
    if (number !== undefined && (!Number.isInteger(number) || number < 1 || items.has(number))) {
      throw new Error(`github fake: ${owner}/${repo}#${number} is taken or not a number`)
    }
    return number ?? Math.max(0, ...items.keys()) + 1
  }
  /** @param {string} owner @param {string} repo @param {unknown[]} names */
  const labelsOf = (owner, repo, names) => {
    const { labels } = repoOf(owner, repo)
    return names.map((name) => {
      const text = String(typeof name === 'object' && name && 'name' in name ? name.name : name)
      const known = labels.get(text.toLowerCase())
      if (known) return known.name
      labels.set(text.toLowerCase(), { id: nextId++, name: text, color: 'ededed', description: null })
      return text
    })
  }
  /** @param {string} owner @param {string} repo @param {string[]} names */
  const labelObjects = (owner, repo, names) =>
    names.map((name) => {
      const label = /** @type {{ id: number, name: string, color: string, description: string | null }} */ (repoOf(owner, repo).labels.get(name.toLowerCase()))
      const nodeId = `LA_kwDO${Buffer.from(String(label.id)).toString('base64url')}`
      const url = `${context.base()}/repos/${owner}/${repo}/labels/${encodeURIComponent(label.name)}`
      return { id: label.id, node_id: nodeId, url, name: label.name, color: label.color, default: false, description: label.description }
    })

  /** @param {string} owner @param {string} repo @param {StoredItem} item */
  const viewOf = (owner, repo, item) => ({ base: context.base(), owner, repo, labels: labelObjects(owner, repo, item.labels), comments: context.commentCount(owner, repo, item.number) })
  /** @param {string} owner @param {string} repo @param {StoredItem} item @param {boolean} [single] */
  const toIssue = (owner, repo, item, single = false) => issueView(viewOf(owner, repo, item), item, single)
  /** @param {string} owner @param {string} repo @param {StoredItem} item */
  const toPull = (owner, repo, item) => pullView(viewOf(owner, repo, item), item)

  /** @param {string} owner @param {string} repo @param {SeedIssue & { pull?: boolean, merged?: boolean, head?: string, base?: string }} seed */
  const store = (owner, repo, seed) => {
    const number = claimNumber(owner, repo, seed.number)
    const at = isoNow()
    const closed = seed.state === 'closed' || seed.merged === true
    if (seed.merged && seed.state === 'open') throw new Error('github fake: a merged pull request is closed')
    /** @type {StoredItem} */
    const item = {
      number,
      id: nextId++,
      pull: seed.pull ?? false,
      pullId: seed.pull ? nextId++ : 0,
      title: seed.title ?? (seed.pull ? `Pull request ${number}` : `Issue ${number}`),
      body: seed.body ?? null,
      state: closed ? 'closed' : 'open',
      state_reason: closed && !seed.pull ? (seed.state_reason ?? 'completed') : null,
      login: seed.login === BOT.login ? undefined : seed.login,
      labels: labelsOf(owner, repo, seed.labels ?? []),
      created_at: at,
      updated_at: at,
      closed_at: closed ? at : null,
      closed_by: closed ? (seed.login ?? '') : undefined,
      merged_at: seed.merged ? at : null,
      head: seed.head ?? `pr-${number}`,
      base: seed.base ?? 'main'
    }
    repoOf(owner, repo).items.set(number, item)
    return item
  }
  /** @param {string} owner @param {string} repo @param {number} number */
  const pullOf = (owner, repo, number) => {
    const item = itemOf(owner, repo, number)
    if (!item?.pull) throw new Error(`github fake: no pull request ${owner}/${repo}#${number}`)
    return item
  }

  /** GET /issues. @param {string} owner @param {string} repo @param {IssueRequest} request */
  const list = (owner, repo, request) => {
    const query = request.url.searchParams
    const state = query.get('state') ?? 'open'
    const sort = query.get('sort') ?? 'created'
    const direction = query.get('direction') ?? 'desc'
    if (!['open', 'closed', 'all'].includes(state)) return request.reply(422, validation(`state must be open, closed or all`, 'state'))
    if (!['created', 'updated', 'comments'].includes(sort)) return request.reply(422, validation(`sort must be created, updated or comments`, 'sort'))
    if (!['asc', 'desc'].includes(direction)) return request.reply(422, validation(`direction must be asc or desc`, 'direction'))
    const creator = query.get('creator')?.toLowerCase()
    const wanted = (query.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean)
    const since = query.get('since')
    /** @param {StoredItem} i */
    const key = (i) => (sort === 'comments' ? context.commentCount(owner, repo, i.number) : sort === 'updated' ? Date.parse(i.updated_at) : Date.parse(i.created_at))
    const found = [...repoOf(owner, repo).items.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => !creator || userObject(i.login).login.toLowerCase() === creator)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
      .filter((i) => !since || Date.parse(i.updated_at) >= Date.parse(since))
      .sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === 'asc' ? 1 : -1))
    const page = pageOf(found, request.url, context.base())
    return request.reply(200, page.items.map((i) => toIssue(owner, repo, i)), page.headers)
  }

  /**
   * Applies an issue's create or edit fields; answers the validation failure, or undefined when all is well.
   * @param {string} owner @param {string} repo @param {StoredItem} item @param {Record<string, unknown>} fields @param {IssueRequest} request
   */
  const edit = (owner, repo, item, fields, request) => {
    if ('title' in fields) {
      if (typeof fields.title !== 'string' && typeof fields.title !== 'number') return request.reply(422, validation('title must be a string', 'title'))
      item.title = String(fields.title)
    }
    if ('body' in fields) {
      if (fields.body !== null && typeof fields.body !== 'string') return request.reply(422, validation('body must be a string', 'body'))
      if (typeof fields.body === 'string' && [...fields.body].length > MAX_BODY_CHARACTERS) {
        return request.reply(422, validation(`body is too long (maximum is ${MAX_BODY_CHARACTERS} characters)`))
      }
      item.body = fields.body
    }
    if ('labels' in fields) {
      if (!Array.isArray(fields.labels)) return request.reply(422, validation('labels must be an array', 'labels'))
      item.labels = labelsOf(owner, repo, fields.labels)
    }
    const reason = fields.state_reason
    if (reason !== undefined && reason !== null && !['completed', 'not_planned', 'duplicate', 'reopened'].includes(String(reason))) {
      return request.reply(422, validation('state_reason must be completed, not_planned, duplicate or reopened', 'state_reason'))
    }
    if ('state' in fields) {
      if (fields.state !== 'open' && fields.state !== 'closed') return request.reply(422, validation('state must be open or closed', 'state'))
      if (fields.state === 'open' && item.merged_at) return request.reply(422, validation('A merged pull request cannot be reopened', 'state'))
      if (fields.state === 'closed' && item.state === 'open') {
        item.closed_at = isoNow()
        item.closed_by = request.login ?? ''
      }
      if (fields.state === 'open' && item.state === 'closed') {
        item.closed_at = null
        item.closed_by = undefined
        if (!item.pull) item.state_reason = 'reopened'
      }
      item.state = fields.state
    }
    if (!item.pull && item.state === 'closed' && (reason !== undefined || fields.state === 'closed')) {
      item.state_reason = typeof reason === 'string' && reason !== 'reopened' ? reason : item.state_reason && item.state_reason !== 'reopened' ? item.state_reason : 'completed'
    }
    item.updated_at = isoNow()
    return undefined
  }

  /** The issue and pull request routes; false when the request is none of them. @param {IssueRequest} request */
  const handle = (request) => {
    const many = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(request.url.pathname)
    const one = /^\/repos\/([^/]+)\/([^/]+)\/(issues|pulls)\/(\d+)$/.exec(request.url.pathname)
    if (!many && !one) return false
    const [, owner = '', repo = ''] = many ?? one ?? []
    if (one?.[3] === 'pulls') pull(owner, repo, Number(one[4]), request)
    else if (one) single(owner, repo, Number(one[4]), request)
    else collection(owner, repo, request)
    return true
  }

  /** GET /pulls/{n}. @param {string} owner @param {string} repo @param {number} number @param {IssueRequest} request */
  const pull = (owner, repo, number, request) => {
    if (request.method !== 'GET') return request.reply(404, { message: 'Not Found', documentation_url: PULL_DOCS })
    if (!request.can('pullRequests', 'read')) return request.forbid('pull_requests=read')
    const item = itemOf(owner, repo, number)
    return item?.pull ? request.reply(200, toPull(owner, repo, item)) : request.reply(404, { message: 'Not Found', documentation_url: PULL_DOCS })
  }

  /** The JSON object of a request's body, or undefined after answering 400. @param {IssueRequest} request */
  const fieldsOf = (request) => {
    try {
      const fields = JSON.parse(request.body || '{}')
      if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) return /** @type {Record<string, unknown>} */ (fields)
    } catch {
      // answered below
    }
    request.reply(400, { message: 'Problems parsing JSON', documentation_url: DOCS })
    return undefined
  }

  /** GET (list) and POST (create) /issues. @param {string} owner @param {string} repo @param {IssueRequest} request */
  const collection = (owner, repo, request) => {
    if (request.method !== 'GET' && request.method !== 'POST') return request.reply(404, { message: 'Not Found', documentation_url: DOCS })
    const level = request.method === 'GET' ? 'read' : 'write'
    if (!request.can('issues', level)) return request.forbid(`issues=${level}`)
    if (request.method === 'GET') return list(owner, repo, request)
    const given = fieldsOf(request)
    if (!given) return undefined
    if (given.title === undefined || given.title === null || given.title === '') {
      return request.reply(422, { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }], documentation_url: DOCS })
    }
    const { state: _state, state_reason: _reason, ...creatable } = given
    const draft = store(owner, repo, { login: request.login, title: '' })
    if (edit(owner, repo, draft, creatable, request) !== undefined) return repoOf(owner, repo).items.delete(draft.number)
    return request.reply(201, toIssue(owner, repo, draft, true))
  }

  /** GET and PATCH /issues/{n}. @param {string} owner @param {string} repo @param {number} number @param {IssueRequest} request */
  const single = (owner, repo, number, request) => {
    if (request.method !== 'GET' && request.method !== 'PATCH') return request.reply(404, { message: 'Not Found', documentation_url: DOCS })
    const item = itemOf(owner, repo, number)
    const level = request.method === 'GET' ? 'read' : 'write'
    // Through the issues endpoints a pull request may be read or edited with either permission, an issue only with issues.
    if (!(request.can('issues', level) || (item?.pull && request.can('pullRequests', level)))) return request.forbid(item?.pull ? `issues=${level}; pull_requests=${level}` : `issues=${level}`)
    if (!item) return request.reply(404, { message: 'Not Found', documentation_url: DOCS })
    if (request.method === 'GET') return request.reply(200, toIssue(owner, repo, item, true))
    const given = fieldsOf(request)
    if (!given) return undefined
    const before = structuredClone(item)
    if (edit(owner, repo, item, given, request) !== undefined) return Object.assign(item, before)
    return request.reply(200, toIssue(owner, repo, item, true))
  }

  return {
    handle,
    /** Whether a number of the repository is a pull request, an issue, or unknown. @param {string} owner @param {string} repo @param {number} number */
    kindOf: (owner, repo, number) => {
      const item = itemOf(owner, repo, number)
      return item ? (item.pull ? 'pull' : 'issue') : undefined
    },
    /** A comment bumps its issue's updated_at. @param {string} owner @param {string} repo @param {number} number */
    touch: (owner, repo, number) => {
      const item = itemOf(owner, repo, number)
      if (item) item.updated_at = isoNow()
    },
    /** @param {string} owner @param {string} repo @param {SeedIssue} [seed] */
    addIssue: (owner, repo, seed = {}) => toIssue(owner, repo, store(owner, repo, { ...seed, pull: false }), true),
    /** @param {string} owner @param {string} repo @param {SeedPullRequest} [seed] */
    addPullRequest: (owner, repo, seed = {}) => toPull(owner, repo, store(owner, repo, { login: 'octocat', ...seed, state_reason: null, pull: true })),
    /** @param {string} owner @param {string} repo @param {number} number @param {{ state: 'open' | 'closed', merged?: boolean }} change */
    setPullRequestState: (owner, repo, number, change) => {
      const item = pullOf(owner, repo, number)
      if (change.merged && change.state === 'open') throw new Error('github fake: a merged pull request is closed')
      if (item.merged_at && (change.state === 'open' || change.merged === false)) throw new Error('github fake: a merged pull request stays merged')
      const at = isoNow()
      if (change.state === 'closed' && item.state === 'open') {
        item.closed_at = at
        item.closed_by = item.login ?? ''
      }
      if (change.state === 'open') {
        item.closed_at = null
        item.closed_by = undefined
      }
      if (change.merged && !item.merged_at) item.merged_at = item.closed_at ?? at
      item.state = change.state
      item.updated_at = at
      return toPull(owner, repo, item)
    },
    /** Issues of the repository (not its pull requests), by number. @param {string} owner @param {string} repo */
    issues: (owner, repo) =>
      [...repoOf(owner, repo).items.values()].filter((i) => !i.pull).sort((a, b) => a.number - b.number).map((i) => toIssue(owner, repo, i, true)),
    /** Pull requests of the repository, by number. @param {string} owner @param {string} repo */
    pullRequests: (owner, repo) =>
      [...repoOf(owner, repo).items.values()].filter((i) => i.pull).sort((a, b) => a.number - b.number).map((i) => toPull(owner, repo, i))
  }
}
