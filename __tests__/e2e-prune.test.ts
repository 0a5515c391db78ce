// End to end: rules-mode prune takes the preview file the upsert and remove steps use, with PR_NUMBER left unset, and
// removes in one write the live rules its template finds whose pull request is closed; open and unknown ones stay,
// and every rule the template does not find is never touched. Also the `url` output, for a deployment environment.
import { startGitHubFake, type Emulator, type GitHubFake, type LiveIngress } from '../emulator/index.mjs'
import { APP_PREVIEW, CREDENTIALS_ENV, INGRESS_ID, actionsOf, emulatorInputs, json, seedIngress, updatesOf } from './support/e2e-fixtures.js'
import { runChecked as runAction } from './support/integrity.js'
import { startEmulator } from '../emulator/index.mjs'
import { asRead } from './support/secret-ledger-teardown.mjs'

const OWNER = 'octo'
const REPO = 'web'
const TOKEN = 'ghs_e2ePruneToken'
const TEMPLATE = { appId: APP_PREVIEW, containerPort: 8080, domain: 'pr-${PR_NUMBER}.preview.example.com', path: '/' }
const preview = (n: number | string) => ({ AppId: APP_PREVIEW, AppName: 'preview', BackendProtocol: 'http', ContainerPort: 8080, Domain: `pr-${n}.preview.example.com`, Path: '/' })

let emu: Emulator
let github: GitHubFake
afterEach(async () => {
  await emu?.close()
  await github?.close()
})

/** Other teams' rules, and previews of pull requests 1 (closed), 2 (open), 3 (unknown), 4 (merged), and one no template finds. */
async function start(stale = true): Promise<LiveIngress> {
  const seed = seedIngress()
  seed.Rules = [...seed.Rules!, preview(1), preview(2), preview(3), preview(4), preview('x'), { ...preview(5), Path: '/other' }]
  emu = await startEmulator({ ingresses: [seed] })
  github = await startGitHubFake({ permissions: { ghs_noPullsToken: { pullRequests: 'none' } } })
  github.addPullRequest(OWNER, REPO, stale ? { number: 1, state: 'closed' } : { number: 1, state: 'open' })
  github.addPullRequest(OWNER, REPO, { number: 2, state: 'open' })
  github.addPullRequest(OWNER, REPO, stale ? { number: 4, merged: true } : { number: 4, state: 'open' })
  github.addPullRequest(OWNER, REPO, { number: 5, state: 'closed' })
  return seed
}

function prune(inputs: Record<string, string> = {}, file: unknown = { IngressId: INGRESS_ID, Rules: [TEMPLATE] }) {
  return runAction({
    inputs: emulatorInputs(emu, { 'rules-mode': 'prune', 'github-token': TOKEN, ...inputs }),
    files: { 'ingress.json': json(file) },
    env: { ...CREDENTIALS_ENV, GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.com', GITHUB_EVENT_NAME: 'schedule' }
  })
}

const domains = () => emu.getIngress(INGRESS_ID)!.Rules!.map(rule => `${rule.Domain}${rule.Path}`)

test('the rules of closed pull requests go in one write; open, unknown and unmatched rules stay', async () => {
  const seed = await start()
  const run = await prune()
  expect(run.code).toBe(0)
  expect(updatesOf(emu)).toHaveLength(1)
  expect(domains()).toEqual(
    seed.Rules!.map(rule => `${rule.Domain}${rule.Path}`).filter(rule => rule !== 'pr-1.preview.example.com/' && rule !== 'pr-4.preview.example.com/')
  )
  expect(run.outputs.diff?.split('\n')).toEqual(['- rule pr-1.preview.example.com/', '- rule pr-4.preview.example.com/'])
  const summary = asRead(run.summary)
  expect(summary).toContain('| rule pr-1.preview.example.com/ | [#1](https://github.com/octo/web/pull/1) | removed |')
  expect(summary).toContain('| rule pr-4.preview.example.com/ | [#4](https://github.com/octo/web/pull/4) | removed |')
  expect(summary).toContain('| rule pr-2.preview.example.com/ | [#2](https://github.com/octo/web/pull/2) | kept: open |')
  expect(summary).toContain('| rule pr-3.preview.example.com/ | [#3](https://github.com/octo/web/pull/3) | kept: unknown pull request |')
  // pr-x has no number, pr-5 another path: the template finds neither, and nobody asked GitHub about 5.
  expect(summary).not.toContain('pr-x')
  expect(github.requests.filter(r => r.path.includes('/pulls/')).map(r => r.path).sort()).toEqual(['/repos/octo/web/pulls/1', '/repos/octo/web/pulls/2', '/repos/octo/web/pulls/3', '/repos/octo/web/pulls/4'])
})

test('a dry run lists what would go and writes nothing', async () => {
  await start()
  const before = emu.getIngress(INGRESS_ID)
  const run = await prune({ 'dry-run': 'true' })
  expect(run.code).toBe(0)
  expect(actionsOf(emu)).toEqual(['DescribeIngress', 'DescribeIngress'])
  expect(emu.getIngress(INGRESS_ID)).toEqual(before)
  expect(run.outputs.changed).toBe('true')
  expect(run.outputs.diff?.split('\n')).toEqual(['- rule pr-1.preview.example.com/', '- rule pr-4.preview.example.com/'])
  expect(asRead(run.summary)).toContain('| rule pr-1.preview.example.com/ | [#1](https://github.com/octo/web/pull/1) | would be removed (dry run) |')
})

test('nothing stale: nothing is written', async () => {
  await start(false)
  const run = await prune()
  expect(run.code).toBe(0)
  expect(updatesOf(emu)).toHaveLength(0)
  expect(run.outputs.changed).toBe('false')
})

test('a token that may not read pull requests: the run fails and removes nothing', async () => {
  await start()
  const run = await prune({ 'github-token': 'ghs_noPullsToken' })
  expect(run.code).toBe(1)
  expect(run.annotations.find(a => a.level === 'error' && a.file === undefined)?.message).toMatch(/pull-requests: read/)
  expect(updatesOf(emu)).toHaveLength(0)
})

test('allowed-ingress-ids applies: another ingress is refused before anything is read', async () => {
  await start()
  const run = await prune({ 'allowed-ingress-ids': '88' })
  expect(run.code).toBe(1)
  expect(emu.requests).toEqual([])
})

test('a template without a slot, or with an ingress-wide setting, is a located error; nothing is sent', async () => {
  await start()
  const run = await prune({}, { IngressId: INGRESS_ID, RequestTimeout: 5, Rules: [{ ...TEMPLATE, domain: 'fixed.preview.example.com' }] })
  expect(run.code).toBe(1)
  const messages = run.annotations.filter(a => a.file === 'ingress.json').map(a => a.message)
  expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/Rules\/0 has no placeholder left unset/), expect.stringMatching(/RequestTimeout cannot be set with rules-mode prune/)]))
  expect(emu.requests).toEqual([])
})

describe("GitHub's answer counts only for the pull request asked about", () => {
  test.each<[string, (fake: GitHubFake) => void]>([
    ['a 200 for another (closed) pull request', fake => fake.inject({ method: 'GET', path: `/repos/${OWNER}/${REPO}/pulls/2`, status: 200, body: { number: 1, state: 'closed', merged: false } })],
    ['a redirect to another pull request', fake => fake.inject({ method: 'GET', path: `/repos/${OWNER}/${REPO}/pulls/2`, status: 301, body: { message: 'Moved Permanently' }, headers: { location: `${fake.url}/repos/${OWNER}/${REPO}/pulls/1` } })],
    ['an answer without a state', fake => fake.inject({ method: 'GET', path: `/repos/${OWNER}/${REPO}/pulls/2`, status: 200, body: { number: 2 } })]
  ])('%s: the run fails and removes nothing', async (_what, lie) => {
    await start()
    lie(github)
    const before = emu.getIngress(INGRESS_ID)
    const run = await prune()
    expect(github.requests.some(r => r.path === `/repos/${OWNER}/${REPO}/pulls/2`)).toBe(true)
    expect(run.code).toBe(1)
    expect(run.annotations.find(a => a.level === 'error' && a.file === undefined)?.message).toMatch(/pull request #2.*Nothing was removed/)
    expect(updatesOf(emu)).toHaveLength(0)
    expect(emu.getIngress(INGRESS_ID)).toEqual(before)
  })
})

describe('the url output: the first of the file\'s rule URLs', () => {
  test.each<[string, Record<string, string>, string]>([
    ['upsert', { 'rules-mode': 'upsert' }, 'http://pr-7.preview.example.com/'],
    ['replace', {}, 'http://pr-7.preview.example.com/']
  ])('%s', async (_mode, inputs, url) => {
    emu = await startEmulator({ ingresses: [seedIngress()] })
    github = await startGitHubFake()
    const file = inputs['rules-mode'] ? { IngressId: INGRESS_ID, Rules: [{ ...TEMPLATE, domain: 'pr-7.preview.example.com' }] } : { IngressId: INGRESS_ID, Rules: [{ ...TEMPLATE, domain: 'pr-7.preview.example.com' }, { ...TEMPLATE, domain: 'www.example.com' }] }
    const run = await runAction({ inputs: emulatorInputs(emu, inputs), files: { 'ingress.json': json(file) }, env: CREDENTIALS_ENV })
    expect(run.code).toBe(0)
    expect(run.outputs.url).toBe(url)
    expect(JSON.parse(run.outputs.urls!)[0]).toBe(url)
  })
})
