// End to end: every secret of a run, echoed back by each service in each field of its answer (Code, Message,
// RequestId, HostId, Recommend, a header, a non-JSON body, a live value), raw and URL-encoded, never reaches anything
// the action writes: log, annotations, outputs, job summary, PR comment, previous-config file; not even as the text
// reads once GitHub has rendered Markdown's escapes. Each echo carries a marker that is no secret: it shows the answer
// reached the action (it appears in what the run wrote), so a run that failed before the echo passes no test.
// Every run also goes to the suite-wide ledger (secret-ledger-teardown.mjs), comments and files included.
import { readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startGitHubFake, startOidcTokenServer, type Emulator, type Fault, type GitHubFake, type OidcTokenServer } from '../emulator/index.mjs'
import { ingressFile, INGRESS_ID, json, KEYS, seedIngresses, startE2eEmulator, STS } from './support/e2e.js'
import { startHostileServer, type HostileAnswer, type HostileServer } from './support/hostile-server.js'
import { everythingPrinted, recordPrinted, recordSecrets, runAction, type ActionRun } from './support/run-action.js'
import { asRead } from './support/secret-ledger-teardown.mjs'

const OWNER = 'octo'
const REPO = 'web'
const PR = 9
const ROLE = 'acs:ram::1234567890123456:role/deploy'
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/GitHub'
const REQUEST_TOKEN = 'e2e-id-request-token/Sf4+Yu8=Lk2'
const GITHUB_TOKEN = 'ghs_e2eGitHubTokenEchoed/By+The=Fake'
const PROXY_PASSWORD = 'e2e-pr0xy/Pass+word='
const PROXY_ENV = { HTTPS_PROXY: `http://deploy:${encodeURIComponent(PROXY_PASSWORD)}@proxy.invalid:3128`, NO_PROXY: '127.0.0.1,localhost' }

/** How a field of an answer can carry a secret: as is, or URL-encoded. */
const SPELLINGS: Array<[string, (secret: string) => string]> = [
  ['raw', secret => secret],
  ['URL-encoded', secret => encodeURIComponent(secret)]
]

/**
 * The answers a service can echo a secret in: each field of an error body, a header, a page that is not JSON. Each
 * echo comes with the marker the run shows when it read that answer: from the same field where the action shows the
 * field, else the answer's code (the action never shows HostId, Recommend or headers).
 */
type Echo = (secret: string) => { status: number; headers?: Record<string, string>; body: unknown }
const ERROR_FIELDS: Array<[string, Echo, string]> = [
  ['Code', secret => ({ status: 400, body: { Code: `Invalid.MarkCode.${secret}`, Message: 'bad', RequestId: 'R1' } }), 'Invalid.MarkCode.'],
  ['Message', secret => ({ status: 400, body: { Code: 'InvalidParameter', Message: `MarkMessage ${secret} is wrong`, RequestId: 'R1' } }), 'MarkMessage'],
  ['RequestId', secret => ({ status: 400, body: { Code: 'InvalidParameter', Message: 'bad', RequestId: `MarkRequest-${secret}` } }), 'MarkRequest-'],
  ['HostId', secret => ({ status: 400, body: { Code: 'InvalidParameter.MarkHost', Message: 'bad', RequestId: 'R1', HostId: secret } }), 'InvalidParameter.MarkHost'],
  ['Recommend', secret => ({ status: 400, body: { Code: 'InvalidParameter.MarkRecommend', Message: 'bad', RequestId: 'R1', Recommend: `https://next.api.aliyun.com?q=${secret}` } }), 'InvalidParameter.MarkRecommend'],
  ['a header', secret => ({ status: 400, headers: { 'x-acs-echo': secret }, body: { Code: 'InvalidParameter.MarkHeader', Message: 'bad', RequestId: 'R1' } }), 'InvalidParameter.MarkHeader'],
  ['a non-JSON body', secret => ({ status: 502, headers: { 'content-type': 'text/html' }, body: `<html><body>MarkPage ${secret}</body></html>` }), 'MarkPage']
]

type RawFault = Extract<Fault, { kind: 'raw' }>

function rawFault(action: string, echo: ReturnType<Echo>, times = 1): RawFault {
  return { kind: 'raw', action, times, status: echo.status, headers: echo.headers, body: echo.body }
}

let eventPath: string
let emulator: Emulator
let github: GitHubFake
let tokens: OidcTokenServer
let hostile: HostileServer
let hostileAnswer: HostileAnswer = { status: 404, body: '{}' }

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sae-e2e-secrets-'))
  eventPath = path.join(dir, 'event.json')
  await writeFile(eventPath, json({ number: PR, pull_request: { number: PR }, repository: { name: REPO, owner: { login: OWNER } } }))
})
beforeEach(async () => {
  emulator = await startE2eEmulator()
  github = await startGitHubFake()
  tokens = await startOidcTokenServer({ requestToken: REQUEST_TOKEN })
  hostile = await startHostileServer(() => hostileAnswer)
})
afterEach(async () => {
  await Promise.all([emulator.close(), github.close(), tokens.close(), hostile.close()])
})

interface Written {
  run: ActionRun
  /** Everything the run wrote anywhere: log, stderr, outputs, summary, PR comments, the previous-config file. */
  all: string
}

async function run(options: { inputs?: Record<string, string>; env?: Record<string, string>; keyless?: boolean; tokenUrl?: string } = {}): Promise<Written> {
  const credentials: Record<string, string> = options.keyless
    ? { 'role-to-assume': ROLE, 'oidc-provider-arn': PROVIDER, 'sts-endpoint': emulator.url }
    : { 'access-key-id': KEYS.accessKeyId, 'access-key-secret': KEYS.accessKeySecret }
  const result = await runAction({
    files: { 'ingress.json': json(ingressFile()) },
    inputs: { 'ingress-file': 'ingress.json', endpoint: emulator.url, 'region-id': 'cn-hangzhou', timeout: '5', 'github-token': GITHUB_TOKEN, comment: 'true', ...credentials, ...options.inputs },
    env: {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '99',
      ...PROXY_ENV,
      ...(options.keyless ? { ACTIONS_ID_TOKEN_REQUEST_URL: options.tokenUrl ?? tokens.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN } : {}),
      ...options.env
    }
  })
  const comments = github.comments(OWNER, REPO, PR).map(comment => comment.body)
  const previous = result.outputs['previous-config'] ? readFileSync(result.outputs['previous-config'], 'utf8') : ''
  for (const text of [...comments, previous]) recordPrinted(text)
  return { run: result, all: [everythingPrinted(result), ...comments, previous].join('\n') }
}

/** None of the spellings of any of the secrets is in the text, as written or as it reads once rendered. */
function expectNoneOf(written: Written, secrets: readonly string[]): void {
  const read = asRead(written.all)
  for (const secret of secrets) {
    for (const [spelling, spell] of SPELLINGS) {
      expect({ spelling, leaked: written.all.includes(spell(secret)) || read.includes(spell(secret)) }).toEqual({ spelling, leaked: false })
    }
  }
}

/** The run read the echoing answer: its marker is in what the run wrote. */
function expectMarker(written: Written, marker: string): void {
  expect(written.all).toContain(marker)
}

describe('SAE echoes the access key secret', () => {
  describe.each(ERROR_FIELDS)('in %s', (_field, echo, marker) => {
    test.each(SPELLINGS)('%s', async (_spelling, spell) => {
      emulator.inject(rawFault('DescribeIngress', echo(spell(KEYS.accessKeySecret)), Infinity))
      const written = await run()
      expect(written.run.code).toBe(1)
      expectMarker(written, marker)
      expectNoneOf(written, [KEYS.accessKeySecret])
    })
  })

  describe.each(ERROR_FIELDS)('the security token of static STS keys, in %s', (_field, echo, marker) => {
    test.each(SPELLINGS)('%s', async (_spelling, spell) => {
      emulator.inject(rawFault('DescribeIngress', echo(spell(STS.securityToken)), Infinity))
      const written = await run({ inputs: { 'access-key-id': STS.accessKeyId, 'access-key-secret': STS.accessKeySecret, 'security-token': STS.securityToken } })
      expect(written.run.code).toBe(1)
      expect(emulator.requests.some(r => r.action === 'DescribeIngress' && r.headers['x-acs-security-token'] === STS.securityToken)).toBe(true)
      expectMarker(written, marker)
      expectNoneOf(written, [STS.securityToken, STS.accessKeySecret])
    })
  })

  test.each(SPELLINGS)('in the RequestId of a successful write (%s), which reaches the outputs, the summary and the comment', async (_spelling, spell) => {
    emulator.inject({ kind: 'raw', action: 'UpdateIngress', body: { RequestId: `MarkOk-${spell(KEYS.accessKeySecret)}`, Code: '200', Success: true, Data: { IngressId: INGRESS_ID } } })
    const written = await run({ inputs: { wait: 'false' } })
    expect(written.run.code).toBe(0)
    expectMarker(written, 'MarkOk-')
    expectNoneOf(written, [KEYS.accessKeySecret])
  })

  test.each(SPELLINGS)('in a live value (%s), which reaches the plan, the diff, the comment and the previous-config file', async (_spelling, spell) => {
    emulator.setIngress({ ...seedIngresses()[0]!, Description: `prod ${spell(KEYS.accessKeySecret)}` })
    const written = await run()
    expect(written.run.code).toBe(0)
    expect(written.run.outputs['previous-config']).toBeDefined()
    expect(written.run.outputs.diff).toContain('~ Description: prod *** → web-prod')
    expectNoneOf(written, [KEYS.accessKeySecret])
  })

  test('the proxy password too (from HTTPS_PROXY)', async () => {
    emulator.inject(rawFault('DescribeIngress', ERROR_FIELDS[1]![1](PROXY_PASSWORD), Infinity))
    const written = await run()
    expect(written.run.code).toBe(1)
    expectNoneOf(written, [PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD)])
  })
})

describe('keyless runs', () => {
  const jwt = () => tokens.requests.at(-1)?.token ?? 'no token was handed out'

  describe.each(ERROR_FIELDS)('STS echoes the OIDC token in %s', (_field, echo, marker) => {
    test.each(SPELLINGS)('%s', async (_spelling, spell) => {
      const fault = rawFault('AssumeRoleWithOIDC', echo('JWT'), Infinity)
      emulator.inject({ ...fault, body: () => JSON.parse(JSON.stringify(fault.body ?? '').replace('JWT', spell(jwt()))) })
      const written = await run({ keyless: true })
      expect(written.run.code).toBe(1)
      expect(tokens.requests.at(-1)?.token).toBeDefined()
      expectMarker(written, marker)
      expectNoneOf(written, [jwt(), REQUEST_TOKEN])
    })
  })

  test.each(SPELLINGS)('STS echoes the OIDC token in the RequestId and Expiration of credentials it issues (%s)', async (_spelling, spell) => {
    recordSecrets([STS.accessKeySecret, STS.securityToken])
    emulator.inject({
      kind: 'raw',
      action: 'AssumeRoleWithOIDC',
      body: () => ({
        RequestId: `MarkSts-${spell(jwt())}`,
        Credentials: { AccessKeyId: STS.accessKeyId, AccessKeySecret: STS.accessKeySecret, SecurityToken: STS.securityToken, Expiration: `MarkUntil ${spell(jwt())}` }
      })
    })
    const written = await run({ keyless: true })
    expect(written.run.code).toBe(0)
    expect(written.run.stdout).toContain('MarkUntil')
    expectNoneOf(written, [jwt(), REQUEST_TOKEN, STS.accessKeySecret, STS.securityToken])
  })

  describe.each(ERROR_FIELDS)('SAE echoes the STS temporary secret and token in %s', (_field, echo, marker) => {
    test.each(SPELLINGS)('%s', async (_spelling, spell) => {
      recordSecrets([STS.accessKeySecret, STS.securityToken])
      emulator.inject({
        kind: 'raw',
        action: 'AssumeRoleWithOIDC',
        body: { RequestId: 'R-STS', Credentials: { AccessKeyId: STS.accessKeyId, AccessKeySecret: STS.accessKeySecret, SecurityToken: STS.securityToken, Expiration: '2099-01-01T00:00:00Z' } }
      })
      const both = echo(`${spell(STS.accessKeySecret)} and ${spell(STS.securityToken)}`)
      emulator.inject(rawFault('DescribeIngress', both, Infinity))
      const written = await run({ keyless: true })
      expect(written.run.code).toBe(1)
      expect(emulator.requests.some(r => r.action === 'DescribeIngress' && r.headers['x-acs-security-token'] === STS.securityToken)).toBe(true)
      expectMarker(written, marker)
      expectNoneOf(written, [STS.accessKeySecret, STS.securityToken, jwt()])
    })
  })

  describe.each<[string, (token: string) => HostileAnswer, string]>([
    ['its error message', token => ({ status: 401, body: JSON.stringify({ message: `MarkIdMessage ${token} is not valid` }) }), 'MarkIdMessage'],
    ['a non-JSON body', token => ({ status: 403, headers: { 'content-type': 'text/plain' }, body: `MarkIdPage ${token}` }), 'MarkIdPage'],
    ['a header', token => ({ status: 401, headers: { 'www-authenticate': `Bearer error="${token}"` }, body: '{"message":"MarkIdHeader"}' }), 'MarkIdHeader']
  ])('the ID-token service echoes the request token in %s', (_field, echo, marker) => {
    test.each(SPELLINGS)('%s', async (_spelling, spell) => {
      hostileAnswer = echo(spell(REQUEST_TOKEN))
      const written = await run({ keyless: true, tokenUrl: `${hostile.url}/idtoken?api-version=2.0` })
      expect(written.run.code).toBe(1)
      expect(hostile.requests.at(-1)?.headers.authorization).toBe(`Bearer ${REQUEST_TOKEN}`)
      expectMarker(written, marker)
      expectNoneOf(written, [REQUEST_TOKEN])
    })
  })
})

describe.each<[string, (token: string) => { status: number; body: unknown; headers?: Record<string, string> }, string]>([
  ['its error message', token => ({ status: 422, body: { message: `MarkGhMessage for ${token}` } }), 'MarkGhMessage'],
  ['its documentation URL', token => ({ status: 422, body: { message: 'MarkGhDocs', documentation_url: `https://docs.github.com/?t=${token}` } }), 'MarkGhDocs'],
  ['a non-JSON body', token => ({ status: 422, headers: { 'content-type': 'text/html' }, body: `<h1>MarkGhPage ${token}</h1>` }), 'HTTP 422']
])('the GitHub API echoes the token in %s', (_field, echo, marker) => {
  test.each(SPELLINGS)('%s', async (_spelling, spell) => {
    github.inject({ method: 'POST', ...echo(spell(GITHUB_TOKEN)) })
    const written = await run()
    expect(written.run.code).toBe(0)
    expect(written.run.annotations.some(a => a.level === 'warning' && a.message.startsWith('Could not comment on pull request #9'))).toBe(true)
    expectMarker(written, marker)
    expectNoneOf(written, [GITHUB_TOKEN])
  })
})

test('the ingress the run replaced is saved redacted (previous-config)', async () => {
  emulator.setIngress({ ...seedIngresses()[0]!, Description: KEYS.accessKeySecret })
  const written = await run()
  expect(written.run.code).toBe(0)
  const saved = JSON.parse(readFileSync(written.run.outputs['previous-config']!, 'utf8'))
  expect(saved).toMatchObject({ IngressId: INGRESS_ID, Description: '***' })
})

describe('placeholders cannot read secrets (wired into the loader and inputs)', () => {
  test('${ALIBABA_CLOUD_ACCESS_KEY_SECRET} in the file is a located error that says why; nothing is sent', async () => {
    const file = json(ingressFile({ Description: 'key ${ALIBABA_CLOUD_ACCESS_KEY_SECRET}' }))
    const result = await runAction({
      files: { 'ingress.json': file },
      inputs: { 'ingress-file': 'ingress.json', endpoint: emulator.url, 'region-id': 'cn-hangzhou', timeout: '5' },
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEYS.accessKeySecret }
    })
    expect(result.code).toBe(1)
    const line = file.split('\n').findIndex(text => text.includes('"Description"')) + 1
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', file: 'ingress.json', line, message: expect.stringMatching(/placeholder \$\{ALIBABA_CLOUD_ACCESS_KEY_SECRET\} is refused: .*looks like a credential/) })
    )
    expect(emulator.requests).toEqual([])
    expect(everythingPrinted(result)).not.toContain(KEYS.accessKeySecret)
  })

  test('${GITHUB_TOKEN} in health-check-url is refused, saying why', async () => {
    const written = await run({ inputs: { 'health-check-url': 'http://127.0.0.1:9/health?t=${GITHUB_TOKEN}' }, env: { GITHUB_TOKEN } })
    expect(written.run.code).toBe(1)
    expect(written.run.annotations.some(a => /\$\{GITHUB_TOKEN\} is refused/.test(a.message))).toBe(true)
    expectNoneOf(written, [GITHUB_TOKEN])
  })
})
