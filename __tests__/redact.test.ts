import { createRedactor, proxyCredentials, redactShapes, secretForms, secretsFromEnvironment } from '../src/engine/text/secrets.js'

describe('redaction of text that came from outside', () => {
  const redact = createRedactor(['Secret With Space+/=', 'token-abc', undefined, 'ab'])

  test.each([
    ['the raw secret', 'key=Secret With Space+/=', 'key=***'],
    ['the URL-encoded secret', 'q=Secret%20With%20Space%2B%2F%3D', 'q=***'],
    ['the form-encoded secret', 'q=Secret+With+Space%2B%2F%3D', 'q=***'],
    ['the encoded secret in lower-case hex', 'q=Secret%20With%20Space%2b%2f%3d', 'q=***'],
    ['the secret escaped in JSON', '{"echo":"Secret With Space+\\/="}', '{"echo":"***"}'],
    ['a token', 'x-acs-security-token:token-abc\n', 'x-acs-security-token:***\n'],
    ['an Authorization header', 'authorization: acs testAccessKeyId:kJd8+3fP0aQ=', 'authorization: acs testAccessKeyId:***'],
    ['an RPC signature parameter', 'https://sts/?Action=X&Signature=abc%2Bdef&Version=1', 'https://sts/?Action=X&Signature=***&Version=1'],
    ['a security token header of an unknown token', 'x-acs-security-token:CAIS-unknown', 'x-acs-security-token:***']
  ])('masks %s', (_name, text, expected) => expect(redact(text)).toBe(expected))

  test('leaves ordinary text alone, and ignores secrets too short to mask safely', () => {
    expect(redact('about a rule at /ab')).toBe('about a rule at /ab')
  })

  test('a secret that contains another is masked whole', () => {
    expect(createRedactor(['abcd', 'abcdefgh'])('x abcdefgh y abcd')).toBe('x *** y ***')
  })
})

describe('credential shapes, whatever their value', () => {
  const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWY6bWFpbiJ9.c2lnbmF0dXJl'
  test.each([
    ['a JWT (the workflow OIDC token)', `token ${jwt} expired`, 'token *** expired'],
    ['an OIDCToken form field', 'RoleArn=x&OIDCToken=abc.def.ghi&Version=1', 'RoleArn=x&OIDCToken=***&Version=1'],
    ['a JSON SecurityToken', '{"SecurityToken":"CAISunknownvalue","x":1}', '{"SecurityToken":"***","x":1}'],
    ['a JSON AccessKeySecret', '{"AccessKeySecret": "zzzzzzzz"}', '{"AccessKeySecret": "***"}'],
    ['a JSON signature', '{"Signature":"a1b2c3d4e5"}', '{"Signature":"***"}'],
    ['a bearer header', 'Authorization: Bearer abcdefghijkl', 'Authorization: Bearer ***'],
    ['a bare bearer token', 'sent Bearer ab12cd34ef56gh78 to', 'sent Bearer *** to'],
    ['basic proxy authorisation', 'Proxy-Authorization: Basic dXNlcjpwYXNz', 'Proxy-Authorization: Basic ***'],
    ['a GitHub token', 'token ghp_0123456789abcdefghijABCDEFGHIJ012345 used', 'token *** used'],
    ['an STS token', `t=CAIS${'x9'.repeat(30)} end`, 't=*** end'],
    ['credentials in a URL', 'via http://user:p%40ss@proxy.local:3128 failed', 'via http://***@proxy.local:3128 failed']
  ])('masks %s', (_name, text, expected) => expect(redactShapes(text)).toBe(expected))

  test.each([
    'MissingSecurityToken: The security token is missing',
    'SignatureDoesNotMatch: The request signature we calculated does not match',
    'Basic authentication is not supported; Bearer tokens are',
    'http://www.example.com/path'
  ])('leaves prose alone: %s', text => expect(redactShapes(text)).toBe(text))
})

describe('spellings of a secret', () => {
  test('a percent-encoded secret is also known decoded', () => {
    expect(secretForms('p%40ss%2Fword')).toEqual(expect.arrayContaining(['p%40ss%2Fword', 'p@ss/word']))
  })
  test('a value that is not percent-encoded is not decoded', () => {
    expect(secretForms('100%sure')).toEqual(expect.arrayContaining(['100%sure', '100%25sure']))
  })
})

describe('secrets the environment holds', () => {
  test('proxy credentials: the password, the pair as written and decoded, and its basic-auth form', () => {
    expect(proxyCredentials('http://deploy:p%40ss%3Aw0rd@proxy.corp:3128')).toEqual([
      'p%40ss%3Aw0rd',
      'deploy:p%40ss%3Aw0rd',
      'deploy:p@ss:w0rd',
      Buffer.from('deploy:p@ss:w0rd').toString('base64')
    ])
  })
  test('a lone user name is the credential; no credentials, no secrets', () => {
    expect(proxyCredentials('https://tok3n-only@proxy:8080')).toContain('tok3n-only')
    expect(proxyCredentials('http://proxy.corp:3128')).toEqual([])
    expect(proxyCredentials('proxy.corp:3128')).toEqual([])
  })
  test('a proxy URL without a scheme still gives up its credentials', () => {
    expect(proxyCredentials('user:secretpw@proxy:3128')).toContain('secretpw')
  })
  test('the ID-token request token, the runtime token and credentials in any proxy variable, in either case', () => {
    const found = secretsFromEnvironment({
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-request-token',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner/idtoken?x=1',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token',
      https_proxy: 'http://u:https-pass@p:1',
      HTTP_PROXY: 'http://u:http-pass@p:1',
      ALL_PROXY: 'socks5://u:all-pass@p:1',
      NO_PROXY: 'localhost',
      GITHUB_SHA: 'abc'
    })
    expect(found).toEqual(expect.arrayContaining(['id-request-token', 'runtime-token', 'https-pass', 'http-pass', 'all-pass']))
    expect(found).not.toContain('https://runner/idtoken?x=1')
    expect(found).not.toContain('localhost')
  })
})
