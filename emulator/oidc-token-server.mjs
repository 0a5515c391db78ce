// @ts-check
// Stand-in for the Actions runner's ID-token service. @actions/core 3 `getIDToken(audience)`
// reads ACTIONS_ID_TOKEN_REQUEST_URL, appends `&audience=<urlencoded>` (so the URL must already
// carry a query, like the real `...?api-version=2.0`), sends GET with
// `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN` and reads `{"value": "<jwt>"}`
// (node_modules/@actions/core/lib/oidc-utils.js). The JWT is structurally real, with GitHub's
// issuer and claims, but its signature is a fixed fake: the STS emulator does not verify it.

import { randomUUID } from 'node:crypto'
import { flattenHeaders, listenLoopback, sendJson } from './loopback-server.mjs'

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

/**
 * @typedef {object} OidcTokenServerOptions
 * @property {string} requestToken         what the client must present as Bearer
 * @property {string} [subject]            default repo:owner/repo:ref:refs/heads/main
 * @property {number} [expiresInSeconds]   default 300; negative gives an already expired token
 * @property {string} [issuer]             default https://token.actions.githubusercontent.com
 * @property {() => number} [now]
 * @property {number} [port]
 */

/**
 * @typedef {object} OidcTokenRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {Record<string, string>} headers
 * @property {string | undefined} audience
 * @property {number} status
 * @property {string | undefined} token  the JWT handed out, if any
 */

/** @param {OidcTokenServerOptions} options */
export async function startOidcTokenServer(options) {
  if (!options || !options.requestToken) throw new Error('startOidcTokenServer: requestToken is required')
  const now = options.now ?? Date.now
  const subject = options.subject ?? 'repo:owner/repo:ref:refs/heads/main'
  /** @type {OidcTokenRequest[]} */
  const requests = []

  const loop = await listenLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const headers = flattenHeaders(req.headers)
    const audience = url.searchParams.get('audience') ?? undefined
    /** @type {OidcTokenRequest} */
    const record = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      audience,
      status: 0,
      token: undefined
    }
    requests.push(record)
    if (req.method !== 'GET' || url.pathname !== '/idtoken') {
      record.status = 404
      return sendJson(res, 404, { message: 'Not Found' })
    }
    if (headers['authorization'] !== `Bearer ${options.requestToken}`) {
      record.status = 401
      return sendJson(res, 401, { message: 'Unauthorized' })
    }
    record.token = makeGitHubIdToken({
      subject,
      audience: audience ?? `https://github.com/${subject.split(':')[1]?.split('/')[0] ?? 'owner'}`,
      issuer: options.issuer ?? GITHUB_OIDC_ISSUER,
      nowMs: now(),
      expiresInSeconds: options.expiresInSeconds ?? 300
    })
    record.status = 200
    sendJson(res, 200, { count: 1, value: record.token })
  }, options.port ?? 0)

  return {
    /** Use as ACTIONS_ID_TOKEN_REQUEST_URL. */
    url: `${loop.url}/idtoken?api-version=2.0`,
    requests,
    close: () => loop.close()
  }
}

/**
 * @param {{ subject: string, audience: string, issuer: string, nowMs: number, expiresInSeconds: number }} claims
 */
export function makeGitHubIdToken(claims) {
  const iat = Math.floor(claims.nowMs / 1000)
  const parts = /^repo:([^:]+):(.*)$/.exec(claims.subject)
  const repository = parts?.[1] ?? 'owner/repo'
  const refMatch = /(?:^|:)ref:([^:]+)/.exec(parts?.[2] ?? '')
  const header = { typ: 'JWT', alg: 'RS256', kid: 'emulator-signing-key' }
  const payload = {
    jti: randomUUID(),
    sub: claims.subject,
    aud: claims.audience,
    ref: refMatch?.[1] ?? 'refs/heads/main',
    repository,
    repository_owner: repository.split('/')[0],
    run_id: '1',
    event_name: 'push',
    iss: claims.issuer,
    nbf: iat - 5,
    iat,
    exp: iat + claims.expiresInSeconds
  }
  const encode = (/** @type {unknown} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${encode(header)}.${encode(payload)}.${Buffer.from('emulator-fake-signature').toString('base64url')}`
}
