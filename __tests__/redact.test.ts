import { createRedactor } from '../src/sae/redact.js'

describe('redaction of text that came from outside', () => {
  const redact = createRedactor(['Secret With Space+/=', 'token-abc', undefined, 'ab'])

  test.each([
    ['the raw secret', 'key=Secret With Space+/=', 'key=***'],
    ['the URL-encoded secret', 'q=Secret%20With%20Space%2B%2F%3D', 'q=***'],
    ['the form-encoded secret', 'q=Secret+With+Space%2B%2F%3D', 'q=***'],
    ['a token', 'x-acs-security-token:token-abc\n', 'x-acs-security-token:***\n'],
    ['an Authorization header', 'authorization: acs testAccessKeyId:kJd8+3fP0aQ=', 'authorization: acs testAccessKeyId:***'],
    ['an RPC signature parameter', 'https://sts/?Action=X&Signature=abc%2Bdef&Version=1', 'https://sts/?Action=X&Signature=***&Version=1'],
    ['a security token header of an unknown token', 'x-acs-security-token:CAIS-unknown', 'x-acs-security-token:***']
  ])('masks %s', (_name, text, expected) => expect(redact(text)).toBe(expected))

  test('leaves ordinary text alone, and ignores secrets too short to mask safely', () => {
    expect(redact('about a rule at /ab')).toBe('about a rule at /ab')
  })
})
