// The two smaller fakes (runner ID-token service, GitHub REST comments, issues and pull requests) through the clients the
// action really uses, and the standalone CLI.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { getOctokit } from '@actions/github'
import ROAClient from '@alicloud/pop-core/lib/roa.js'
import * as emulatorModule from '../emulator/index.mjs'
import { startGitHubFake, startOidcTokenServer, type GitHubFake } from '../emulator/index.mjs'

function payloadOf(jwt: string): Record<string, unknown> {
  const [, payload] = jwt.split('.')
  return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
}

test('index.mjs exports what index.d.mts declares', () => {
  expect(Object.keys(emulatorModule).sort()).toEqual([
    'DEFAULT_CREDENTIAL',
    'FAULT_KINDS',
    'GITHUB_OIDC_ISSUER',
    'createTestCa',
    'emulatorAt',
    'makeGitHubIdToken',
    'rewriteAction',
    'startEmulator',
    'startGitHubFake',
    'startOidcTokenServer'
  ])
})

describe('OIDC token server', () => {
  test('answers the bearer holder with a GitHub-shaped JWT for the requested audience', async () => {
    const server = await startOidcTokenServer({ requestToken: 'req-token', subject: 'repo:octo/app:pull_request', expiresInSeconds: 120 })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/idtoken\?api-version=2\.0$/)
      const ok = await fetch(`${server.url}&audience=${encodeURIComponent('sts.aliyuncs.com')}`, { headers: { Authorization: 'Bearer req-token' } })
      expect(ok.status).toBe(200)
      const { value } = (await ok.json()) as { value: string }
      expect(value.split('.')).toHaveLength(3)
      const claims = payloadOf(value)
      expect(claims).toMatchObject({ iss: 'https://token.actions.githubusercontent.com', aud: 'sts.aliyuncs.com', sub: 'repo:octo/app:pull_request', repository: 'octo/app' })
      expect(Number(claims['exp']) - Number(claims['iat'])).toBe(120)

      const denied = await fetch(`${server.url}&audience=x`, { headers: { Authorization: 'Bearer wrong' } })
      expect(denied.status).toBe(401)
      expect(server.requests.map((r) => [r.audience, r.status])).toEqual([
        ['sts.aliyuncs.com', 200],
        ['x', 401]
      ])
    } finally {
      await server.close()
    }
  })
})

describe('GitHub fake', () => {
  let gh: GitHubFake
  afterEach(async () => {
    await gh.close()
  })

  test('create, paginate and update PR comments through @actions/github', async () => {
    gh = await startGitHubFake()
    for (let i = 1; i <= 4; i++) gh.addComment('octo', 'app', 7, `human ${i}`, 'alice')
    const octokit = getOctokit('ghs_fake', { baseUrl: gh.url })

    const created = await octokit.rest.issues.createComment({ owner: 'octo', repo: 'app', issue_number: 7, body: '<!-- sae-ingress -->\nplan' })
    expect(created.status).toBe(201)
    expect(created.data.user?.login).toBe('github-actions[bot]')

    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: 'octo', repo: 'app', issue_number: 7, per_page: 2 })
    expect(all.map((c) => c.body)).toEqual(['human 1', 'human 2', 'human 3', 'human 4', '<!-- sae-ingress -->\nplan'])
    const listCalls = gh.requests.filter((r) => r.method === 'GET')
    expect(listCalls.map((r) => r.query['page'] ?? '1')).toEqual(['1', '2', '3'])
    expect(listCalls[0]?.headers['authorization']).toBe('token ghs_fake')

    const updated = await octokit.rest.issues.updateComment({ owner: 'octo', repo: 'app', comment_id: created.data.id, body: '<!-- sae-ingress -->\napplied' })
    expect(updated.data.body).toBe('<!-- sae-ingress -->\napplied')
    expect(gh.comments('octo', 'app', 7).map((c) => c.body)).toEqual(['human 1', 'human 2', 'human 3', 'human 4', '<!-- sae-ingress -->\napplied'])
    expect(gh.comments('octo', 'app', 8)).toEqual([])
  })

  test('forbidComments answers writes with 403, reads still work', async () => {
    gh = await startGitHubFake({ forbidComments: true })
    const octokit = getOctokit('ghs_fake', { baseUrl: gh.url })
    await expect(octokit.rest.issues.createComment({ owner: 'octo', repo: 'app', issue_number: 7, body: 'x' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration')
    })
    await expect(octokit.rest.issues.listComments({ owner: 'octo', repo: 'app', issue_number: 7 })).resolves.toMatchObject({ status: 200, data: [] })
    expect(gh.comments('octo', 'app', 7)).toEqual([])
  })

  test('unknown comments are 404 and anonymous calls 401', async () => {
    gh = await startGitHubFake()
    const octokit = getOctokit('ghs_fake', { baseUrl: gh.url })
    await expect(octokit.rest.issues.updateComment({ owner: 'octo', repo: 'app', comment_id: 1, body: 'x' })).rejects.toMatchObject({ status: 404 })
    const anonymous = await fetch(`${gh.url}/repos/octo/app/issues/7/comments`)
    expect(anonymous.status).toBe(401)
  })

  test('keeps one issue through @actions/github: create, find it in a paged list beside pull requests, edit in place, close with a comment', async () => {
    gh = await startGitHubFake()
    for (let i = 0; i < 3; i++) gh.addPullRequest('octo', 'app')
    gh.addIssue('octo', 'app', { title: 'a human report', login: 'alice' })
    const octokit = getOctokit('ghs_fake', { baseUrl: gh.url })

    const created = await octokit.rest.issues.create({ owner: 'octo', repo: 'app', title: 'Ingress 870 drifted', body: '<!-- sae-drift: 870 -->\nfirst', labels: ['sae-drift'] })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({ number: 5, state: 'open', state_reason: null, closed_at: null, title: 'Ingress 870 drifted', html_url: 'https://github.com/octo/app/issues/5' })
    expect(created.data.user?.login).toBe('github-actions[bot]')
    expect(created.data.labels).toEqual([expect.objectContaining({ name: 'sae-drift' })])
    expect(created.data.url).toBe(`${gh.url}/repos/octo/app/issues/5`)

    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { owner: 'octo', repo: 'app', per_page: 2 })
    expect(all.map((i) => [i.number, 'pull_request' in i])).toEqual([
      [5, false],
      [4, false],
      [3, true],
      [2, true],
      [1, true]
    ])
    expect(all.find((i) => i.number === 1)?.pull_request).toMatchObject({ html_url: 'https://github.com/octo/app/pull/1', merged_at: null })
    expect(gh.requests.filter((r) => r.method === 'GET').map((r) => r.query['page'] ?? '1')).toEqual(['1', '2', '3'])

    const updated = await octokit.rest.issues.update({ owner: 'octo', repo: 'app', issue_number: 5, body: '<!-- sae-drift: 870 -->\nsecond' })
    expect(updated.data).toMatchObject({ number: 5, state: 'open', body: '<!-- sae-drift: 870 -->\nsecond', title: 'Ingress 870 drifted' })

    const comment = await octokit.rest.issues.createComment({ owner: 'octo', repo: 'app', issue_number: 5, body: 'Back in line with the file.' })
    expect(comment.data.html_url).toMatch(/^https:\/\/github\.com\/octo\/app\/issues\/5#issuecomment-\d+$/)
    const closed = await octokit.rest.issues.update({ owner: 'octo', repo: 'app', issue_number: 5, state: 'closed', state_reason: 'completed' })
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'completed', comments: 1 })
    expect(closed.data.closed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(closed.data.closed_by?.login).toBe('github-actions[bot]')

    const fetched = await octokit.rest.issues.get({ owner: 'octo', repo: 'app', issue_number: 5 })
    expect(fetched.data).toMatchObject({ state: 'closed', body: '<!-- sae-drift: 870 -->\nsecond' })
    expect(gh.issues('octo', 'app').map((i) => [i.number, i.state, i.user.login])).toEqual([
      [4, 'open', 'alice'],
      [5, 'closed', 'github-actions[bot]']
    ])
    expect(gh.comments('octo', 'app', 5).map((c) => c.body)).toEqual(['Back in line with the file.'])

    const reopened = await octokit.rest.issues.update({ owner: 'octo', repo: 'app', issue_number: 5, state: 'open' })
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null })
  })

  test('filters the issues list by state, creator and labels, newest first, keeping the filters in its Link header', async () => {
    gh = await startGitHubFake({ users: { ghp_pat: 'deploy-bot' } })
    gh.addIssue('octo', 'app', { title: 'bot open 1', labels: ['sae-drift'] })
    gh.addIssue('octo', 'app', { title: 'bot closed', state: 'closed', labels: ['sae-drift'] })
    gh.addIssue('octo', 'app', { title: 'alice open', login: 'alice', labels: ['sae-drift'] })
    gh.addIssue('octo', 'app', { title: 'bot open 2' })
    gh.addPullRequest('octo', 'app', { login: 'github-actions[bot]', title: 'bot pr', labels: ['sae-drift'] })
    const octokit = getOctokit('ghs_fake', { baseUrl: gh.url })
    const titles = async (query: { state?: 'open' | 'closed' | 'all'; creator?: string; labels?: string; direction?: 'asc' | 'desc' }) =>
      (await octokit.paginate(octokit.rest.issues.listForRepo, { owner: 'octo', repo: 'app', per_page: 1, ...query })).map((i) => i.title)

    expect(await titles({})).toEqual(['bot pr', 'bot open 2', 'alice open', 'bot open 1'])
    expect(await titles({ creator: 'github-actions[bot]' })).toEqual(['bot pr', 'bot open 2', 'bot open 1'])
    expect(await titles({ creator: 'github-actions[bot]', state: 'all', labels: 'sae-drift', direction: 'asc' })).toEqual(['bot open 1', 'bot closed', 'bot pr'])
    expect(await titles({ state: 'closed' })).toEqual(['bot closed'])
    expect(await titles({ labels: 'sae-drift,missing' })).toEqual([])
    const next = gh.requests.find((r) => r.query['page'] === '2' && r.query['creator'] === 'github-actions[bot]')
    expect(next?.query).toMatchObject({ per_page: '1', creator: 'github-actions[bot]' })

    const pat = getOctokit('ghp_pat', { baseUrl: gh.url })
    const mine = await pat.rest.issues.create({ owner: 'octo', repo: 'app', title: 'from a PAT' })
    expect(mine.data.user?.login).toBe('deploy-bot')
    expect(await titles({ creator: 'deploy-bot' })).toEqual(['from a PAT'])
  })

  test('looks up pull requests by number: open, closed, merged, and 404 for an issue or an unknown number', async () => {
    gh = await startGitHubFake()
    const open = gh.addPullRequest('octo', 'app', { title: 'open one' })
    gh.addPullRequest('octo', 'app', { number: 12, state: 'closed' })
    gh.addPullRequest('octo', 'app', { number: 13, merged: true, login: 'alice' })
    gh.addIssue('octo', 'app', { number: 14 })
    const octokit = getOctokit('ghs_fake', { baseUrl: gh.url })
    const pull = async (pull_number: number) => (await octokit.rest.pulls.get({ owner: 'octo', repo: 'app', pull_number })).data

    expect(open.number).toBe(1)
    expect(await pull(1)).toMatchObject({ number: 1, state: 'open', merged: false, merged_at: null, closed_at: null, title: 'open one', html_url: 'https://github.com/octo/app/pull/1' })
    expect(await pull(12)).toMatchObject({ state: 'closed', merged: false, merged_at: null, closed_at: expect.any(String) })
    const merged = await pull(13)
    expect(merged).toMatchObject({ state: 'closed', merged: true, closed_at: merged.merged_at, user: { login: 'alice' } })
    expect(merged.merged_at).toEqual(expect.any(String))
    await expect(pull(14)).rejects.toMatchObject({ status: 404, response: { data: { message: 'Not Found' } } })
    await expect(pull(99)).rejects.toMatchObject({ status: 404 })
    await expect(octokit.rest.issues.get({ owner: 'octo', repo: 'app', issue_number: 99 })).rejects.toMatchObject({ status: 404, response: { data: { message: 'Not Found' } } })

    gh.setPullRequestState('octo', 'app', 1, { state: 'closed', merged: true })
    expect(await pull(1)).toMatchObject({ state: 'closed', merged: true })
    expect(gh.addIssue('octo', 'app').number).toBe(15)
    expect(() => gh.addPullRequest('octo', 'app', { number: 14 })).toThrow(/taken/)
    expect(gh.pullRequests('octo', 'app').map((p) => [p.number, p.merged])).toEqual([
      [1, true],
      [12, false],
      [13, true]
    ])
  })

  test('answers 403 "Resource not accessible" for what a token lacks, and validates what it writes', async () => {
    gh = await startGitHubFake({ users: { ghp_pat: 'deploy-bot' }, permissions: { ghs_read: { issues: 'read', pullRequests: 'none' }, ghp_pat: { issues: 'none' } } })
    gh.addPullRequest('octo', 'app', { number: 7 })
    gh.addIssue('octo', 'app', { number: 8 })
    const reader = getOctokit('ghs_read', { baseUrl: gh.url })
    const denied = { status: 403, message: expect.stringContaining('Resource not accessible by integration') }

    await expect(reader.rest.issues.listForRepo({ owner: 'octo', repo: 'app' })).resolves.toMatchObject({ status: 200 })
    await expect(reader.rest.issues.create({ owner: 'octo', repo: 'app', title: 'x' })).rejects.toMatchObject(denied)
    await expect(reader.rest.issues.update({ owner: 'octo', repo: 'app', issue_number: 8, state: 'closed' })).rejects.toMatchObject(denied)
    await expect(reader.rest.issues.createComment({ owner: 'octo', repo: 'app', issue_number: 8, body: 'x' })).rejects.toMatchObject(denied)
    await expect(reader.rest.issues.createComment({ owner: 'octo', repo: 'app', issue_number: 7, body: 'x' })).rejects.toMatchObject(denied)
    await expect(reader.rest.pulls.get({ owner: 'octo', repo: 'app', pull_number: 7 })).rejects.toMatchObject({ ...denied, response: { headers: { 'x-accepted-github-permissions': 'pull_requests=read' } } })
    expect(gh.issues('octo', 'app').map((i) => i.state)).toEqual(['open'])

    const pat = getOctokit('ghp_pat', { baseUrl: gh.url })
    await expect(pat.rest.issues.listForRepo({ owner: 'octo', repo: 'app' })).rejects.toMatchObject({ status: 403, message: expect.stringContaining('by personal access token') })
    await expect(pat.rest.issues.createComment({ owner: 'octo', repo: 'app', issue_number: 7, body: 'on the PR' })).resolves.toMatchObject({ status: 201 })
    await expect(pat.rest.pulls.get({ owner: 'octo', repo: 'app', pull_number: 7 })).resolves.toMatchObject({ status: 200 })

    const writer = getOctokit('ghs_other', { baseUrl: gh.url })
    await expect(writer.rest.issues.create({ owner: 'octo', repo: 'app', title: '', body: 'no title' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }] } }
    })
    await expect(writer.rest.issues.update({ owner: 'octo', repo: 'app', issue_number: 8, body: 'x'.repeat(65537) })).rejects.toMatchObject({ status: 422 })
    await expect(writer.rest.issues.update({ owner: 'octo', repo: 'app', issue_number: 8, state: 'shut' as 'closed' })).rejects.toMatchObject({ status: 422 })
    expect(gh.issues('octo', 'app')[0]).toMatchObject({ state: 'open', body: null })

    gh.inject({ method: 'GET', path: '/repos/octo/app/pulls/7', status: 502 })
    await expect(writer.rest.pulls.get({ owner: 'octo', repo: 'app', pull_number: 7 })).rejects.toMatchObject({ status: 502 })
    await expect(writer.rest.pulls.get({ owner: 'octo', repo: 'app', pull_number: 7 })).resolves.toMatchObject({ status: 200 })
  })
})

describe('CLI', () => {
  test('seeds from a file, prints its URL, serves signed calls, stops on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sae-emulator-'))
    const seedFile = path.join(dir, 'seed.json')
    await writeFile(seedFile, JSON.stringify({ ingresses: [{ Id: 42, Description: 'from seed' }] }))
    const child = spawn(process.execPath, ['emulator/cli.mjs', '--seed', seedFile, '--access-key-id', 'cliKey', '--access-key-secret', 'cliSecret'], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve)
        child.once('exit', (code) => reject(new Error(`cli exited early with ${String(code)}`)))
      })
      const match = /^SAE emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)
      expect(match).not.toBeNull()
      const client = new ROAClient({ endpoint: match?.[1] ?? '', apiVersion: '2019-05-06', accessKeyId: 'cliKey', accessKeySecret: 'cliSecret' })
      await expect(client.get('/pop/v1/sam/ingress/Ingress', { IngressId: '42' })).resolves.toMatchObject({ Data: { Id: 42, Description: 'from seed' } })
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
      await rm(dir, { recursive: true, force: true })
    }
  })
})
