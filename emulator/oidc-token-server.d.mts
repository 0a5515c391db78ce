// Hand-written declarations for oidc-token-server.mjs (the implementation is plain JS so that node
// can run it without a build step).

export declare const GITHUB_OIDC_ISSUER: 'https://token.actions.githubusercontent.com'

export interface OidcTokenServerOptions {
  /** What the client must present as `Authorization: Bearer …` (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  requestToken: string
  /** `sub` claim; default `repo:owner/repo:ref:refs/heads/main`. */
  subject?: string
  /** Lifetime of issued tokens; default 300. Negative values give already expired tokens. */
  expiresInSeconds?: number
  /** `iss` claim; default https://token.actions.githubusercontent.com. */
  issuer?: string
  now?: () => number
  port?: number
}

export interface OidcTokenRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  /** The `audience` query parameter, as @actions/core appends it. */
  audience: string | undefined
  status: number
  /** The JWT handed out, if the request succeeded. */
  token: string | undefined
}

export interface OidcTokenServer {
  /** Use as ACTIONS_ID_TOKEN_REQUEST_URL; already carries `?api-version=2.0`. */
  url: string
  requests: OidcTokenRequest[]
  close(): Promise<void>
}

export declare function startOidcTokenServer(options: OidcTokenServerOptions): Promise<OidcTokenServer>

export declare function makeGitHubIdToken(claims: {
  subject: string
  audience: string
  issuer: string
  nowMs: number
  expiresInSeconds: number
}): string
