import { placeholderEnv, refusalReason, refusedPlaceholderMessage, refusedPlaceholders } from '../src/engine/ingress/placeholder-policy.js'
import { loadIngressFile } from '../src/engine/ingress/load.js'

describe('which variables may fill ${NAME}', () => {
  test.each([
    'GITHUB_SHA',
    'GITHUB_REF_NAME',
    'GITHUB_HEAD_REF',
    'GITHUB_RUN_ID',
    'GITHUB_REPOSITORY',
    'PR_NUMBER',
    'APP_ID',
    'KEYBOARD_LAYOUT',
    'AUTHOR_NAME',
    'PASSAGE',
    'NO_PROXY'
  ])('%s may', name => expect(refusalReason(name)).toBeUndefined())

  test.each([
    ['GITHUB_TOKEN', /belongs to the runner/],
    ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', /belongs to the runner/],
    ['ACTIONS_RUNTIME_URL', /belongs to the runner/],
    ['RUNNER_TEMP', /belongs to the runner/],
    ['INPUT_ACCESS-KEY-SECRET', /belongs to the runner/],
    ['STATE_isPost', /belongs to the runner/],
    ['HTTPS_PROXY', /proxy setting/],
    ['http_proxy', /proxy setting/],
    ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', /contains SECRET/],
    ['ALIBABA_CLOUD_SECURITY_TOKEN', /contains TOKEN/],
    ['NPM_TOKEN', /contains TOKEN/],
    ['githubtoken', /contains TOKEN/],
    ['DB_PASSWORD', /contains PASSWORD/],
    ['SMTP_PASSWD', /contains PASSWD/],
    ['GOOGLE_APPLICATION_CREDENTIALS', /contains CREDENTIAL/],
    ['PRIVATE_REGISTRY', /contains PRIVATE/],
    ['DB_PASS', /the word PASS/],
    ['BASIC_AUTH', /the word AUTH/],
    ['SESSION_COOKIE', /the word COOKIE/],
    ['ALIBABA_CLOUD_ACCESS_KEY_ID', /KEY ends in KEY/],
    ['API_KEY', /KEY ends in KEY/],
    ['APIKEY', /APIKEY ends in KEY/],
    ['SSH_KEY_PATH', /KEY ends in KEY/],
    ['ACCESSKEYID', /ends in KEY/]
  ])('%s may not: %s', (name, why) => expect(refusalReason(name)).toMatch(why))

  test('placeholderEnv keeps exactly the allowed variables', () => {
    expect(
      placeholderEnv({ GITHUB_SHA: 'abc', PR_NUMBER: '7', GITHUB_TOKEN: 'ghs_x', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's', HTTPS_PROXY: 'http://u:p@h' })
    ).toEqual({ GITHUB_SHA: 'abc', PR_NUMBER: '7' })
  })

  test('refusedPlaceholders names each refused placeholder of a text once, and why', () => {
    const refused = refusedPlaceholders('pr-${PR_NUMBER}-${GITHUB_TOKEN}.x/${GITHUB_TOKEN}$${NPM_TOKEN}/${1}')
    expect(refused).toEqual([{ name: 'GITHUB_TOKEN', reason: expect.stringMatching(/belongs to the runner/) }])
    expect(refusedPlaceholderMessage(refused[0]!)).toMatch(/^placeholder \$\{GITHUB_TOKEN\} is refused: GITHUB_TOKEN belongs to the runner .*never read secrets/)
  })
})

describe('in the ingress file (wired into the loader)', () => {
  const file = '{\n  "IngressId": 1,\n  "Description": "deployed with ${GITHUB_TOKEN}",\n  "Rules": []\n}'

  test('a refused name is a located validation error that says why, even when the variable is set', () => {
    const loaded = loadIngressFile(file, { GITHUB_TOKEN: 'ghs_secretvalue' })
    expect(loaded.ok).toBe(false)
    const problems = loaded.ok ? [] : loaded.problems
    expect(problems).toEqual([expect.objectContaining({ pointer: '/Description', line: 3, column: 18, message: expect.stringMatching(/^Description: placeholder \$\{GITHUB_TOKEN\} is refused: GITHUB_TOKEN belongs to the runner/) })])
    expect(JSON.stringify(loaded)).not.toContain('ghs_secretvalue')
  })

  test('an allowed name is filled in', () => {
    const loaded = loadIngressFile(file.replace('GITHUB_TOKEN', 'GITHUB_SHA'), { GITHUB_SHA: 'abc123' })
    expect(loaded.ok && loaded.ingress.Description).toBe('deployed with abc123')
  })
})
