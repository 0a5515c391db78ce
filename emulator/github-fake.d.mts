// Hand-written declarations for github-fake.mjs.

export interface GitHubComment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: { login: string; id: number; type: string }
  created_at: string
  updated_at: string
  author_association: string
}

export interface GitHubRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  body: string
  status: number
}

export interface GitHubFakeOptions {
  /** Answer comment writes (POST/PATCH) with 403 "Resource not accessible by integration". */
  forbidComments?: boolean
  port?: number
  /**
   * Personal access tokens: token → login. GET /user answers them and their comments are that user's. Any other
   * token is an installation token (GITHUB_TOKEN): GET /user is 403, its comments are github-actions[bot]'s.
   */
  users?: Record<string, string>
}

export interface GitHubFailure {
  /** Only requests with this method (GET, POST, PATCH). */
  method?: string
  /** Only requests whose path equals this string or matches this expression. */
  path?: string | RegExp
  status: number
  /** A string is sent as is, anything else as JSON; default `{ message: "injected failure <status>" }`. */
  body?: unknown
  headers?: Record<string, string>
  /** How many matching requests fail; default 1, Infinity allowed. */
  times?: number
}

export interface GitHubFake {
  /** Use as GITHUB_API_URL / octokit `baseUrl`. */
  url: string
  requests: GitHubRequest[]
  comments(owner: string, repo: string, issue: number): GitHubComment[]
  /** Seeds a comment; without `login` it is authored by github-actions[bot]. */
  addComment(owner: string, repo: string, issue: number, body: string, login?: string): GitHubComment
  /** The next matching requests fail with this answer (after authentication, before anything else). */
  inject(failure: GitHubFailure): void
  close(): Promise<void>
}

export declare function startGitHubFake(options?: GitHubFakeOptions): Promise<GitHubFake>
