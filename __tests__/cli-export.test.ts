// End to end: `sae-ingress export`, the built CLI against the loopback emulator. The contract is the round trip:
// export, then plan the exported file against the ingress it came from, finds no changes, for every shape
// DescribeIngress can return; and the exported file is one a person commits: valid, in the format's key order, with
// nothing the service derives and no default the format leaves out, with warnings for what it cannot hold.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { rewriteAction, startEmulator, type Emulator, type LiveIngress } from '../emulator/index.mjs'
import { API_APP, envKeys, KEYS, LIVE_LISTENER, WEB_APP } from './support/e2e.js'
import { NODE_WARNING, runCli, type CliOptions, type CliRun } from './support/run-cli.js'

const SCHEMA = 'https://raw.githubusercontent.com/sae-ingress/sae-ingress-action/v1/schema/ingress.schema.json'
const NAMESPACE = LIVE_LISTENER.NamespaceId
const base = { ...LIVE_LISTENER, LoadBalanceType: 'clb' }

/** One ingress per shape DescribeIngress can return, by id. */
const SHAPES: Record<string, LiveIngress> = {
  'HTTPS with CertIds, CORS as strings, a DefaultRule with its protocol, rules with rewritePath and backendProtocol': {
    ...base,
    Id: 201,
    Name: 'lb-emulator0000000000000-443-aa01',
    Description: 'shop-prod',
    ListenerPort: 443,
    ListenerProtocol: 'HTTPS',
    CertIds: '1234567-cn-hangzhou, 7654321-cn-hangzhou',
    SecurityPolicyId: 'tls_cipher_policy_1_2',
    RequestTimeout: 45,
    IdleTimeout: 20,
    EnableGzip: true,
    EnableXForwardedFor: true,
    EnableXForwardedForProto: false,
    CorsConfig: { Enable: 'true', AllowOrigin: 'https://shop.example.com', AllowMethods: 'GET,POST', AllowHeaders: 'X-Trace', ExposeHeaders: 'X-Id', AllowCredentials: 'on', MaxAge: '600' },
    DefaultRule: { AppId: WEB_APP, AppName: 'web', ContainerPort: 8443, BackendProtocol: 'https' },
    Rules: [
      { AppId: WEB_APP, AppName: 'web', ContainerPort: 8080, Domain: 'Shop.Example.com', Path: '/', BackendProtocol: 'grpc' },
      { AppId: API_APP, AppName: 'api', ContainerPort: 9090, Domain: 'api.example.com', Path: '/v2', BackendProtocol: 'http', RewritePath: '/${1}', RuleActions: [rewriteAction('/${1}')] },
      { AppId: API_APP, AppName: 'api', ContainerPort: 9090, Domain: 'api.example.com', Path: '/v1', RewritePath: '/legacy' }
    ]
  },
  'HTTPS with one CertId': {
    ...base,
    Id: 202,
    Description: 'admin',
    ListenerPort: 8443,
    ListenerProtocol: 'HTTPS',
    CertId: '1234567-cn-hangzhou',
    DefaultRule: { AppId: WEB_APP, ContainerPort: 8080 },
    Rules: []
  },
  'rules carrying RuleActions the file cannot express': {
    ...base,
    Id: 203,
    Description: 'redirects',
    Rules: [
      { AppId: WEB_APP, ContainerPort: 8080, Domain: 'old.example.com', Path: '/', RuleActions: [{ ActionType: 'redirect', ActionConfig: '{"host":"new.example.com"}' }, { ActionType: 'fixedResponse' }] },
      { AppId: WEB_APP, ContainerPort: 8080, Domain: 'new.example.com', Path: '/' }
    ]
  },
  'a Description holding ${SOMETHING} and $${ESCAPED} text': {
    ...base,
    Id: 204,
    Description: 'costs ${SOMETHING} and $${ESCAPED}, ${1}',
    DefaultRule: { AppId: WEB_APP, ContainerPort: 8080 }
  },
  'a Description holding a terminal control and bidi and zero-width characters': {
    ...base,
    Id: 206,
    Description: 'ops \u009b2J \u202eevil\u202c\u200b 👍\ufe0f',
    DefaultRule: { AppId: WEB_APP, ContainerPort: 8080 }
  },
  'CORS switched off, no rules, no DefaultRule': {
    ...base,
    Id: 205,
    CorsConfig: { Enable: 'false', AllowOrigin: '', AllowMethods: '', AllowHeaders: '', ExposeHeaders: '', AllowCredentials: 'off', MaxAge: '' },
    Rules: []
  }
}

let emulator: Emulator

beforeEach(async () => {
  emulator = await startEmulator({ credentials: [{ accessKeyId: KEYS.accessKeyId, accessKeySecret: KEYS.accessKeySecret }], ingresses: Object.values(SHAPES) })
})

afterEach(async () => {
  await emulator.close()
})

const actions = (): Array<string | undefined> => emulator.requests.map(request => request.action)

/** `sae-ingress <args> --endpoint <emulator>`, with the keys; SOMETHING is set, so an unescaped ${SOMETHING} would be filled. */
function cli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return runCli([...args, '--endpoint', emulator.url], { ...options, env: { ...envKeys(), SOMETHING: 'filled-in', ESCAPED: 'filled-in', ...options.env } })
}

/** Exports ingress `id`, then plans and validates the exported file in the same directory. */
async function roundTrip(select: string[]): Promise<{ exported: CliRun; planned: CliRun; validated: CliRun; file: Record<string, unknown> }> {
  const exported = await cli(['export', ...select])
  const files = { 'exported.json': exported.stdout }
  const planned = await cli(['plan', 'exported.json', ...(select[0] === '--ingress-id' ? [] : select)], { files })
  const validated = await runCli(['validate', 'exported.json'], { files, reuse: planned })
  return { exported, planned, validated, file: JSON.parse(exported.stdout) as Record<string, unknown> }
}

test.each(Object.entries(SHAPES))('the round trip: export then plan is "no changes" — %s', async (_shape, live) => {
  const { exported, planned, validated } = await roundTrip(['--ingress-id', String(live.Id)])

  expect(exported.code).toBe(0)
  expect(planned.stderr).toBe('')
  expect([planned.code, planned.stdout]).toEqual([0, 'no changes\n'])
  expect(validated.code).toBe(0)
  for (const run of [exported, planned, validated]) expect(run.stderr).not.toMatch(NODE_WARNING)
  expect(actions()).toEqual(['DescribeIngress', 'DescribeIngress'])
})

test('the file: $schema first, IngressId, the format\'s keys in its order, nothing derived, no default left out, rules in live order', async () => {
  const { exported, file } = await roundTrip(['--ingress-id', '201'])

  expect(exported.stdout).toBe(JSON.stringify(file, null, 2) + '\n')
  expect(Object.keys(file)).toEqual(['$schema', 'IngressId', 'Description', 'ListenerPort', 'ListenerProtocol', 'CertIds', 'DefaultRule', 'Rules', 'RequestTimeout', 'IdleTimeout', 'SecurityPolicyId', 'CorsConfig', 'EnableGzip', 'EnableXForwardedFor'])
  expect(file).toEqual({
    $schema: SCHEMA,
    IngressId: 201,
    Description: 'shop-prod',
    ListenerPort: 443,
    ListenerProtocol: 'HTTPS',
    CertIds: ['1234567-cn-hangzhou', '7654321-cn-hangzhou'],
    DefaultRule: { appId: WEB_APP, containerPort: 8443, backendProtocol: 'https' },
    Rules: [
      { appId: WEB_APP, containerPort: 8080, domain: 'Shop.Example.com', path: '/', backendProtocol: 'grpc' },
      { appId: API_APP, containerPort: 9090, domain: 'api.example.com', path: '/v2', rewritePath: '/${1}' },
      { appId: API_APP, containerPort: 9090, domain: 'api.example.com', path: '/v1', rewritePath: '/legacy' }
    ],
    RequestTimeout: 45,
    IdleTimeout: 20,
    SecurityPolicyId: 'tls_cipher_policy_1_2',
    CorsConfig: { Enable: true, AllowOrigin: 'https://shop.example.com', AllowMethods: 'GET,POST', AllowHeaders: 'X-Trace', ExposeHeaders: 'X-Id', AllowCredentials: 'on', MaxAge: 600 },
    EnableGzip: true,
    EnableXForwardedFor: true
  })
  const rules = file.Rules as Array<Record<string, unknown>>
  expect(rules.map(rule => Object.keys(rule))).toEqual([
    ['appId', 'containerPort', 'domain', 'path', 'backendProtocol'],
    ['appId', 'containerPort', 'domain', 'path', 'rewritePath'],
    ['appId', 'containerPort', 'domain', 'path', 'rewritePath']
  ])
  expect(exported.stdout).not.toMatch(/AppName|"Name"|SlbId|NamespaceId|LoadBalanceType|"http"|false/)
  expect(exported.stderr).toBe('Exported ingress 201: 3 rule(s).\n')
})

test('chosen by name: the file holds no IngressId, and the plan by the same name finds no changes', async () => {
  const { exported, planned, file } = await roundTrip(['--namespace-id', NAMESPACE, '--ingress-name', 'shop-prod'])

  expect(exported.code).toBe(0)
  expect(Object.keys(file).slice(0, 2)).toEqual(['$schema', 'Description'])
  expect([planned.code, planned.stdout]).toEqual([0, 'no changes\n'])
  const described = emulator.requests.filter(request => request.action === 'DescribeIngress').map(request => request.params.IngressId)
  expect(described).toEqual(['201', '201'])
})

test('RuleActions the file cannot hold are warned about on stderr, naming the rule and the actions; a rewrite its rewritePath makes is not', async () => {
  const redirects = await cli(['export', '--ingress-id', '203'])
  const rewrites = await cli(['export', '--ingress-id', '201'])

  expect(redirects.code).toBe(0)
  expect(redirects.stderr).toMatch(/^warning: rule old\.example\.com\/ has RuleActions \(redirect, fixedResponse\) that an ingress file cannot hold/m)
  expect(redirects.stderr.match(/^warning:/gm)).toHaveLength(1)
  expect(JSON.parse(redirects.stdout).Rules).toEqual([
    { appId: WEB_APP, containerPort: 8080, domain: 'old.example.com', path: '/' },
    { appId: WEB_APP, containerPort: 8080, domain: 'new.example.com', path: '/' }
  ])
  expect(rewrites.stderr).not.toContain('warning')
})

test('text that reads like a placeholder is written escaped, so it stays that text when the file is loaded', async () => {
  const { file, planned } = await roundTrip(['--ingress-id', '204'])

  expect(file.Description).toBe('costs $${SOMETHING} and $$${ESCAPED}, ${1}')
  expect(planned.stdout).toBe('no changes\n')
})

test('characters that act on a terminal or hide in a review are written as \\u escapes: the same text, none of them raw', async () => {
  const { exported, file } = await roundTrip(['--ingress-id', '206'])

  expect(file.Description).toBe(SHAPES['a Description holding a terminal control and bidi and zero-width characters']!.Description)
  expect(exported.stdout).toContain('"Description": "ops \\u009b2J \\u202eevil\\u202c\\u200b 👍\ufe0f",')
  expect(exported.stdout).not.toMatch(/[\u009b\u202e\u202c\u200b]/)
})

test('--output writes the file and says so on stderr, stdout stays empty; an existing file is never overwritten', async () => {
  const first = await cli(['export', '--ingress-id', '202', '--output', 'adopted.json'])
  const written = await readFile(path.join(first.cwd, 'adopted.json'), 'utf8')
  const second = await cli(['export', '--ingress-id', '201', '--output', 'adopted.json'], { reuse: first })

  expect(first.code).toBe(0)
  expect(first.stdout).toBe('')
  expect(first.stderr).toBe('Exported ingress 202: 0 rule(s).\nWrote adopted.json.\n')
  expect(JSON.parse(written)).toMatchObject({ $schema: SCHEMA, IngressId: 202, CertId: '1234567-cn-hangzhou' })
  expect(second.code).toBe(1)
  expect(second.stderr).toContain('error: --output adopted.json exists already; choose another file or remove it.')
  expect(await readFile(path.join(first.cwd, 'adopted.json'), 'utf8')).toBe(written)
})

test('export needs an ingress: no id and no name is an error before any request', async () => {
  const run = await cli(['export'])

  expect(run.code).toBe(1)
  expect(run.stderr).toContain('error: No ingress: set --ingress-id, or --namespace-id and --ingress-name.')
  expect(emulator.requests).toEqual([])
})
