// The action's sticky pull request comment (src/action/github/pr-comment.ts) in process, through octokit as
// @actions/github builds it, against the loopback GitHub fake: one comment per ingress, created, then updated in place
// (found among any number of comments, page after page), never someone else's; redacted; and a token that may not
// comment only warns. e2e-pr-comment runs it through the bundle with the rest of the action.
//
// @actions/github reads its base URL and the event when it is first loaded, so the fake is started and the
// environment set before the module is imported; each test comments in a repository of its own.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startGitHubFake, type GitHubFake } from '../emulator/index.mjs'
import type { ActionLog as ActionLogClass } from '../src/action/log.js'
import type { upsertPullRequestComment as Upsert } from '../src/action/github/pr-comment.js'
import { SecretRegistry } from '../src/engine/text/secrets.js'
import { captureStdout } from './support/stdout.js'
import { runnerCommands } from './support/workflow-commands.js'

const OWNER = 'octo'
const PR = 42
const TOKEN = 'ghs_installationTokenForTheFake0001'
const PAT = 'ghp_personalAccessTokenForTheFake000000000001'
const RUN_URL = 'https://github.com/octo/web/actions/runs/9001'
const marker = (ingress: number) => `<!-- sae-ingress-action: ingress ${ingress} -->`

let github: GitHubFake
let upsert: typeof Upsert
let ActionLog: typeof ActionLogClass
const saved: Record<string, string | undefined> = {}
const stdout = captureStdout()

beforeAll(async () => {
  github = await startGitHubFake({ users: { [PAT]: 'octocat' } })
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'sae-pr-event-')), 'event.json')
  writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: PR, pull_request: { number: PR } }))
  const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: `${OWNER}/web` }
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name]
    process.env[name] = value
  }
  ;({ upsertPullRequestComment: upsert } = await import('../src/action/github/pr-comment.js'))
  ;({ ActionLog } = await import('../src/action/log.js'))
})

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await github.close()
})

let repo = ''
let count = 0
/** Requests the fake had answered before the test. */
let before = 0
beforeEach(() => {
  // A repository per test: the fake keeps every thread for the whole file.
  repo = `web-${++count}`
  process.env.GITHUB_REPOSITORY = `${OWNER}/${repo}`
  before = github.requests.length
})

const thread = () => github.comments(OWNER, repo, PR)
/** The requests of this test. */
const requests = () => github.requests.slice(before)

/** The run's log on the runner, with `secrets` registered; what it printed is read back as the runner reads it. */
function actionLog(secrets: string[] = []) {
  const registry = new SecretRegistry()
  for (const secret of secrets) registry.add(secret)
  const log = new ActionLog(registry)
  const commands = (name: string) => runnerCommands(stdout.text()).filter(c => c.name === name).map(c => c.data)
  const lines = () => stdout.text().split('\n')
  return { log, commands, lines }
}

/** The report for an ingress, as the action renders it: its marker first. */
const report = (text: string) => (ingress: number) => `${marker(ingress)}\n### Preview on SAE ingress ${ingress}\n\n${text}\n`

test('no comment of its own yet: one is created, starting with the ingress\'s marker, with the run\'s secrets redacted', async () => {
  github.addComment(OWNER, repo, PR, 'Looks good, ship it', 'alice')
  const { log, lines } = actionLog(['sk-comment-secret-value'])
  await upsert(TOKEN, 87, report('✅ Deployed with sk-comment-secret-value.'), { log, runUrl: RUN_URL })
  expect(thread()).toHaveLength(2)
  const created = thread()[1]!
  expect(created.user.login).toBe('github-actions[bot]')
  expect(created.body).toBe(`${marker(87)}\n### Preview on SAE ingress 87\n\n✅ Deployed with ***.\n`)
  expect(lines()).toContain(`Commented on the pull request: ${created.html_url}.`)
  // An installation token cannot ask who it is (GET /user is 403): it writes as github-actions[bot].
  expect(requests().map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
    'GET /user 403',
    `GET /repos/${OWNER}/${repo}/issues/${PR}/comments 200`,
    `POST /repos/${OWNER}/${repo}/issues/${PR}/comments 201`
  ])
})

test('the next run updates the same comment in place', async () => {
  const { log, lines } = actionLog()
  await upsert(TOKEN, 87, report('first'), { log })
  const [first] = thread()
  await upsert(TOKEN, 87, report('second'), { log })
  expect(thread()).toHaveLength(1)
  expect(thread()[0]!.id).toBe(first!.id)
  expect(thread()[0]!.body).toContain('second')
  expect(lines()).toContain(`Updated the pull request comment ${first!.html_url}.`)
  expect(requests().filter(r => r.method === 'PATCH').map(r => r.path)).toEqual([`/repos/${OWNER}/${repo}/issues/comments/${first!.id}`])
})

test('each ingress has its own comment, and a marker in someone else\'s comment is not taken for ours', async () => {
  github.addComment(OWNER, repo, PR, `${marker(87)}\nA human quoting the marker`, 'mallory')
  github.addComment(OWNER, repo, PR, `${marker(88)}\nthe other ingress`)
  const { log } = actionLog()
  await upsert(TOKEN, 87, report('ours'), { log })
  expect(thread().map(c => [c.user.login, c.body.split('\n')[1]])).toEqual([
    ['mallory', 'A human quoting the marker'],
    ['github-actions[bot]', 'the other ingress'],
    ['github-actions[bot]', '### Preview on SAE ingress 87']
  ])
})

test('its comment is found after more than a page of others, and updated rather than posted again', async () => {
  for (let i = 0; i < 130; i++) github.addComment(OWNER, repo, PR, `comment ${i}`, i % 2 ? 'alice' : undefined)
  github.addComment(OWNER, repo, PR, `${marker(87)}\nthe old report`)
  const { log } = actionLog()
  await upsert(TOKEN, 87, report('the new report'), { log })
  expect(thread()).toHaveLength(131)
  expect(thread()[130]!.body).toContain('the new report')
  const lists = requests().filter(r => r.method === 'GET' && r.path.endsWith('/comments'))
  expect(lists.map(r => r.query)).toEqual([{ per_page: '100' }, { per_page: '100', page: '2' }])
  expect(requests().filter(r => r.method === 'POST')).toEqual([])
})

test('a personal access token writes as its user, and finds that user\'s comment', async () => {
  github.addComment(OWNER, repo, PR, `${marker(87)}\nby the bot, before the token changed`)
  github.addComment(OWNER, repo, PR, `${marker(87)}\nthe old report`, 'octocat')
  const { log } = actionLog()
  await upsert(PAT, 87, report('the new report'), { log })
  expect(thread().map(c => [c.user.login, c.body.split('\n')[1]])).toEqual([
    ['github-actions[bot]', 'by the bot, before the token changed'],
    ['octocat', '### Preview on SAE ingress 87']
  ])
})

test('a run that failed before it knew its ingress updates every comment of its own, each for its ingress', async () => {
  github.addComment(OWNER, repo, PR, `${marker(87)}\n✅ Deployed.`)
  github.addComment(OWNER, repo, PR, 'unrelated')
  github.addComment(OWNER, repo, PR, `${marker(88)}\n✅ Deployed.`)
  const { log } = actionLog()
  await upsert(TOKEN, undefined, ingress => `${marker(ingress)}\n❌ Failed for ${ingress}.`, { log })
  expect(thread().map(c => c.body)).toEqual([`${marker(87)}\n❌ Failed for 87.`, 'unrelated', `${marker(88)}\n❌ Failed for 88.`])
  expect(requests().filter(r => r.method === 'POST')).toEqual([])
})

test('a token that may not comment (403) only warns, naming the permission; nothing is thrown', async () => {
  github.inject({ method: 'POST', path: `/repos/${OWNER}/${repo}/issues/${PR}/comments`, status: 403, body: { message: 'Resource not accessible by integration' } })
  const { log, commands } = actionLog()
  await expect(upsert(TOKEN, 87, report('ours'), { log })).resolves.toBeUndefined()
  expect(thread()).toEqual([])
  expect(commands('warning')).toEqual([
    `Could not comment on pull request #${PR}: the token lacks permission (add \`permissions: pull-requests: write\` to the job). The deployment itself is not affected.`
  ])
  expect(process.exitCode ?? 0).toBe(0)
})

test('an update that fails leaves the comment saying it is out of date, never the earlier report', async () => {
  github.addComment(OWNER, repo, PR, `${marker(87)}\n✅ Deployed.`)
  github.inject({ method: 'PATCH', status: 500, body: { message: 'Server Error' } })
  const { log, commands, lines } = actionLog()
  await upsert(TOKEN, 87, report('❌ Deployment failed.'), { log, runUrl: RUN_URL })
  expect(commands('warning')).toEqual([expect.stringMatching(new RegExp(`^Could not comment on pull request #${PR}: HTTP 500: `))])
  expect(thread()).toHaveLength(1)
  expect(thread()[0]!.body).toContain('### ⚠️ SAE ingress 87: this comment is out of date')
  expect(thread()[0]!.body).not.toContain('✅ Deployed.')
  expect(lines()).toContain('The pull request comment now says it is out of date.')
})

test('without a token nothing is asked of GitHub: a warning says the comment was skipped', async () => {
  const { log, commands } = actionLog()
  await upsert('', 87, report('ours'), { log })
  expect(commands('warning')).toEqual(['No github-token: the pull request comment was skipped.'])
  expect(requests()).toEqual([])
})
