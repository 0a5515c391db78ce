import { jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { DECLARED_INPUTS } from '../src/action/inputs.generated.js'
import { checkDeclaredInputs, defaultSessionName, getSettings, secretValues } from '../src/action/inputs.js'
import { InputError } from '../src/engine/failure.js'

// setSecret prints ::add-mask:: commands for the runner; keep them out of the test log.
beforeAll(() => void jest.spyOn(process.stdout, 'write').mockImplementation(() => true))
afterAll(() => jest.restoreAllMocks())

/** getSettings reads inputs the way the runner passes them: INPUT_<NAME> with hyphens kept. */
function withInputs(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const saved = { ...process.env }
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_') || key.startsWith('ALIBABA_CLOUD_')) delete process.env[key]
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
  Object.assign(process.env, env)
  try {
    return getSettings()
  } finally {
    process.env = saved
  }
}

test('the endpoint is built from the region when none is given', () => {
  expect(withInputs({ 'ingress-file': 'a.json', 'region-id': 'cn-shanghai' }).endpoint).toBe('https://sae.cn-shanghai.aliyuncs.com')
  expect(withInputs({ 'ingress-file': 'a.json' }, { ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1' }).endpoint).toBe(
    'https://sae.ap-southeast-1.aliyuncs.com'
  )
})

test('an explicit endpoint wins over the region', () => {
  expect(withInputs({ 'ingress-file': 'a.json', 'region-id': 'cn-shanghai', endpoint: 'https://sae-vpc.cn-shanghai.aliyuncs.com' }).endpoint).toBe(
    'https://sae-vpc.cn-shanghai.aliyuncs.com'
  )
})

test('defaults match action.yml', () => {
  const settings = withInputs({ 'ingress-file': 'a.json' })
  expect(settings).toMatchObject({ timeoutMs: 300_000, dryRun: false, rulesMode: 'replace', wait: true, rollbackOnFailure: false })
  expect(settings.comment.enabled).toBe(false)
  expect(withInputs({ 'ingress-file': 'a.json' }, { GITHUB_EVENT_NAME: 'pull_request' }).comment.enabled).toBe(true)
})

test('credentials: inputs, then OIDC, then environment', () => {
  const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'envId', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'envSecret' }
  const oidc = { 'role-to-assume': 'acs:ram::1:role/r', 'oidc-provider-arn': 'acs:ram::1:oidc-provider/p' }
  expect(withInputs({ 'ingress-file': 'a', 'access-key-id': 'i', 'access-key-secret': 's', ...oidc }, env).credentialSource).toBe('inputs')
  expect(withInputs({ 'ingress-file': 'a', ...oidc }, env).credentialSource).toBe('oidc')
  expect(withInputs({ 'ingress-file': 'a' }, env)).toMatchObject({ credentialSource: 'environment', credentials: { accessKeyId: 'envId' } })
  expect(withInputs({ 'ingress-file': 'a' }).credentialSource).toBe('none')
})

test('placeholders never see credentials or runner internals', () => {
  const settings = withInputs(
    { 'ingress-file': 'a.json' },
    { ALIBABA_CLOUD_ACCESS_KEY_ID: 'i', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'x', ALIBABA_CLOUD_SECURITY_TOKEN: 't', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'r', PR_NUMBER: '7' }
  )
  expect(settings.env.PR_NUMBER).toBe('7')
  expect(Object.keys(settings.env).filter(k => /SECRET|TOKEN|^INPUT_/.test(k))).toEqual([])
})

test('the default STS session name is derived from the repository and run, within what STS accepts', () => {
  expect(defaultSessionName({ GITHUB_REPOSITORY: 'acme/web app', GITHUB_RUN_ID: '99' })).toBe('github-acme-web-app-99')
  const long = defaultSessionName({ GITHUB_REPOSITORY: `acme/${'x'.repeat(100)}`, GITHUB_RUN_ID: '1' })
  expect(long).toMatch(/^[A-Za-z0-9.@_-]{2,64}$/)
})

test('every secret the run may hold is known for scrubbing, even before inputs are parsed', () => {
  expect(
    secretValues({ 'INPUT_ACCESS-KEY-SECRET': ' s1 ', 'INPUT_GITHUB-TOKEN': 'g', ALIBABA_CLOUD_SECURITY_TOKEN: 't', 'INPUT_ACCESS-KEY-ID': 'id' }).sort()
  ).toEqual(['g', 's1', 't'])
})

describe('an input the action does not declare is refused before anything runs', () => {
  test.each([
    ['INPUT_DRY_RUN', 'dry_run (did you mean dry-run?)'],
    ['INPUT_RULES_MODE', 'rules_mode (did you mean rules-mode?)'],
    ['INPUT_INGRES-FILE', 'ingres-file (did you mean ingress-file?)'],
    ['INPUT_NOTHING_LIKE_IT', 'nothing_like_it']
  ])('%s', (variable, named) => {
    expect(() => checkDeclaredInputs({ [variable]: 'true' })).toThrow(`This action has no input ${named}`)
  })

  test('getSettings refuses a typo, so dry_run: true can never write for real', () => {
    expect(() => withInputs({ 'ingress-file': 'a.json', dry_run: 'true' })).toThrow(InputError)
  })

  test('every input action.yml declares is accepted, and the generated list is action.yml', () => {
    const yml = readFileSync(new URL('../action.yml', import.meta.url), 'utf8')
    const declared = [...yml.split(/^outputs:/m)[0]!.matchAll(/^ {2}([a-z0-9-]+):\s*$/gm)].map(m => m[1]!)
    expect(DECLARED_INPUTS).toEqual(declared)
    expect(() => checkDeclaredInputs(Object.fromEntries(declared.map(name => [`INPUT_${name.toUpperCase()}`, ''])))).not.toThrow()
  })
})
