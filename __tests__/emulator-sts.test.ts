// Keyless flow: GitHub ID token (runner token service fake, fetched with the real @actions/core)
// -> STS AssumeRoleWithOIDC (real pop-core RPCClient, anonymous) -> signed SAE calls that must
// carry the issued SecurityToken.
import { getIDToken } from '@actions/core'
import ROAClient from '@alicloud/pop-core/lib/roa.js'
import RPCClient from '@alicloud/pop-core/lib/rpc.js'
import { makeGitHubIdToken, startEmulator, startOidcTokenServer, type Emulator, type EmulatorOptions } from '../emulator/index.mjs'

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
      const err = await failure<RpcError>(sts(emu).request('AssumeRole', { RoleArn: ROLE_ARN }, { method: 'POST' }))
      expect(err.code).toBe('InvalidAction.NotFound')
    })
  })
})
