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
}

export interface GitHubFake {
  /** Use as GITHUB_API_URL / octokit `baseUrl`. */
  url: string
  requests: GitHubRequest[]
  comments(owner: string, repo: string, issue: number): GitHubComment[]
  /** Seeds a comment; without `login` it is authored by github-actions[bot]. */
  addComment(owner: string, repo: string, issue: number, body: string, login?: string): GitHubComment
  close(): Promise<void>
}

export declare function startGitHubFake(options?: GitHubFakeOptions): Promise<GitHubFake>
