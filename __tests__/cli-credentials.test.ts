// End to end: credentials as Alibaba Cloud's own tools find them (@alicloud/credentials), the built CLI against the
// emulator over TLS (the library reaches STS by https only; NODE_EXTRA_CA_CERTS trusts the test CA): the environment
// first, then the aliyun CLI's ~/.aliyun/config.json under a temporary HOME (its current profile, --profile, or
// ALIBABA_CLOUD_PROFILE) in modes AK, StsToken and RamRoleArn. When nothing is found the error says where it looked;
// and no secret of a profile reaches what the CLI prints, even when a service or the library echoes it.
import { createTestCa, type Emulator, type TestCa } from '../emulator/index.mjs'
import { envKeys, INGRESS_ID, KEYS, startE2eEmulator, STS } from './support/e2e.js'
import { NODE_WARNING, runCli, type CliOptions, type CliRun } from './support/run-cli.js'

const ROLE_ARN = 'acs:ram::1234567890123456:role/sae-deployer'
const PROFILE_KEY = { accessKeyId: 'profileKeyId5520', accessKeySecret: 'profileSecret/Ak7+Ze1=Qm4' }
const OTHER_KEY = { accessKeyId: 'otherKeyId6631', accessKeySecret: 'otherSecret/Bp8+Yf2=Rn5' }
const DEPLOYER_KEY = { accessKeyId: 'deployerKeyId7742', accessKeySecret: 'deployerSecret/Rr2+Tt5=Ww8' }

let ca: TestCa
let emulator: Emulator
let endpoint: string

beforeAll(() => {
  ca = createTestCa()
})

beforeEach(async () => {
  emulator = await startE2eEmulator({
    credentials: [KEYS, STS, PROFILE_KEY, OTHER_KEY, DEPLOYER_KEY].map(key => ({ ...key })),
    sts: { roleArns: [ROLE_ARN] },
    tls: ca
  })
  endpoint = `https://127.0.0.1:${emulator.port}`
})

afterEach(async () => {
  await emulator.close()
})

const ak = (name: string, key: { accessKeyId: string; accessKeySecret: string }) => ({ name, mode: 'AK', access_key_id: key.accessKeyId, access_key_secret: key.accessKeySecret, region_id: 'cn-hangzhou' })
const ramRoleArn = () => ({
  name: 'deployer',
  mode: 'RamRoleArn',
  access_key_id: DEPLOYER_KEY.accessKeyId,
  access_key_secret: DEPLOYER_KEY.accessKeySecret,
  ram_role_arn: ROLE_ARN,
  ram_session_name: 'sae-ingress-cli',
  expired_seconds: 900,
  sts_endpoint: `127.0.0.1:${emulator.port}`,
  region_id: 'cn-hangzhou'
})
const config = (current: string, ...profiles: object[]) => ({ current, profiles, meta_path: '' })

/** `sae-ingress export --ingress-id 87` against the emulator: the smallest call that needs credentials. */
function exportWith(options: CliOptions, args: string[] = []): Promise<CliRun> {
  return runCli(['export', '--ingress-id', String(INGRESS_ID), '--endpoint', endpoint, ...args], { ...options, env: { NODE_EXTRA_CA_CERTS: ca.caFile, ...options.env } })
}

/** The AccessKey ID that signed each SAE request, and the security token it carried. */
const signers = (): Array<[string | undefined, string | undefined]> =>
  emulator.requests.filter(request => request.action !== 'AssumeRole').map(({ headers }) => [/^acs ([^:]+):/.exec(headers.authorization ?? '')?.[1], headers['x-acs-security-token']])

test('ALIBABA_CLOUD_ACCESS_KEY_ID and _SECRET sign the calls', async () => {
  const run = await exportWith({ env: envKeys() })

  expect(run.code).toBe(0)
  expect(signers()).toEqual([[KEYS.accessKeyId, undefined]])
})

test('with ALIBABA_CLOUD_SECURITY_TOKEN the calls carry the token', async () => {
  const run = await exportWith({ env: envKeys(STS) })

  expect(run.code).toBe(0)
  expect(signers()).toEqual([[STS.accessKeyId, STS.securityToken]])
})

test('the environment comes before ~/.aliyun/config.json', async () => {
  const run = await exportWith({ env: envKeys(), aliyunConfig: config('default', ak('default', PROFILE_KEY)) })

  expect(run.code).toBe(0)
  expect(signers()).toEqual([[KEYS.accessKeyId, undefined]])
})

test("without the environment, the aliyun CLI's current profile (mode AK)", async () => {
  const run = await exportWith({ aliyunConfig: config('default', ak('other', OTHER_KEY), ak('default', PROFILE_KEY)) })

  expect(run.code).toBe(0)
  expect(signers()).toEqual([[PROFILE_KEY.accessKeyId, undefined]])
})

test('--profile, or ALIBABA_CLOUD_PROFILE, picks another profile than the current one', async () => {
  const aliyunConfig = config('default', ak('default', PROFILE_KEY), ak('other', OTHER_KEY))
  const flag = await exportWith({ aliyunConfig }, ['--profile', 'other'])
  const variable = await exportWith({ aliyunConfig, env: { ALIBABA_CLOUD_PROFILE: 'other' } })

  expect([flag.code, variable.code]).toEqual([0, 0])
  expect(signers()).toEqual([
    [OTHER_KEY.accessKeyId, undefined],
    [OTHER_KEY.accessKeyId, undefined]
  ])
})

test('a profile in mode StsToken: its key signs and its token is carried', async () => {
  const profile = { name: 'sts', mode: 'StsToken', access_key_id: STS.accessKeyId, access_key_secret: STS.accessKeySecret, sts_token: STS.securityToken }
  const run = await exportWith({ aliyunConfig: config('sts', profile) })

  expect(run.code).toBe(0)
  expect(signers()).toEqual([[STS.accessKeyId, STS.securityToken]])
})

test('a profile in mode RamRoleArn: AssumeRole signed with its key, then the SAE calls with the STS-issued token', async () => {
  const run = await exportWith({ aliyunConfig: config('deployer', ramRoleArn()) })

  expect(run.code).toBe(0)
  const [assume, ...sae] = emulator.requests
  expect(assume!.action).toBe('AssumeRole')
  expect(assume!.params).toMatchObject({ AccessKeyId: DEPLOYER_KEY.accessKeyId, RoleArn: ROLE_ARN, RoleSessionName: 'sae-ingress-cli', DurationSeconds: '900' })
  expect(sae.map(request => [request.action, request.status])).toEqual([['DescribeIngress', 200]])
  const [[keyId, token]] = signers() as [[string, string]]
  expect(keyId).toMatch(/^STS\./)
  expect(token).toMatch(/^CAIS/)
  expect(run.stdout).not.toContain(token)
  expect(run.stderr).not.toMatch(NODE_WARNING)
})

test('then the rest of the chain: ~/.alibabacloud/credentials', async () => {
  const credentials = `[default]\ntype = access_key\naccess_key_id = ${OTHER_KEY.accessKeyId}\naccess_key_secret = ${OTHER_KEY.accessKeySecret}\n`
  const run = await exportWith({ homeFiles: { '.alibabacloud/credentials': credentials }, secrets: [OTHER_KEY.accessKeySecret] })

  expect(run.code).toBe(0)
  expect(signers()).toEqual([[OTHER_KEY.accessKeyId, undefined]])
})

test('no credentials anywhere: exit 1, an error saying where it looked, and no request', async () => {
  const run = await exportWith({})

  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/^error: No credentials found\. Looked in: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET; .*~\/\.aliyun\/config\.json \(the current profile, or ALIBABA_CLOUD_PROFILE\); ~\/\.alibabacloud\/credentials; the ECS instance RAM role/m)
  expect(run.stderr).toContain(`${run.home}/.aliyun/config.json`)
  expect(emulator.requests).toEqual([])
})

test('a profile that does not exist: the error names it', async () => {
  const run = await exportWith({ aliyunConfig: config('default', ak('default', PROFILE_KEY)) }, ['--profile', 'staging'])

  expect(run.code).toBe(1)
  expect(run.stderr).toContain("error: No credentials found. Looked in: profile staging of ~/.aliyun/config.json. What the chain said: unable to get profile with 'staging'")
  expect(emulator.requests).toEqual([])
})

describe('no secret of a profile is printed', () => {
  const echo = (action: string) => ({ kind: 'raw' as const, action, status: 400, body: { Code: 'InvalidAccessKeySecret', Message: `The secret ${DEPLOYER_KEY.accessKeySecret} is wrong.`, RequestId: 'ECHO-1' } })

  test.each(['AssumeRole', 'DescribeIngress'])('a RamRoleArn profile\'s own key secret, echoed in an error of %s', async action => {
    emulator.inject(echo(action))
    const run = await exportWith({ aliyunConfig: config('deployer', ramRoleArn()) })

    expect(run.code).toBe(1)
    expect(run.stderr).toContain('The secret *** is wrong.')
    expect(run.stderr).not.toContain(DEPLOYER_KEY.accessKeySecret)
    expect(run.stderr).not.toContain(encodeURIComponent(DEPLOYER_KEY.accessKeySecret))
  })

  test('a config.json that is not JSON: the library quotes the file, the CLI does not', async () => {
    const broken = JSON.stringify(config('default', ak('default', PROFILE_KEY)), null, 2).replace(/\n}$/, ',\n}')
    const run = await exportWith({ aliyunConfig: broken }, ['--profile', 'default'])

    expect(run.code).toBe(1)
    expect(run.stderr).toContain("parse aliyun cli config from '")
    expect(run.stderr).not.toContain(PROFILE_KEY.accessKeySecret)
    expect(run.stderr).not.toContain(PROFILE_KEY.accessKeyId)
    expect(emulator.requests).toEqual([])
  })
})
