// End to end (issue #3): on pull_request events the action keeps one sticky comment per ingress
// on the pull request (preview URLs, plan, result), found again by a hidden marker and updated in
// place. A token that may not comment only warns; user text never becomes live HTML or Markdown.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator, startGitHubFake, type Emulator, type GitHubFake } from '../emulator/index.mjs'
import { runAction, type ActionRun } from './support/run-action.js'
import { asRead } from './support/secret-ledger-teardown.mjs'
import { APP_PREVIEW, CREDENTIALS_ENV, INGRESS_ID, domainsOf, emulatorInputs, json, seedIngress } from './support/e2e-fixtures.js'

const OWNER = 'octo'
const REPO = 'web'
const PR = 42
const MARKER = `<!-- sae-ingress-action: ingress ${INGRESS_ID} -->`
const DOMAIN = `pr-${PR}.preview.example.com`

let emu: Emulator
let github: GitHubFake
let eventPath: string

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sae-e2e-event-'))
  eventPath = path.join(dir, 'event.json')
  await writeFile(
    eventPath,
    json({
      action: 'synchronize',
      number: PR,
      pull_request: { number: PR, head: { ref: 'feature', sha: 'a'.repeat(40) }, base: { ref: 'main' } },
      repository: { name: REPO, owner: { login: OWNER } }
    })
  )
})

afterEach(async () => {
  await emu?.close()
  await github?.close()
})

async function start(options: { forbidComments?: boolean; users?: Record<string, string> } = {}): Promise<void> {
  emu = await startEmulator({ ingresses: [seedIngress()] })
  github = await startGitHubFake(options)
}

function previewFile(rule: Record<string, unknown> = {}, settings: Record<string, unknown> = {}): string {
  return json({
    IngressId: INGRESS_ID,
    ...settings,
    Rules: [{ appId: APP_PREVIEW, containerPort: 8080, domain: 'pr-${PR_NUMBER}.preview.example.com', path: '/', ...rule }]
  })
}

function prRun(options: { file?: string; inputs?: Record<string, string>; env?: Record<string, string> } = {}): Promise<ActionRun> {
  return runAction({
    inputs: emulatorInputs(emu, { 'ingress-file': 'deploy/preview-rule.json', 'rules-mode': 'upsert', 'github-token': 'ghs_fakeTokenForTheFake', ...options.inputs }),
    files: { 'deploy/preview-rule.json': options.file ?? previewFile() },
    env: {
      ...CREDENTIALS_ENV,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '9001',
      PR_NUMBER: String(PR),
      ...options.env
    }
  })
}

const thread = () => github.comments(OWNER, REPO, PR)
const ours = () => thread().filter(comment => comment.body.includes(MARKER))

test('the first run creates one comment with the marker, preview URL, plan and result; the next run updates it in place', async () => {
  await start()
  github.addComment(OWNER, REPO, PR, 'Looks good, ship it', 'alice')
  github.addComment(OWNER, REPO, PR, '<!-- sae-ingress-action: ingress 870 -->\n### another ingress')

  const first = await prRun()
  expect(first.code).toBe(0)
  expect(ours()).toHaveLength(1)
  const created = ours()[0]!
  expect(created.body.startsWith(MARKER)).toBe(true)
  expect(created.body).toContain(`### 🚀 Preview on SAE ingress ${INGRESS_ID}`)
  expect(created.body).toContain(`- <http://${DOMAIN}/>`)
  expect(created.body).toContain('<details><summary>Plan (upsert)</summary>')
  expect(created.body).toContain(`| ➕ added | rule ${DOMAIN}/ |`)
  expect(created.body).toContain('✅ Deployed.')
  expect(created.body).toContain('[Workflow run](https://github.com/octo/web/actions/runs/9001)')
  expect(github.requests.filter(r => r.method === 'POST')).toHaveLength(1)

  const second = await prRun({ file: previewFile({ containerPort: 9090 }) })
  expect(second.code).toBe(0)
  expect(ours()).toHaveLength(1)
  const updated = ours()[0]!
  expect(updated.id).toBe(created.id)
  expect(updated.body).toContain('| ✏️ changed |')
  expect(updated.body).toContain('containerPort: 8080')
  expect(updated.body).toContain('containerPort: 9090')
  expect(github.requests.filter(r => r.method === 'POST')).toHaveLength(1)
  expect(github.requests.filter(r => r.method === 'PATCH')).toHaveLength(1)
  // Nobody else's comment is touched.
  expect(thread().map(c => c.body)).toEqual(['Looks good, ship it', '<!-- sae-ingress-action: ingress 870 -->\n### another ingress', updated.body])
})

test('a remove run updates the same comment to say the preview was removed', async () => {
  await start()
  expect((await prRun()).code).toBe(0)
  const before = ours()[0]!

  const removed = await prRun({ inputs: { 'rules-mode': 'remove' } })
  expect(removed.code).toBe(0)
  expect(domainsOf(emu.getIngress(INGRESS_ID))).not.toContain(DOMAIN)
  expect(ours()).toHaveLength(1)
  const after = ours()[0]!
  expect(after.id).toBe(before.id)
  expect(after.body).toContain(`### 🗑️ Preview removed from SAE ingress ${INGRESS_ID}`)
  expect(after.body).toContain(`The rules for \`http://${DOMAIN}/\` are no longer served.`)
  expect(after.body).toContain(`| ➖ removed | rule ${DOMAIN}/ |`)
  expect(after.body).not.toContain(`- <http://${DOMAIN}/>`)
})

test('a failed deploy says so in the comment', async () => {
  await start()
  emu.inject({ kind: 'dropUpdate', times: Infinity })
  const run = await prRun({ inputs: { timeout: '2' } })
  expect(run.code).toBe(1)
  expect(ours()).toHaveLength(1)
  expect(ours()[0]!.body).toMatch(/❌ Deployment failed\. The change did not take within the timeout: rule pr-42\.preview\.example\.com\/ is missing/)
})

test('a token that may not comment only warns: the deployment still succeeds', async () => {
  await start({ forbidComments: true })
  const run = await prRun()
  expect(run.code).toBe(0)
  expect(domainsOf(emu.getIngress(INGRESS_ID))).toContain(DOMAIN)
  expect(run.annotations).toContainEqual(
    expect.objectContaining({
      level: 'warning',
      message: expect.stringMatching(/^Could not comment on pull request #42: the token lacks permission \(add `permissions: pull-requests: write` to the job\)/)
    })
  )
  expect(run.annotations.filter(a => a.level === 'error')).toEqual([])
  expect(thread()).toHaveLength(0)
})

test('a fork\'s dry run without credentials still comments that the file was validated offline', async () => {
  await start()
  const run = await prRun({
    inputs: { 'dry-run': 'true' },
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' }
  })
  expect(run.code).toBe(0)
  expect(emu.requests).toHaveLength(0)
  expect(ours()).toHaveLength(1)
  expect(ours()[0]!.body).toContain('validated offline')
})

test('user text is escaped in the comment and in the job summary', async () => {
  await start()
  const description = '<script>alert(1)</script> | *team* [x](javascript:alert(1))'
  const run = await prRun({ file: previewFile({}, { Description: description }), inputs: { 'rules-mode': 'replace' } })
  expect(run.code).toBe(0)
  expect(emu.getIngress(INGRESS_ID)?.Description).toBe(description)
  const escaped = '&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\*team\\* \\[x\\]\\(javascript:alert\\(1\\)\\)'
  for (const [where, text] of [['comment', ours()[0]!.body], ['summary', run.summary]] as const) {
    expect({ where, hasScript: text.includes('<script>') }).toEqual({ where, hasScript: false })
    expect({ where, escaped: text.includes(escaped) }).toEqual({ where, escaped: true })
  }
  // The raw `|` would otherwise split the table row into extra cells.
  const row = ours()[0]!.body.split('\n').find(line => line.includes('setting Description'))!
  expect(row.split(/(?<!\\)\|/).length - 2).toBe(4)
})

test('user text cannot start a workflow command in the log: the plan keeps one line per change', async () => {
  await start()
  const description = 'web\n::error file=src/app.ts,line=1::injected\r\n::add-mask::web'
  const run = await prRun({ file: previewFile({}, { Description: description }), inputs: { 'rules-mode': 'replace' } })
  expect(run.code).toBe(0)
  expect(run.annotations.filter(a => a.message.includes('injected'))).toEqual([])
  expect(run.stdout).not.toMatch(/^::(error|add-mask)\b.*(injected|::web)\r?$/m)
  expect(run.outputs.diff?.split('\n')).toEqual(
    expect.arrayContaining([`+ rule ${DOMAIN}/ → ${APP_PREVIEW}:8080`, '~ Description: web-prod → web\\n::error file=src/app.ts,line=1::injected\\r\\n::add-mask::web'])
  )
})

test('outside pull requests no comment is made', async () => {
  await start()
  const run = await prRun({ env: { GITHUB_EVENT_NAME: 'push' } })
  expect(run.code).toBe(0)
  expect(github.requests).toHaveLength(0)
})

describe('the sticky comment speaks only for the action (issue 10.5)', () => {
  test('a comment by someone else that carries the marker is never edited: the action keeps its own', async () => {
    await start()
    const planted = github.addComment(OWNER, REPO, PR, `${MARKER}\n### 🚀 Preview on SAE ingress ${INGRESS_ID}\n\n✅ Deployed. (says mallory)`, 'mallory')

    expect((await prRun()).code).toBe(0)
    expect((await prRun({ file: previewFile({ containerPort: 9090 }) })).code).toBe(0)

    const [theirs, mine, ...more] = thread()
    expect(more).toEqual([])
    expect(theirs).toEqual(planted)
    expect(mine!.user.login).toBe('github-actions[bot]')
    expect(mine!.body).toContain('containerPort: 9090')
    expect(github.requests.filter(r => r.method === 'PATCH').map(r => r.path)).toEqual([`/repos/${OWNER}/${REPO}/issues/comments/${mine!.id}`])
  })

  test('with GITHUB_TOKEN, GET /user is refused and the comment is github-actions[bot]\'s', async () => {
    await start()
    github.addComment(OWNER, REPO, PR, `${MARKER}\nleft by an earlier run`)
    expect((await prRun()).code).toBe(0)
    expect(github.requests.find(r => r.path === '/user')?.status).toBe(403)
    expect(thread()).toHaveLength(1)
    expect(thread()[0]!.body).toContain('✅ Deployed.')
  })

  test('with a personal access token, the sticky comment is the token owner\'s, not the bot\'s', async () => {
    const pat = 'ghp_e2ePersonalAccessTokenOfDeployBot01'
    await start({ users: { [pat]: 'deploy-bot' } })
    const bots = github.addComment(OWNER, REPO, PR, `${MARKER}\nfrom a GITHUB_TOKEN run`)
    const owners = github.addComment(OWNER, REPO, PR, `${MARKER}\nfrom an earlier PAT run`, 'deploy-bot')
    expect((await prRun({ inputs: { 'github-token': pat } })).code).toBe(0)
    expect(thread().find(c => c.id === bots.id)!.body).toBe(bots.body)
    expect(thread().find(c => c.id === owners.id)!.body).toContain('✅ Deployed.')
    expect(thread()).toHaveLength(2)
  })

  test('mentions and references in values notify nobody: they are code spans in the comment', async () => {
    await start()
    const run = await prRun({ file: previewFile({}, { Description: 'ping @alice and @octo/admins, fixes #1 and octo/web#2' }), inputs: { 'rules-mode': 'replace' } })
    expect(run.code).toBe(0)
    const body = ours()[0]!.body
    for (const reference of ['@alice', '@octo/admins,', '#1', 'octo/web#2']) expect(body).toContain(`\`${reference}\``)
    const row = body.split('\n').find(line => line.includes('setting Description'))!
    expect(row.replace(/`[^`]*`/g, '')).not.toMatch(/[@#]/)
  })

  test('a report too long for a comment is cut to GitHub\'s limit, with a link to the run', async () => {
    await start()
    // 37 of ours and the 3 live rules make the 40 an ingress holds.
    const rules = Array.from({ length: 37 }, (_, i) => ({ appId: APP_PREVIEW, containerPort: 8080, domain: `pr-${i}.preview.example.com`, path: `/${String(i).padStart(1000, 'p')}` }))
    const run = await prRun({ file: json({ IngressId: INGRESS_ID, Rules: rules }) })
    expect(run.code).toBe(0)
    const body = ours()[0]!.body
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toMatch(/too long for a comment: it is in the job summary of the \[workflow run\]\(https:\/\/github\.com\/octo\/web\/actions\/runs\/9001\)/)
    expect(github.requests.filter(r => r.method === 'POST').map(r => r.status)).toEqual([201])
  })

  test('if updating the comment fails, it stops claiming the earlier success', async () => {
    await start()
    expect((await prRun()).code).toBe(0)
    expect(ours()[0]!.body).toContain('✅ Deployed.')

    github.inject({ method: 'PATCH', status: 502, body: { message: 'Server Error' } })
    emu.inject({ kind: 'dropUpdate', times: Infinity })
    const failed = await prRun({ file: previewFile({ containerPort: 9090 }), inputs: { timeout: '2' } })
    expect(failed.code).toBe(1)
    expect(ours()).toHaveLength(1)
    expect(ours()[0]!.body).toMatch(/this comment is out of date/)
    expect(ours()[0]!.body).not.toContain('✅')
    expect(failed.annotations).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringMatching(/Could not comment on pull request #42: HTTP 502/) }))
  })

  test('if even that fails, a short note says the comment is out of date', async () => {
    await start()
    expect((await prRun()).code).toBe(0)
    github.inject({ method: 'PATCH', status: 500, times: 2 })
    expect((await prRun({ file: previewFile({ containerPort: 9090 }) })).code).toBe(0)
    const [old, note] = ours()
    expect(old!.body).toContain('✅ Deployed.')
    expect(note!.body).toMatch(/this comment is out of date/)
    expect(note!.body.length).toBeLessThan(500)
  })
})

describe('a failed run never leaves an earlier success standing on the pull request', () => {
  /** A deployed preview: the comment says so, as it would before the push that breaks the file. */
  async function deployed(): Promise<void> {
    await start()
    expect((await prRun()).code).toBe(0)
    expect(ours()).toHaveLength(1)
    expect(ours()[0]!.body).toContain('✅ Deployed.')
  }

  /** The comment now says this run failed, why, and where, and no longer says Deployed. */
  function expectFailureReported(...why: string[]): void {
    expect(ours()).toHaveLength(1)
    const body = asRead(ours()[0]!.body)
    expect(body).toContain('❌ Deployment failed.')
    expect(body).not.toContain('✅')
    expect(body).toContain('https://github.com/octo/web/actions/runs/9001')
    for (const text of why) expect(body).toContain(text)
  }

  test('a push that makes the file invalid: the comment says so, with the first problems at their lines', async () => {
    await deployed()
    const run = await prRun({ file: previewFile({ containerPort: 70_000, path: 'no-slash' }) })
    expect(run.code).toBe(1)
    expectFailureReported(
      'is not a valid ingress file (2 problems; nothing was sent)',
      '- deploy/preview-rule.json, line 6, column 24: Rules/0/containerPort must be an integer from 1 to 65535',
      '- deploy/preview-rule.json, line 8, column 15: Rules/0/path must start with "/"'
    )
  })

  test('an invalid file without an IngressId, when the ingress-id input names it', async () => {
    await deployed()
    const run = await prRun({ file: json({ Rules: [{ appId: APP_PREVIEW, containerPort: 8080, domain: 'bad domain', path: '/' }] }), inputs: { 'ingress-id': String(INGRESS_ID) } })
    expect(run.code).toBe(1)
    expectFailureReported('is not a host name')
  })

  test('a file that is not even JSON: every sticky comment of the action on the pull request says this run failed', async () => {
    await deployed()
    const run = await prRun({ file: '{ "IngressId": 87, "Rules": [ oops ] }' })
    expect(run.code).toBe(1)
    expectFailureReported('invalid JSON')
    expect(run.stdout).toContain('this run failed before it knew its ingress')
  })

  test('a run that fails before the plan (no credentials): the comment says so', async () => {
    await deployed()
    const run = await prRun({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' } })
    expect(run.code).toBe(1)
    expectFailureReported('No credentials')
  })
})
