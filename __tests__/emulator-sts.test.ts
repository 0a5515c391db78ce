// Keyless flow: GitHub ID token (runner token service fake, fetched with the real @actions/core)
// -> STS AssumeRoleWithOIDC (real pop-core RPCClient, anonymous) -> signed SAE calls that must
// carry the issued SecurityToken. And the AccessKey flow: AssumeRole signed by the real pop-core
// RPCClient and by the real @alicloud/credentials (a RamRoleArn CLI profile, over TLS, in a child
// process) -> signed SAE calls with the issued credentials.
import { execFile } from 'node:child_process'
import http from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import querystring from 'node:querystring'
import { fileURLToPath } from 'node:url'
import { getIDToken } from '@actions/core'
import ROAClient from '@alicloud/pop-core/lib/roa.js'
import RPCClient from '@alicloud/pop-core/lib/rpc.js'
import {
  createTestCa,
  makeGitHubIdToken,
  startEmulator,
  startOidcTokenServer,
  type Emulator,
  type EmulatorOptions,
  type RecordedRequest
} from '../emulator/index.mjs'

const ROLE_ARN = 'acs:ram::1234567890123456:role/sae-deployer'
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/github'
const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress'

interface AssumeRoleResult {
  RequestId: string
  Credentials: { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string }
  AssumedRoleUser: { Arn: string; AssumedRoleId: string }
  OIDCTokenInfo: { Issuer: string; Subject: string; ClientIds: string }
}
interface RpcError {
  code: string
  data: Record<string, unknown>
}
interface PopError {
  code: string
  statusCode: number
}

function sts(emu: Emulator): RPCClient {
  // Anonymous: an empty credentials provider makes pop-core send the request unsigned (notes 4.2).
  return new RPCClient({ endpoint: emu.url, apiVersion: '2015-04-01', credentialsProvider: { getCredentials: async () => ({}) } })
}

function assume(emu: Emulator, params: Record<string, unknown>): Promise<AssumeRoleResult> {
  return sts(emu).request<AssumeRoleResult>('AssumeRoleWithOIDC', params, { method: 'POST' })
}

function token(overrides: Partial<Parameters<typeof makeGitHubIdToken>[0]> = {}): string {
  return makeGitHubIdToken({
    subject: 'repo:octo/app:ref:refs/heads/main',
    audience: 'sts.aliyuncs.com',
    issuer: 'https://token.actions.githubusercontent.com',
    nowMs: Date.now(),
    expiresInSeconds: 300,
    ...overrides
  })
}

async function failure<E>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise
  } catch (err) {
    return err as E
  }
  throw new Error('expected the call to fail')
}

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  // @actions/core announces ::add-mask:: and ::debug:: on stdout; keep the test output readable.
  const write = process.stdout.write
  process.stdout.write = (() => true) as typeof process.stdout.write
  try {
    return await run()
  } finally {
    process.stdout.write = write
  }
}

async function withEmulator(options: EmulatorOptions, run: (emu: Emulator) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ ingresses: [{ Id: 87, NamespaceId: 'cn-hangzhou:demo' }], ...options })
  try {
    await run(emu)
  } finally {
    await emu.close()
  }
}

test('GitHub ID token -> AssumeRoleWithOIDC -> SAE calls with the issued credentials', async () => {
  const tokens = await startOidcTokenServer({ requestToken: 'runner-request-token', subject: 'repo:octo/app:ref:refs/heads/main' })
  const saved = { url: process.env['ACTIONS_ID_TOKEN_REQUEST_URL'], token: process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] }
  try {
    process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] = tokens.url
    process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = 'runner-request-token'
    const jwt = await quietly(() => getIDToken('sts.aliyuncs.com'))
    expect(tokens.requests).toHaveLength(1)
    expect(tokens.requests[0]).toMatchObject({ audience: 'sts.aliyuncs.com', status: 200, headers: { authorization: 'Bearer runner-request-token' } })

    await withEmulator({ sts: { roleArns: [ROLE_ARN], oidcProviderArns: [PROVIDER_ARN] } }, async (emu) => {
      const result = await assume(emu, { RoleArn: ROLE_ARN, OIDCProviderArn: PROVIDER_ARN, OIDCToken: jwt, RoleSessionName: 'github-actions', DurationSeconds: 900 })
      expect(result.Credentials.AccessKeyId).toMatch(/^STS\.[A-Za-z0-9]+$/)
      expect(result.Credentials.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      expect(Date.parse(result.Credentials.Expiration) - Date.now()).toBeGreaterThan(890_000)
      expect(result.AssumedRoleUser.Arn).toBe(`${ROLE_ARN}/github-actions`)
      expect(result.AssumedRoleUser.AssumedRoleId).toMatch(/^\d+:github-actions$/)
      expect(result.OIDCTokenInfo).toMatchObject({ Issuer: 'https://token.actions.githubusercontent.com', Subject: 'repo:octo/app:ref:refs/heads/main', ClientIds: 'sts.aliyuncs.com' })

      const stsRequest = emu.requests[0]
      expect(stsRequest).toMatchObject({ method: 'POST', path: '/', action: 'AssumeRoleWithOIDC', status: 200 })
      expect(stsRequest?.params).toMatchObject({ Version: '2015-04-01', Format: 'JSON', OIDCToken: jwt })
      expect(stsRequest?.params).not.toHaveProperty('Signature')
      expect(stsRequest?.params).not.toHaveProperty('AccessKeyId')

      const { AccessKeyId, AccessKeySecret, SecurityToken } = result.Credentials
      const sae = new ROAClient({ endpoint: emu.url, apiVersion: '2019-05-06', accessKeyId: AccessKeyId, accessKeySecret: AccessKeySecret, securityToken: SecurityToken })
      await sae.put(INGRESS_PATH, { IngressId: '87', Description: 'via sts' }, '')
      expect(emu.getIngress(87)?.Description).toBe('via sts')

      const withoutToken = new ROAClient({ endpoint: emu.url, apiVersion: '2019-05-06', accessKeyId: AccessKeyId, accessKeySecret: AccessKeySecret })
      expect((await failure<PopError>(withoutToken.get(INGRESS_PATH, { IngressId: '87' }))).code).toBe('MissingSecurityToken')
    })
  } finally {
    process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] = saved.url
    process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = saved.token
    if (saved.url === undefined) delete process.env['ACTIONS_ID_TOKEN_REQUEST_URL']
    if (saved.token === undefined) delete process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']
    await tokens.close()
  }
})

test('issued credentials stop working at Expiration', async () => {
  const real = Date.now()
  let clock = real - 10 * 60_000
  await withEmulator({ now: () => clock }, async (emu) => {
    const result = await assume(emu, { RoleArn: ROLE_ARN, OIDCProviderArn: PROVIDER_ARN, OIDCToken: token(), RoleSessionName: 'ci', DurationSeconds: 900 })
    const { AccessKeyId, AccessKeySecret, SecurityToken } = result.Credentials
    const sae = new ROAClient({ endpoint: emu.url, apiVersion: '2019-05-06', accessKeyId: AccessKeyId, accessKeySecret: AccessKeySecret, securityToken: SecurityToken })
    clock = real // 10 minutes after issue: still valid, and within the Date skew
    await expect(sae.get(INGRESS_PATH, { IngressId: '87' })).resolves.toMatchObject({ Success: true })
    clock = real + 6 * 60_000 // 16 minutes after issue
    const err = await failure<PopError>(sae.get(INGRESS_PATH, { IngressId: '87' }))
    expect([err.statusCode, err.code]).toEqual([400, 'InvalidSecurityToken.Expired'])
  })
})

describe('AssumeRoleWithOIDC rejections', () => {
  const valid = () => ({ RoleArn: ROLE_ARN, OIDCProviderArn: PROVIDER_ARN, OIDCToken: token(), RoleSessionName: 'ci' })
  test.each<[string, () => Record<string, unknown>, number, string]>([
    ['missing OIDCToken', () => ({ RoleArn: ROLE_ARN, OIDCProviderArn: PROVIDER_ARN }), 400, 'MissingParameter.OIDCToken'],
    ['malformed RoleArn', () => ({ ...valid(), RoleArn: 'arn:aws:iam::1:role/x' }), 400, 'InvalidParameter.RoleArn'],
    ['malformed OIDCProviderArn', () => ({ ...valid(), OIDCProviderArn: 'acs:ram::1:role/x' }), 400, 'InvalidParameter.OIDCProviderArn'],
    ['a 1-character RoleSessionName', () => ({ ...valid(), RoleSessionName: 'a' }), 400, 'InvalidParameter.RoleSessionName'],
    ['a RoleSessionName with a space', () => ({ ...valid(), RoleSessionName: 'git hub' }), 400, 'InvalidParameter.RoleSessionName'],
    ['DurationSeconds below 900', () => ({ ...valid(), DurationSeconds: 899 }), 400, 'InvalidParameter.DurationSeconds'],
    ['DurationSeconds above the role maximum', () => ({ ...valid(), DurationSeconds: 3601 }), 400, 'InvalidParameter.DurationSeconds'],
    ['an unknown role', () => ({ ...valid(), RoleArn: 'acs:ram::1234567890123456:role/other' }), 404, 'EntityNotExist.Role'],
    ['an unregistered provider', () => ({ ...valid(), OIDCProviderArn: 'acs:ram::1234567890123456:oidc-provider/gitlab' }), 403, 'AuthenticationFail.NoPermission'],
    ['a token that is not a JWT', () => ({ ...valid(), OIDCToken: 'abc.def' }), 401, 'AuthenticationFail.OIDCToken.Invalid'],
    ['an expired token', () => ({ ...valid(), OIDCToken: token({ expiresInSeconds: -1 }) }), 401, 'AuthenticationFail.OIDCToken.Expired'],
    ['another audience', () => ({ ...valid(), OIDCToken: token({ audience: 'https://github.com/octo' }) }), 401, 'AuthenticationFail.OIDCToken.AudienceNotMatch'],
    ['another issuer', () => ({ ...valid(), OIDCToken: token({ issuer: 'https://gitlab.com' }) }), 401, 'AuthenticationFail.OIDCToken.IssuerNotMatch']
  ])('%s', async (_name, params, status, code) => {
    await withEmulator(
      { sts: { roleArns: [ROLE_ARN, 'acs:ram::999:role/elsewhere'], oidcProviderArns: [PROVIDER_ARN, 'acs:ram::999:oidc-provider/github'] } },
      async (emu) => {
        const err = await failure<RpcError>(assume(emu, params()))
        expect(err.code).toBe(code)
        expect(err.data).toEqual({
          RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
          HostId: 'sts.aliyuncs.com',
          Code: code,
          Message: expect.any(String),
          Recommend: expect.stringContaining(`q=${code}`)
        })
        expect(emu.requests[0]?.status).toBe(status)
      }
    )
  })

  test('a role cannot trust a provider of another account', async () => {
    await withEmulator({}, async (emu) => {
      const err = await failure<RpcError>(assume(emu, { ...valid(), RoleArn: 'acs:ram::999:role/elsewhere' }))
      expect(err.code).toBe('AuthenticationFail.NoPermission')
    })
  })

  test('faults apply to STS too, in the RPC error shape', async () => {
    await withEmulator({}, async (emu) => {
      emu.inject({ kind: 'throttle', action: 'AssumeRoleWithOIDC' })
      const err = await failure<RpcError>(assume(emu, valid()))
      expect(err.code).toBe('Throttling.User')
      expect(err.data['HostId']).toBe('sts.aliyuncs.com')
      await expect(assume(emu, valid())).resolves.toHaveProperty('Credentials.SecurityToken')
    })
  })

  test('other RPC actions are unknown', async () => {
    await withEmulator({}, async (emu) => {
      const err = await failure<RpcError>(sts(emu).request('AssumeRoleWithSAML', { RoleArn: ROLE_ARN }, { method: 'POST' }))
      expect(err.code).toBe('InvalidAction.NotFound')
    })
  })
})

// ---- AssumeRole: RPC signature v1, signed with an AccessKey ----

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const KEY = { accessKeyId: 'deployerKeyId', accessKeySecret: 'deployerKeySecret' }
const TOKEN_KEY = { accessKeyId: 'tokenKeyId', accessKeySecret: 'tokenKeySecret', securityToken: 'token-abc' }
type Key = { accessKeyId: string; accessKeySecret: string; securityToken?: string }

interface AssumeRoleAnswer {
  RequestId: string
  AssumedRoleUser: { Arn: string; AssumedRoleId: string }
  Credentials: { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string }
}

function assumeRole(emu: Emulator, params: Record<string, unknown>, key: Key = KEY): Promise<AssumeRoleAnswer> {
  const client = new RPCClient({ endpoint: emu.url, apiVersion: '2015-04-01', ...key })
  return client.request<AssumeRoleAnswer>('AssumeRole', params, { method: 'POST' })
}

function saeWith(emu: Emulator, credentials: AssumeRoleAnswer['Credentials'], opts?: Record<string, unknown>): ROAClient {
  const { AccessKeyId, AccessKeySecret, SecurityToken } = credentials
  return new ROAClient({ endpoint: emu.url, apiVersion: '2019-05-06', accessKeyId: AccessKeyId, accessKeySecret: AccessKeySecret, securityToken: SecurityToken, opts })
}

/** Sends a recorded request again, byte for byte (node:http, no client library in between). */
function replay(emu: Emulator, recorded: RecordedRequest): Promise<{ status: number; json: Record<string, unknown> }> {
  const query = querystring.stringify(recorded.query)
  const headers: Record<string, string> = { ...recorded.headers }
  delete headers['connection']
  return new Promise((resolve, reject) => {
    const target = { host: '127.0.0.1', port: emu.port, method: recorded.method, path: query ? `${recorded.path}?${query}` : recorded.path, headers, agent: false }
    const req = http.request(target, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }))
    })
    req.on('error', reject)
    req.end(recorded.body)
  })
}

describe('AssumeRole (signed with an AccessKey)', () => {
  const options: EmulatorOptions = { credentials: [KEY, TOKEN_KEY], sts: { roleArns: [ROLE_ARN] } }

  test('AccessKey -> AssumeRole -> the issued credentials sign a DescribeIngress the emulator accepts', async () => {
    await withEmulator(options, async (emu) => {
      const result = await assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'sae-ingress-cli', DurationSeconds: 900 })
      expect(Object.keys(result)).toEqual(['RequestId', 'AssumedRoleUser', 'Credentials'])
      expect(result.AssumedRoleUser).toEqual({ Arn: `${ROLE_ARN}/sae-ingress-cli`, AssumedRoleId: expect.stringMatching(/^\d+:sae-ingress-cli$/) })
      expect(result.Credentials.AccessKeyId).toMatch(/^STS\.[A-Za-z0-9]+$/)
      expect(result.Credentials.SecurityToken).toMatch(/^CAIS/)
      expect(Date.parse(result.Credentials.Expiration) - Date.now()).toBeGreaterThan(890_000)
      expect(emu.requests[0]).toMatchObject({ method: 'POST', path: '/', action: 'AssumeRole', status: 200 })
      expect(emu.requests[0]?.params).toMatchObject({ AccessKeyId: KEY.accessKeyId, SignatureMethod: 'HMAC-SHA1', Signature: expect.any(String) })

      await expect(saeWith(emu, result.Credentials).get(INGRESS_PATH, { IngressId: '87' })).resolves.toMatchObject({ Success: true, Data: { Id: 87 } })
      expect(emu.requests[1]).toMatchObject({ action: 'DescribeIngress', status: 200, headers: { 'x-acs-security-token': result.Credentials.SecurityToken } })
    })
  })

  test('a role can be assumed again with the STS credentials it issued (role chaining)', async () => {
    await withEmulator(options, async (emu) => {
      const first = await assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'first' })
      const { AccessKeyId, AccessKeySecret, SecurityToken } = first.Credentials
      const second = await assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'second' }, { accessKeyId: AccessKeyId, accessKeySecret: AccessKeySecret, securityToken: SecurityToken })
      expect(second.AssumedRoleUser.Arn).toBe(`${ROLE_ARN}/second`)
      expect(emu.requests[1]?.params['SecurityToken']).toBe(SecurityToken)
    })
  })

  test.each<[string, () => Key, number, string]>([
    ['a wrong secret', () => ({ ...KEY, accessKeySecret: 'not-the-secret' }), 400, 'SignatureDoesNotMatch'],
    ['an unknown AccessKeyId', () => ({ accessKeyId: 'nobodysKeyId', accessKeySecret: KEY.accessKeySecret }), 404, 'InvalidAccessKeyId.NotFound'],
    ['a SecurityToken that is not the key’s', () => ({ ...TOKEN_KEY, securityToken: 'token-xyz' }), 400, 'InvalidSecurityToken.Malformed'],
    ['no SecurityToken for a key that has one', () => ({ accessKeyId: TOKEN_KEY.accessKeyId, accessKeySecret: TOKEN_KEY.accessKeySecret }), 400, 'MissingSecurityToken'],
    ['a SecurityToken for a key that has none', () => ({ ...KEY, securityToken: 'token-abc' }), 400, 'InvalidSecurityToken.MismatchWithAccessKey']
  ])('%s is refused', async (_name, key, status, code) => {
    await withEmulator(options, async (emu) => {
      const err = await failure<RpcError>(assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'ci' }, key()))
      expect([emu.requests[0]?.status, err.code]).toEqual([status, code])
      expect(emu.requests).toHaveLength(1)
    })
  })

  test('SignatureDoesNotMatch echoes the server StringToSign: POST&%2F& and the encoded parameters', async () => {
    await withEmulator(options, async (emu) => {
      const err = await failure<RpcError>(assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'ci' }, { ...KEY, accessKeySecret: 'wrong' }))
      const message = String(err.data['Message'])
      expect(message).toMatch(/^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3DdeployerKeyId%26Action%3DAssumeRole%26/)
      expect(message).toContain(`RoleArn%3D${encodeURIComponent(encodeURIComponent(ROLE_ARN))}`)
    })
  })

  test.each<[string, Record<string, unknown>, number, string]>([
    ['missing RoleArn', { RoleSessionName: 'ci' }, 400, 'MissingParameter.RoleArn'],
    ['missing RoleSessionName', { RoleArn: ROLE_ARN }, 400, 'MissingParameter.RoleSessionName'],
    ['a malformed RoleArn', { RoleArn: 'arn:aws:iam::1:role/x', RoleSessionName: 'ci' }, 400, 'InvalidParameter.RoleArn'],
    ['an unknown role', { RoleArn: 'acs:ram::1234567890123456:role/other', RoleSessionName: 'ci' }, 404, 'EntityNotExist.Role'],
    ['DurationSeconds below 900', { RoleArn: ROLE_ARN, RoleSessionName: 'ci', DurationSeconds: 899 }, 400, 'InvalidParameter.DurationSeconds'],
    ['a Policy that is not JSON', { RoleArn: ROLE_ARN, RoleSessionName: 'ci', Policy: '{"Version":' }, 400, 'InvalidParameter.PolicyGrammar']
  ])('%s is refused', async (_name, params, status, code) => {
    await withEmulator(options, async (emu) => {
      const err = await failure<RpcError>(assumeRole(emu, params))
      expect([emu.requests[0]?.status, err.code]).toEqual([status, code])
    })
  })

  test('a Policy that is a JSON object is accepted', async () => {
    await withEmulator(options, async (emu) => {
      const Policy = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sae:*', Resource: '*' }] })
      await expect(assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'ci', Policy })).resolves.toHaveProperty('Credentials.SecurityToken')
    })
  })

  test('a replayed request (same SignatureNonce) is refused and issues nothing', async () => {
    await withEmulator(options, async (emu) => {
      await assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'ci' })
      const again = await replay(emu, emu.requests[0] as RecordedRequest)
      expect([again.status, again.json['Code']]).toEqual([400, 'SignatureNonceUsed'])
      expect(emu.requests.map((r) => `${r.action} ${r.status}`)).toEqual(['AssumeRole 200', 'AssumeRole 400'])
    })
  })

  test('a Timestamp more than 15 minutes off is refused', async () => {
    await withEmulator({ ...options, now: () => Date.now() + 16 * 60_000 }, async (emu) => {
      const err = await failure<RpcError>(assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'ci' }))
      expect(err.code).toBe('InvalidTimeStamp.Expired')
    })
  })

  test('an unsigned AssumeRole is refused', async () => {
    await withEmulator(options, async (emu) => {
      const err = await failure<RpcError>(sts(emu).request('AssumeRole', { RoleArn: ROLE_ARN, RoleSessionName: 'ci' }, { method: 'POST' }))
      expect(err.code).toBe('MissingAccessKeyId')
    })
  })

  test('a fault never masks a bad signature: authentication comes first', async () => {
    await withEmulator(options, async (emu) => {
      emu.inject({ kind: 'throttle', action: 'AssumeRole' })
      const bad = await failure<RpcError>(assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'ci' }, { ...KEY, accessKeySecret: 'wrong' }))
      expect(bad.code).toBe('SignatureDoesNotMatch')
      expect((await failure<RpcError>(assumeRole(emu, { RoleArn: ROLE_ARN, RoleSessionName: 'ci' }))).code).toBe('Throttling.User')
    })
  })
})

describe('the real @alicloud/credentials RamRoleArn profile, over TLS', () => {
  // The library always calls https://<sts_endpoint>/ and trusts only Node's CA store, so it runs in
  // a child process that trusts the test CA through NODE_EXTRA_CA_CERTS (read at start-up only).
  const ca = createTestCa() // localhost and 127.0.0.1
  const home = mkdtempSync(path.join(tmpdir(), 'sae-sts-home-'))
  let emu: Emulator

  beforeAll(async () => {
    emu = await startEmulator({ ingresses: [{ Id: 87, NamespaceId: 'cn-hangzhou:demo' }], credentials: [KEY], sts: { roleArns: [ROLE_ARN] }, tls: ca })
  })
  afterAll(async () => {
    await emu.close()
    rmSync(ca.dir, { recursive: true, force: true })
    rmSync(home, { recursive: true, force: true })
  })
  beforeEach(() => {
    emu.requests.length = 0
  })

  function writeProfile(accessKeySecret: string): void {
    mkdirSync(path.join(home, '.aliyun'), { recursive: true })
    const profile = {
      name: 'deployer',
      mode: 'RamRoleArn',
      access_key_id: KEY.accessKeyId,
      access_key_secret: accessKeySecret,
      ram_role_arn: ROLE_ARN,
      ram_session_name: 'sae-ingress-cli',
      expired_seconds: 900,
      sts_endpoint: `127.0.0.1:${emu.port}`,
      region_id: 'cn-hangzhou'
    }
    writeFileSync(path.join(home, '.aliyun', 'config.json'), JSON.stringify({ current: 'deployer', profiles: [profile] }))
  }

  /** getCredentials() of the library's CLI profile provider, in a child process; its JSON answer. */
  function credentialsFromProfile(): Promise<Record<string, string>> {
    const script = `
      const { CLIProfileCredentialsProvider } = require('@alicloud/credentials')
      CLIProfileCredentialsProvider.builder().build().getCredentials().then(
        (c) => console.log(JSON.stringify({ accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken, providerName: c.providerName })),
        (e) => console.log(JSON.stringify({ error: e.message })))`
    const env = { PATH: process.env['PATH'] ?? '', HOME: home, NODE_EXTRA_CA_CERTS: ca.caFile, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { cwd: ROOT, env, timeout: 30_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`))
        else resolve(JSON.parse(stdout) as Record<string, string>)
      })
    })
  }

  test('issues credentials that sign a DescribeIngress the emulator accepts', async () => {
    writeProfile(KEY.accessKeySecret)
    const credentials = await credentialsFromProfile()
    expect(credentials).toEqual({
      accessKeyId: expect.stringMatching(/^STS\./),
      accessKeySecret: expect.any(String),
      securityToken: expect.stringMatching(/^CAIS/),
      providerName: 'cli_profile/ram_role_arn/static_ak'
    })
    const assumed = emu.requests[0]
    expect(assumed).toMatchObject({ method: 'POST', path: '/', action: 'AssumeRole', status: 200 })
    expect(assumed?.query).toMatchObject({ AccessKeyId: KEY.accessKeyId, SignatureMethod: 'HMAC-SHA1', Signature: expect.any(String) })
    expect(assumed?.params).toMatchObject({ RoleArn: ROLE_ARN, RoleSessionName: 'sae-ingress-cli', DurationSeconds: '900' })

    const issued = { AccessKeyId: credentials['accessKeyId'] ?? '', AccessKeySecret: credentials['accessKeySecret'] ?? '', SecurityToken: credentials['securityToken'] ?? '', Expiration: '' }
    await expect(saeWith(emu, issued, { ca: ca.caPem }).get(INGRESS_PATH, { IngressId: '87' })).resolves.toMatchObject({ Success: true })
  })

  test('a wrong secret: the library matches the echoed StringToSign and reports the secret as invalid', async () => {
    writeProfile('not-the-secret')
    expect(await credentialsFromProfile()).toEqual({ error: 'the access key secret is invalid' })
    expect(emu.requests.map((r) => `${r.action} ${r.status}`)).toEqual(['AssumeRole 400'])
  })
})
