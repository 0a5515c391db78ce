// End to end: with dry-run and drift-issue (a scheduled check), the action keeps one open GitHub issue per ingress and
// file saying the live ingress differs from the file: opened when drift is first seen, updated in place while it
// lasts, closed with a comment once the ingress is in sync again. Against the loopback emulator and GitHub fake.
import { startGitHubFake, type GitHubFake } from '../emulator/index.mjs'
import { envKeys, ingressFile, INGRESS_ID, json, OTHER_INGRESS_ID, seedIngresses, startE2eEmulator, WEB_APP } from './support/e2e.js'
import { runAction, type ActionRun } from './support/run-action.js'
import { asRead } from './support/secret-ledger-teardown.mjs'
import type { Emulator } from '../emulator/index.mjs'

const OWNER = 'octo'
const REPO = 'web'
const TOKEN = 'ghs_e2eDriftToken'
const FILE = 'deploy/ingress.json'
const MARKER = `<!-- sae-ingress-action: drift of ingress ${INGRESS_ID} from deploy%2Fingress.json -->`

let emulator: Emulator
let github: GitHubFake
beforeEach(async () => {
  emulator = await startE2eEmulator()
  github = await startGitHubFake({ permissions: { 'ghs_noIssuesToken': { issues: 'read' } } })
})
afterEach(async () => {
  await Promise.all([emulator.close(), github.close()])
})

/** The scheduled check: a dry run with drift-issue, on a file (default: one that differs from the seeded ingress). */
function check(file: unknown = ingressFile(), options: { inputs?: Record<string, string>; path?: string; runId?: string; token?: string } = {}): Promise<ActionRun> {
  return runAction({
    inputs: {
      'ingress-file': options.path ?? FILE,
      endpoint: emulator.url,
      'region-id': 'cn-hangzhou',
      'dry-run': 'true',
      'drift-issue': 'true',
      'github-token': options.token ?? TOKEN,
      ...options.inputs
    },
    files: { [options.path ?? FILE]: json(file) },
    env: {
      ...envKeys(),
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: options.runId ?? '500'
    }
  })
}

const open = () => github.issues(OWNER, REPO).filter(issue => issue.state === 'open')
/** The seeded ingress 87 as a file says it: no drift. */
const inSync = () => ({
  IngressId: INGRESS_ID,
  Description: 'web-prod',
  ListenerPort: 80,
  RequestTimeout: 30,
  DefaultRule: { appId: WEB_APP, containerPort: 8080 },
  Rules: seedIngresses()[0]!.Rules!.map(rule => ({ appId: rule.AppId, containerPort: rule.ContainerPort, domain: rule.Domain, path: rule.Path }))
})

test('drift seen: one issue naming the ingress and the file, with the plan, when it was seen and the run; nothing written', async () => {
  const run = await check()
  expect(run.code).toBe(0)
  expect(run.outputs.changed).toBe('true')
  expect(emulator.requests.map(r => r.action)).toEqual(['DescribeIngress'])
  expect(open()).toHaveLength(1)
  const [issue] = open()
  expect(issue!.title).toBe(`Ingress ${INGRESS_ID} has drifted from ${FILE}`)
  expect(issue!.body!.startsWith(MARKER)).toBe(true)
  const body = asRead(issue!.body!)
  expect(body).toContain('rule api.example.com/v1')
  expect(body).toMatch(/Seen at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/)
  expect(body).toContain('https://github.com/octo/web/actions/runs/500')
  expect(run.summary).toContain(`the drift issue: opened [#${issue!.number}](${issue!.html_url})`)
})

test('drift that lasts: the same issue is updated in place, its body the latest plan; never a second one', async () => {
  await check()
  const first = open()[0]!
  const run = await check(ingressFile({ RequestTimeout: 45 }), { runId: '501' })
  expect(run.code).toBe(0)
  expect(open()).toHaveLength(1)
  const issue = open()[0]!
  expect(issue.number).toBe(first.number)
  expect(asRead(issue.body!)).toContain('RequestTimeout')
  expect(asRead(issue.body!)).toContain('45')
  expect(issue.body).toContain('runs/501')
  expect(github.requests.filter(r => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(1)
})

test('in sync again: the issue is closed with a short comment naming the run', async () => {
  await check()
  const issue = open()[0]!
  const run = await check(inSync(), { runId: '502' })
  expect(run.code).toBe(0)
  expect(run.outputs.changed).toBe('false')
  expect(open()).toHaveLength(0)
  const closed = github.issues(OWNER, REPO).find(found => found.number === issue.number)!
  expect(closed.state).toBe('closed')
  expect(github.comments(OWNER, REPO, issue.number).map(comment => comment.body)).toEqual([
    'In sync again as of the [workflow run](https://github.com/octo/web/actions/runs/502).'
  ])
})

test('in sync with no issue open: nothing is opened', async () => {
  const run = await check(inSync())
  expect(run.code).toBe(0)
  expect(github.issues(OWNER, REPO)).toEqual([])
})

test('two ingresses that drift: one issue each', async () => {
  await check()
  await check(ingressFile({ IngressId: OTHER_INGRESS_ID }), { path: 'deploy/staging.json' })
  expect(open().map(issue => issue.title).sort()).toEqual([
    `Ingress ${INGRESS_ID} has drifted from ${FILE}`,
    `Ingress ${OTHER_INGRESS_ID} has drifted from deploy/staging.json`
  ])
})

test('an issue carrying the marker that someone else wrote is never edited: the action opens its own', async () => {
  const planted = github.addIssue(OWNER, REPO, { title: 'planted', body: `${MARKER}\nnot the action's`, login: 'mallory' })
  await check()
  expect(github.issues(OWNER, REPO).find(issue => issue.number === planted.number)!.body).toBe(`${MARKER}\nnot the action's`)
  expect(open()).toHaveLength(2)
})

test('pull requests in the issues list are never taken for the drift issue', async () => {
  github.addPullRequest(OWNER, REPO, { body: `${MARKER}\na pull request`, login: 'github-actions[bot]' })
  await check()
  expect(open()).toHaveLength(1)
})

test('a token without issues: write: a warning, and the drift is still in the outputs and the summary', async () => {
  const run = await check(ingressFile(), { token: 'ghs_noIssuesToken' })
  expect(run.code).toBe(0)
  expect(run.outputs.changed).toBe('true')
  expect(run.annotations.some(a => a.level === 'warning' && /Could not keep the drift issue: the token lacks permission \(add `permissions: issues: write`/.test(a.message))).toBe(true)
  expect(run.summary).toContain('**Drift:** the live ingress differs from the file; the drift issue: not kept')
  expect(github.issues(OWNER, REPO)).toEqual([])
})

test('drift-issue without dry-run is an input error: nothing is read or written', async () => {
  const run = await check(ingressFile(), { inputs: { 'dry-run': 'false' } })
  expect(run.code).toBe(1)
  expect(run.annotations.find(a => a.level === 'error')?.message).toMatch(/drift-issue needs dry-run: true/)
  expect(emulator.requests).toEqual([])
})

test('a failed read says nothing about drift: the issue is left as it is', async () => {
  await check()
  emulator.inject({ kind: 'error', action: 'DescribeIngress', status: 400, code: 'InvalidParameter', times: Infinity })
  const run = await check(inSync(), { runId: '503' })
  expect(run.code).toBe(1)
  expect(open()).toHaveLength(1)
})

describe('a GitHub API that cannot be trusted costs a warning, never a hang or markup', () => {
  test('an issues list that always has a next page is read to 50 pages, then the issue is not kept', async () => {
    github.inject({ method: 'GET', path: `/repos/${OWNER}/${REPO}/issues`, status: 200, body: [], headers: { link: `<${github.url}/repos/${OWNER}/${REPO}/issues?page=2>; rel="next"` }, times: Infinity })
    const run = await check()
    expect(run.code).toBe(0)
    expect(github.requests.filter(r => r.path === `/repos/${OWNER}/${REPO}/issues` && r.method === 'GET')).toHaveLength(51)
    expect(run.annotations.find(a => a.level === 'warning')?.message).toMatch(/Could not keep the drift issue: the list of open issues runs past 50 pages/)
    expect(open()).toEqual([])
  })

  test("GitHub's error text is text in the summary, not Markdown or HTML", async () => {
    github.inject({ method: 'POST', path: `/repos/${OWNER}/${REPO}/issues`, status: 422, body: { message: 'Validation\n\n# HEADING\n<img src="https://evil.example/p.png"> @octo/admins [click](https://evil.example)' } })
    const run = await check()
    expect(github.requests.some(r => r.method === 'POST' && r.status === 422)).toBe(true)
    // As written into the summary: the tag escaped, the mention and the link in code spans, no heading.
    const drift = run.summary.split('\n').find(line => line.startsWith('**Drift:**'))
    expect(drift).toContain('HEADING')
    expect(drift).not.toContain('<img')
    expect(drift).toContain('`@octo/admins`')
    expect(drift).toContain('`[click](https://evil.example)`')
    expect(run.summary).not.toMatch(/^# HEADING/m)
  })
})
