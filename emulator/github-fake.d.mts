// Hand-written declarations for github-fake.mjs.

export interface GitHubUser {
  login: string
  id: number
  /** 'User', or 'Bot' for github-actions[bot]. */
  type: string
}

export interface GitHubComment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: GitHubUser
  created_at: string
  updated_at: string
  author_association: string
}

export interface GitHubLabel {
  id: number
  node_id: string
  url: string
  name: string
  color: string
  default: boolean
  description: string | null
}

/** An issue as the issues endpoints show it; a pull request shows there too, with `pull_request`. */
export interface GitHubIssue {
  id: number
  node_id: string
  url: string
  repository_url: string
  labels_url: string
  comments_url: string
  events_url: string
  html_url: string
  number: number
  state: 'open' | 'closed'
  /** 'completed' | 'not_planned' | 'duplicate' when closed, 'reopened' after reopening, else null. */
  state_reason: string | null
  title: string
  body: string | null
  user: GitHubUser
  labels: GitHubLabel[]
  assignee: null
  assignees: never[]
  milestone: null
  locked: boolean
  active_lock_reason: null
  /** How many comments it has. */
  comments: number
  /** Only on pull requests. */
  pull_request?: { url: string; html_url: string; diff_url: string; patch_url: string; merged_at: string | null }
  closed_at: string | null
  created_at: string
  updated_at: string
  /** Only on a single issue (GET, POST, PATCH), not in lists. */
  closed_by?: GitHubUser | null
  author_association: string
}

/** A pull request as GET /repos/{owner}/{repo}/pulls/{number} shows it. */
export interface GitHubPullRequest {
  url: string
  id: number
  node_id: string
  html_url: string
  diff_url: string
  patch_url: string
  issue_url: string
  comments_url: string
  number: number
  state: 'open' | 'closed'
  locked: boolean
  title: string
  user: GitHubUser
  body: string | null
  labels: GitHubLabel[]
  milestone: null
  created_at: string
  updated_at: string
  closed_at: string | null
  merged_at: string | null
  merge_commit_sha: string | null
  draft: boolean
  head: { label: string; ref: string; sha: string }
  base: { label: string; ref: string; sha: string }
  author_association: string
  merged: boolean
  mergeable: boolean | null
  merged_by: GitHubUser | null
  comments: number
}

export interface SeedIssue {
  /** Default: the repository's next free number (shared with pull requests). */
  number?: number
  /** Default "Issue <number>". */
  title?: string
  body?: string | null
  /** The author; default github-actions[bot]. */
  login?: string
  /** Default open. */
  state?: 'open' | 'closed'
  /** For a closed issue; default 'completed'. */
  state_reason?: string | null
  /** Label names; missing labels are created. */
  labels?: string[]
}

export interface SeedPullRequest {
  /** Default: the repository's next free number (shared with issues). */
  number?: number
  /** Default open; `merged` implies closed. */
  state?: 'open' | 'closed'
  merged?: boolean
  /** Default "Pull request <number>". */
  title?: string
  body?: string | null
  /** The author; default octocat. */
  login?: string
  labels?: string[]
  /** Head branch; default pr-<number>. */
  head?: string
  /** Base branch; default main. */
  base?: string
}

export type GitHubPermission = 'read' | 'write' | 'none'

/** What a token may do; a scope left out is 'write'. */
export interface GitHubTokenPermissions {
  /** Issues and their comments. Without read: 403 on listing/reading issues; without write: 403 on creating/editing them. */
  issues?: GitHubPermission
  /**
   * Pull requests: GET /pulls/{n} needs read. A pull request read or edited through the issues endpoints, and comments on
   * a pull request (or on a number the fake does not know), need this or `issues`.
   */
  pullRequests?: GitHubPermission
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
  /**
   * Token → what it may do; an unlisted token may do everything. Without a permission GitHub answers 403 "Resource not
   * accessible by integration" ("by personal access token" for a token in `users`) with x-accepted-github-permissions.
   */
  permissions?: Record<string, GitHubTokenPermissions>
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
  /** Seeds an issue. Throws if `number` is taken. */
  addIssue(owner: string, repo: string, seed?: SeedIssue): GitHubIssue
  /** Seeds a pull request. Throws if `number` is taken, or for `merged` with state 'open'. */
  addPullRequest(owner: string, repo: string, seed?: SeedPullRequest): GitHubPullRequest
  /** Closes, reopens or merges a seeded pull request. Throws for an unknown one, or to unmerge or reopen a merged one. */
  setPullRequestState(owner: string, repo: string, number: number, change: { state: 'open' | 'closed'; merged?: boolean }): GitHubPullRequest
  /** The repository's issues as GET /issues/{n} shows them, pull requests left out, by number. */
  issues(owner: string, repo: string): GitHubIssue[]
  /** The repository's pull requests, by number. */
  pullRequests(owner: string, repo: string): GitHubPullRequest[]
  /** The next matching requests fail with this answer (after authentication, before anything else). */
  inject(failure: GitHubFailure): void
  close(): Promise<void>
}

export declare function startGitHubFake(options?: GitHubFakeOptions): Promise<GitHubFake>
