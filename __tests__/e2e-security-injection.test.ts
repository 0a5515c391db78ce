// Issue 10.2, end to end: hostile text fed through every field the action prints (file names, file values,
// placeholder values, live values, API Code/Message/RequestId, STS fields, the ID-token service, GitHub API errors),
// each with the three shapes of the issue. Whatever the field, the runner reads no command in stdout or stderr that
// the action did not write, the outputs are the action's own, and the summary and the PR comment keep the text
// inside their markup. Each run also proves the text was printed, so the suite cannot pass by printing nothing.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startGitHubFake, startOidcTokenServer, type Emulator, type GitHubFake, type OidcTokenServer } from '../emulator/index.mjs'
import { envKeys, ingressFile, INGRESS_ID, json, seedIngresses, startE2eEmulator, STS } from './support/e2e.js'
import { startHostileServer, type HostileServer } from './support/hostile-server.js'
import { runAction, type ActionRun, type RunOptions } from './support/run-action.js'
import { foreignCommands } from './support/workflow-commands.js'

const PAYLOADS = [
  ['a line feed and ::stop-commands::', '\n::stop-commands::STOPPED', 'STOPPED'],
  ['a carriage return and ::warning::', '\r::warning::INJECTED', 'INJECTED'],
  ['a literal %0A and ::error::', '%0A::error::INJECTED', 'INJECTED']
] as const

const OWNER = 'octo'
const REPO = 'web'
const PR = 7
const ROLE = 'acs:ram::1234567890123456:role/deploy'
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/GitHub'
const REQUEST_TOKEN = 'e2e-id-request-token-5d2c'
const OUTPUTS = ['ingress-id', 'request-id', 'trace-id', 'changed', 'urls', 'url', 'diff', 'previous-config']

type Where = 'log' | 'annotation' | 'summary' | 'comment'

interface Context {
  emulator: Emulator
  github: GitHubFake
  tokens: OidcTokenServer
  hostile: HostileServer
}

interface Field {
  /** Where the hostile text must show up (neutralised), proving the field was exercised. */
  where: Where[]
  arrange(text: string, context: Context): Partial<RunOptions> & { inputs?: Record<string, string> }
}

const keyless = (context: Context, requestUrl = context.tokens.url) => ({
  inputs: { 'role-to-assume': ROLE, 'oidc-provider-arn': PROVIDER, 'sts-endpoint': context.emulator.url },
  env: { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '', ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN }
})

const FIELDS: Array<[string, Field]> = [
  ['the ingress file name', { where: ['log', 'summary'], arrange: text => ({ inputs: { 'ingress-file': `deploy/in${text}.json` }, files: { [`deploy/in${text}.json`]: json(ingressFile()) } }) }],
  [
    'the ingress file name on annotations',
    { where: ['annotation'], arrange: text => ({ inputs: { 'ingress-file': `deploy/in${text}.json` }, files: { [`deploy/in${text}.json`]: json(ingressFile({ RequestTimeout: 0 })) } }) }
  ],
  ['a value in the file (Description)', { where: ['log', 'summary', 'comment'], arrange: text => ({ files: { 'ingress.json': json(ingressFile({ Description: `web${text}` })) } }) }],
  [
    'a placeholder value (Description: ${PR_TITLE})',
    { where: ['log', 'summary', 'comment'], arrange: text => ({ files: { 'ingress.json': json(ingressFile({ Description: '${PR_TITLE}' })) }, env: { PR_TITLE: `title${text}` } }) }
  ],
  [
    'an invalid value in the file (a domain)',
    {
      where: ['annotation', 'summary'],
      arrange: text => ({ files: { 'ingress.json': json(ingressFile({ Rules: [{ appId: 'a', containerPort: 80, domain: `x${text}`, path: '/' }] })) } })
    }
  ],
  [
    'a live value (Description)',
    {
      where: ['log', 'summary', 'comment'],
      arrange: (text, { emulator }) => {
        emulator.setIngress({ ...seedIngresses()[0]!, Description: `live${text}` })
        return {}
      }
    }
  ],
  [
    'live rule fields (Domain, AppName, BackendProtocol)',
    {
      where: ['log', 'summary', 'comment'],
      arrange: (text, { emulator }) => {
        const seed = seedIngresses()[0]!
        const hostile = { AppId: 'app-hostile', AppName: `name${text}`, BackendProtocol: `http${text}`, ContainerPort: 80, Domain: `old${text}`, Path: '/' }
        emulator.setIngress({ ...seed, Rules: [...seed.Rules!, hostile] })
        return {}
      }
    }
  ],
  [
    'an API error answer (Code, Message, RequestId, HostId, Recommend)',
    {
      where: ['annotation', 'summary', 'comment'],
      arrange: (text, { emulator }) => {
        const field = (name: string) => `${name}${text}`
        emulator.inject({
          kind: 'raw',
          action: 'DescribeIngress',
          status: 400,
          body: { Code: field('Invalid'), Message: field('message'), RequestId: field('req'), HostId: field('host'), Recommend: field('https://r/') }
        })
        return {}
      }
    }
  ],
  [
    'an API success answer (RequestId, TraceId)',
    {
      where: ['log', 'summary', 'comment'],
      arrange: (text, { emulator }) => {
        emulator.inject({ kind: 'raw', action: 'UpdateIngress', times: Infinity, body: { RequestId: `req${text}`, TraceId: `trace${text}`, Success: true, Data: { IngressId: INGRESS_ID } } })
        return { inputs: { timeout: '3' } }
      }
    }
  ],
  [
    'an STS answer (RequestId, Expiration)',
    {
      where: ['log'],
      arrange: (text, context) => {
        context.emulator.inject({
          kind: 'raw',
          action: 'AssumeRoleWithOIDC',
          body: { RequestId: `req${text}`, Credentials: { ...credentialsOf(STS), Expiration: `2099-01-01T00:00:00Z${text}` } }
        })
        return keyless(context)
      }
    }
  ],
  [
    'an STS error answer (Code, Message, RequestId)',
    {
      where: ['annotation', 'summary'],
      arrange: (text, context) => {
        context.emulator.inject({ kind: 'raw', action: 'AssumeRoleWithOIDC', status: 400, body: { Code: `Denied${text}`, Message: `sts${text}`, RequestId: `req${text}` } })
        return keyless(context)
      }
    }
  ],
  [
    'the ID-token service\'s error',
    {
      where: ['annotation', 'summary'],
      arrange: (text, context) => {
        hostileAnswer = { status: 401, body: JSON.stringify({ message: `denied${text}` }) }
        return keyless(context, `${context.hostile.url}/idtoken?api-version=2.0`)
      }
    }
  ],
  [
    'a GitHub API error',
    {
      where: ['annotation'],
      arrange: (text, { github }) => {
        github.inject({ method: 'POST', status: 422, body: { message: `Validation Failed${text}`, documentation_url: `https://docs${text}` } })
        return {}
      }
    }
  ],
  [
    'a GitHub API answer (html_url)',
    {
      where: ['log'],
      arrange: (text, { github }) => {
        github.inject({ method: 'POST', status: 201, body: { id: 1, html_url: `https://github.com/o/r/pull/7${text}` } })
        return {}
      }
    }
  ]
]

function credentialsOf(keys: { accessKeyId: string; accessKeySecret: string; securityToken: string }) {
  return { AccessKeyId: keys.accessKeyId, AccessKeySecret: keys.accessKeySecret, SecurityToken: keys.securityToken }
}

let eventPath: string
let context: Context
let hostileAnswer = { status: 404, body: '{}' }

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sae-e2e-security-'))
  eventPath = path.join(dir, 'event.json')
  await writeFile(eventPath, json({ number: PR, pull_request: { number: PR }, repository: { name: REPO, owner: { login: OWNER } } }))
})
beforeEach(async () => {
  context = {
    emulator: await startE2eEmulator(),
    github: await startGitHubFake(),
    tokens: await startOidcTokenServer({ requestToken: REQUEST_TOKEN }),
    hostile: await startHostileServer(() => hostileAnswer)
  }
})
afterEach(async () => {
  await Promise.all([context.emulator.close(), context.github.close(), context.tokens.close(), context.hostile.close()])
})

async function hostileRun(field: Field, text: string): Promise<{ run: ActionRun; comments: string[] }> {
  const arranged = field.arrange(text, context)
  const run = await runAction({
    files: { 'ingress.json': json(ingressFile()), ...arranged.files },
    inputs: {
      'ingress-file': 'ingress.json',
      endpoint: context.emulator.url,
      'region-id': 'cn-hangzhou',
      timeout: '10',
      'github-token': 'ghs_e2eInstallationTokenForSecurity',
      comment: 'true',
      ...arranged.inputs
    },
    env: {
      ...envKeys(),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_API_URL: context.github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '77',
      ...arranged.env
    }
  })
  return { run, comments: context.github.comments(OWNER, REPO, PR).map(comment => comment.body) }
}

describe.each(FIELDS)('%s', (_field, field) => {
  test.each(PAYLOADS)('%s', async (_shape, text, marker) => {
    const { run, comments } = await hostileRun(field, text)

    // The runner reads only the action's own commands, on stdout and on stderr alike.
    expect(foreignCommands(run.stdout, [marker])).toEqual([])
    expect(foreignCommands(run.stderr, [marker])).toEqual([])
    // A literal %0A is shown as those three characters, never turned into a line break.
    for (const annotation of run.annotations.filter(a => a.message.includes(marker) && text.startsWith('%0A'))) {
      expect(annotation.message).toContain('%0A::error::INJECTED')
    }
    // Outputs are the action's own, and none but diff can hold a line break, a quote, a backtick or $(.
    expect(Object.keys(run.outputs).filter(name => !OUTPUTS.includes(name))).toEqual([])
    for (const [name, value] of Object.entries(run.outputs)) {
      if (name === 'diff') continue
      const values: string[] = name === 'urls' ? JSON.parse(value) : [value]
      for (const one of values) expect({ name, one }).toEqual({ name, one: expect.not.stringMatching(/[\r\n`'"]|\$\(/) })
    }
    // In Markdown every line break became <br>: no line of the summary or a comment starts with the injected text.
    for (const markdown of [run.summary, ...comments]) {
      expect(markdown).not.toContain('\r')
      expect(markdown.split('\n').filter(line => /^\s*(::|%0A::)/.test(line))).toEqual([])
    }

    // Case-insensitively: the planner lower-cases live domains and protocols.
    const has = (text: string) => text.toLowerCase().includes(marker.toLowerCase())
    const seen: Record<Where, boolean> = {
      log: has(run.stdout.replace(/^::[a-z-]+( [^:]*)?::.*$/gm, '')),
      annotation: run.annotations.some(a => has(a.message) || has(a.file ?? '')),
      summary: has(run.summary),
      comment: comments.some(has)
    }
    expect(field.where.filter(where => !seen[where])).toEqual([])
  })
})
