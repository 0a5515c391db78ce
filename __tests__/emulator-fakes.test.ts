// The two smaller fakes (runner ID-token service, GitHub REST comments) through the clients the
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
