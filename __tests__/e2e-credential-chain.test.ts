// End to end: `credential-chain: true` has the action find its credentials as Alibaba Cloud's own tools do
// (@alicloud/credentials): here the aliyun CLI's ~/.aliyun/config.json in a temporary HOME, with no ALIBABA_CLOUD_*
// key variables. Without the input that file is never read and the run fails before sending anything. The ECS
// metadata endpoint (100.100.100.200) is never dialled when ALIBABA_CLOUD_ECS_METADATA_DISABLED=true: every run here
// records each connection it opens (a preload wrapping net.Socket#connect, which also refuses every destination but
// loopback at once, so nothing can leave the machine or hang). No secret of a profile reaches any output.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Emulator } from '../emulator/index.mjs'
import { expectCleanFailure, failureAnnotation, ingressFile, INGRESS_ID, json, KEYS, startE2eEmulator, STS } from './support/e2e.js'
import { runChecked as runAction } from './support/integrity.js'
import { everythingPrinted, recordSecrets, type ActionRun } from './support/run-action.js'

const METADATA = '100.100.100.200'
/**
 * @alicloud/credentials 2.4.7 ends its default chain with the credentials-URI provider even when
 * ALIBABA_CLOUD_CREDENTIALS_URI is unset: a chain that finds nothing in the places before it ends by requesting
 * https://undefined/ (a DNS lookup of "undefined", then a connection to whatever that resolves to). The preload
 * refuses it; it is the only connection a chain that finds nothing may attempt here.
 */
const URI_PROVIDER_PROBE = 'undefined:443'

/**
 * Loaded into the action's process with --require: logs the host:port of every connection it opens, and refuses at
 * once every one that is not to loopback (the metadata address above all), so that no run here depends on the
 * network, waits on a timeout, or sends anything off the machine.
 */
const PRELOAD = `
const net = require('node:net')
const fs = require('node:fs')
const connect = net.Socket.prototype.connect
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  const options = first !== null && typeof first === 'object' ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined }
  // http.Agent passes the request's own path along: a socket path only counts without a port.
  const local = options.port === undefined && typeof options.path === 'string'
  const host = String(options.host ?? 'localhost')
  fs.appendFileSync(process.env.CONNECTION_LOG, (local ? 'unix:' + options.path : host + ':' + options.port) + '\\n')
  if (!local && !LOOPBACK.has(host)) {
    const refused = Object.assign(new Error('connect ECONNREFUSED ' + host + ' (refused by the test)'), { code: 'ECONNREFUSED' })
    process.nextTick(() => this.destroy(refused))
    return this
  }
  return connect.apply(this, args)
}
`

/** A key the emulator does not know: a profile holding it cannot sign. */
const UNKNOWN = { accessKeyId: 'e2eUnknownKeyId5520', accessKeySecret: 'e2eUnknownSecret/Jm4+Rc6=Tq8' } as const

const profile = (name: string, keys: { accessKeyId: string; accessKeySecret: string }) => ({
  name,
  mode: 'AK',
  access_key_id: keys.accessKeyId,
  access_key_secret: keys.accessKeySecret,
  region_id: 'cn-hangzhou'
})
const stsProfile = (name: string) => ({
  name,
  mode: 'StsToken',
  access_key_id: STS.accessKeyId,
  access_key_secret: STS.accessKeySecret,
  sts_token: STS.securityToken,
  region_id: 'cn-hangzhou'
})

/** Every secret these runs could learn from a profile: none is in a run's environment, so the ledger is told. */
const PROFILE_SECRETS = [KEYS.accessKeySecret, STS.accessKeySecret, STS.securityToken, UNKNOWN.accessKeySecret]

let root: string
let preload: string
let emulator: Emulator
/** How many of the emulator's requests came before the current run of a test that runs the action twice. */
let seen = 0
/** The requests since the last forget(): those of the run under test. */
const requests = () => emulator.requests.slice(seen)
const forget = (): void => {
  seen = emulator.requests.length
}
let runs = 0

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'sae-credential-chain-'))
  preload = path.join(root, 'connection-log.cjs')
  writeFileSync(preload, PRELOAD)
  recordSecrets(PROFILE_SECRETS)
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

beforeEach(async () => {
  seen = 0
  emulator = await startE2eEmulator()
})

afterEach(async () => {
  await emulator.close()
})

interface ChainRun {
  run: ActionRun
  /** host:port of every connection the action's process opened, in order. */
  connections: string[]
}

/**
 * Runs the action with HOME (and USERPROFILE) a fresh directory holding `config` as ~/.aliyun/config.json (an object
 * as JSON, a string as written; none when undefined), no ALIBABA_CLOUD_* key variables, the metadata endpoint off.
 */
async function deploy(options: { config?: unknown; inputs?: Record<string, string>; env?: Record<string, string> } = {}): Promise<ChainRun> {
  const home = path.join(root, `home-${++runs}`)
  mkdirSync(home)
  if (options.config !== undefined) {
    mkdirSync(path.join(home, '.aliyun'))
    writeFileSync(path.join(home, '.aliyun', 'config.json'), typeof options.config === 'string' ? options.config : JSON.stringify(options.config, null, 2))
  }
  const log = path.join(root, `connections-${runs}.log`)
  const run = await runAction({
    inputs: { 'ingress-file': 'ingress.json', endpoint: emulator.url, 'region-id': 'cn-hangzhou', timeout: '30', 'credential-chain': 'true', ...options.inputs },
    files: { 'ingress.json': json(ingressFile()) },
    env: {
      HOME: home,
      USERPROFILE: home,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      NODE_OPTIONS: `--require ${preload}`,
      CONNECTION_LOG: log,
      ...options.env
    }
  })
  // Whatever else happened, no secret of any profile was printed as it is (the suite's ledger checks every spelling).
  const printed = everythingPrinted(run)
  for (const secret of PROFILE_SECRETS) expect(printed).not.toContain(secret)
  const connections = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []
  return { run, connections }
}

const emulatorHost = (): string => `127.0.0.1:${emulator.port}`
const actions = (): Array<string | undefined> => requests().map(request => request.action)
/** The AccessKey ID each request was signed with. */
const signers = (): Array<string | undefined> => requests().map(request => /^acs ([^:\s]+):/.exec(request.headers.authorization ?? '')?.[1])
const domains = (): string[] => (emulator.getIngress(INGRESS_ID)?.Rules ?? []).map(rule => rule.Domain)

describe('credential-chain: true with ~/.aliyun/config.json', () => {
  test('the current AK profile signs every call and the update succeeds; its secret is masked and never printed', async () => {
    const { run, connections } = await deploy({ config: { current: 'default', profiles: [profile('default', KEYS)] } })

    expect(run.code).toBe(0)
    expect(actions()).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
    expect(signers()).toEqual([KEYS.accessKeyId, KEYS.accessKeyId, KEYS.accessKeyId])
    expect(requests().every(request => request.status === 200)).toBe(true)
    expect(domains()).toEqual(['www.example.com', 'api.example.com'])
    expect(run.outputs).toMatchObject({ 'ingress-id': String(INGRESS_ID), changed: 'true' })
    expect(run.stdout).toMatch(/credentials from the credential chain \([^)]*cli_profile[^)]*\)/)
    // The runner is told to mask what the chain found, so no later line of the job shows it either.
    expect(run.stdout).toContain(`::add-mask::${KEYS.accessKeySecret}`)
    // Its only connections were to the emulator.
    expect(new Set(connections)).toEqual(new Set([emulatorHost()]))
  })

  test('without the input the same HOME is never looked at: a "No credentials" error, and nothing is sent', async () => {
    const { run, connections } = await deploy({
      config: { current: 'default', profiles: [profile('default', KEYS)] },
      inputs: { 'credential-chain': 'false' }
    })

    expectCleanFailure(run)
    const message = failureAnnotation(run)
    expect(message).toMatch(/^No credentials: /)
    expect(message).toContain('credential-chain')
    expect(requests()).toEqual([])
    expect(connections).toEqual([])
    expect(domains()).toEqual(['www.example.com', 'old.example.com'])
  })

  test('ALIBABA_CLOUD_PROFILE picks a profile that is not the current one', async () => {
    const config = { current: 'default', profiles: [profile('default', UNKNOWN), profile('deploy', KEYS)] }

    const current = await deploy({ config })
    // The current profile's key is unknown to the service: the run fails on its first call, and writes nothing.
    expectCleanFailure(current.run)
    expect(signers()).toEqual([UNKNOWN.accessKeyId])
    expect(actions()).toEqual(['DescribeIngress'])

    forget()
    const picked = await deploy({ config, env: { ALIBABA_CLOUD_PROFILE: 'deploy' } })

    expect(picked.run.code).toBe(0)
    expect(signers()).toEqual([KEYS.accessKeyId, KEYS.accessKeyId, KEYS.accessKeyId])
    expect(domains()).toEqual(['www.example.com', 'api.example.com'])
  })

  test('a StsToken profile: every call carries its security token, and the update succeeds', async () => {
    // The emulator knows STS's key with its token (startE2eEmulator): a call without the token is refused.
    const { run } = await deploy({ config: { current: 'temporary', profiles: [profile('default', UNKNOWN), stsProfile('temporary')] } })

    expect(run.code).toBe(0)
    expect(signers()).toEqual([STS.accessKeyId, STS.accessKeyId, STS.accessKeyId])
    expect(requests().map(request => request.headers['x-acs-security-token'])).toEqual([STS.securityToken, STS.securityToken, STS.securityToken])
    expect(domains()).toEqual(['www.example.com', 'api.example.com'])
    // As the runner's command carries it: % escaped as %25.
    expect(run.stdout).toContain(`::add-mask::${STS.securityToken.replace(/%/g, '%25')}`)
  })

  test('a config.json that is not JSON: the chain finds nothing, and the secrets the library would echo are not printed', async () => {
    const broken = `{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"${KEYS.accessKeyId}","access_key_secret":"${KEYS.accessKeySecret}"}`
    const { run, connections } = await deploy({ config: broken })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(/^No credentials found\. Looked in: /)
    expect(requests()).toEqual([])
    expect(connections.filter(where => where !== URI_PROVIDER_PROBE)).toEqual([])
  })
})

describe('credential-chain: true with nothing to find', () => {
  test('fails before any request with an error naming where it looked; the metadata endpoint is never dialled', async () => {
    const { run, connections } = await deploy()

    expectCleanFailure(run)
    const message = failureAnnotation(run)
    expect(message).toMatch(/^No credentials found\. Looked in: /)
    for (const where of ['ALIBABA_CLOUD_ACCESS_KEY_ID', '~/.aliyun/config.json', '~/.alibabacloud/credentials', 'ECS instance RAM role', 'ALIBABA_CLOUD_ECS_METADATA_DISABLED']) {
      expect(message).toContain(where)
    }
    expect(requests()).toEqual([])
    expect(connections).not.toContain(`${METADATA}:80`)
    expect(connections.filter(where => where !== URI_PROVIDER_PROBE)).toEqual([])
  })

  test('the connection log would show a probe: without ALIBABA_CLOUD_ECS_METADATA_DISABLED the chain dials the metadata address', async () => {
    // The control for the test above: the same run with the metadata endpoint left on. The preload refuses the
    // connection at once, so the run still fails (nothing to find) without anything leaving the machine.
    const { run, connections } = await deploy({ env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: '' } })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(/^No credentials found\. /)
    expect(connections).toContain(`${METADATA}:80`)
    expect(requests()).toEqual([])
  })
})
