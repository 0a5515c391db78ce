import { parseBoolean, parseInteger, parseList, parseStatusRanges } from '../src/action/input-parsers.js'
import { InputError } from '../src/engine/failure.js'
import { isLoopback, parseEndpoint } from '../src/engine/net/endpoint.js'

describe('boolean inputs', () => {
  test.each([
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['0', false],
    ['', 'fallback']
  ])('%p reads as %p', (raw, expected) => expect(parseBoolean('dry-run', raw, 'fallback' as unknown as boolean)).toBe(expected))
  test('anything else is refused, naming the input', () => expect(() => parseBoolean('dry-run', 'maybe', false)).toThrow(/dry-run must be true or false/))
})

describe('whole numbers', () => {
  test.each([
    ['300', 300],
    [' 8 ', 8],
    ['', undefined]
  ])('%p reads as %p', (raw, expected) => expect(parseInteger('timeout', raw, { min: 1, max: 3600 })).toBe(expected))
  test.each(['0', '-1', '1.5', 'abc', '3601', '1e3'])('%p is refused', raw =>
    expect(() => parseInteger('timeout', raw, { min: 1, max: 3600 })).toThrow(InputError)
  )
})

test('lists split on commas and newlines and drop blanks', () => expect(parseList('87, 88\n\n 89,')).toEqual(['87', '88', '89']))

describe('health-check statuses', () => {
  test.each([
    ['200-399', [[200, 399]]],
    ['200,204', [[200, 200], [204, 204]]],
    ['2xx, 301', [[200, 299], [301, 301]]]
  ])('%p', (raw, expected) => expect(parseStatusRanges('health-check-status', raw)).toEqual(expected))
  test.each(['ok', '399-200', '200-700', ''])('%p is refused', raw => expect(() => parseStatusRanges('health-check-status', raw)).toThrow(InputError))
})

describe('endpoints', () => {
  test.each([
    ['https://sae.cn-hangzhou.aliyuncs.com', 'https://sae.cn-hangzhou.aliyuncs.com'],
    ['https://sae-vpc.cn-hangzhou.aliyuncs.com/', 'https://sae-vpc.cn-hangzhou.aliyuncs.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:9', 'http://localhost:9'],
    ['http://[::1]:9', 'http://[::1]:9']
  ])('%p is accepted as %p', (raw, expected) => expect(parseEndpoint('endpoint', raw)).toBe(expected))
  test.each([
    ['plain http off loopback', 'http://sae.cn-hangzhou.aliyuncs.com', /https/],
    ['plain http to a private address', 'http://10.0.0.8', /https/],
    ['a path', 'https://example.com/api', /bare origin/],
    ['credentials in the URL', 'https://user:pw@example.com', /bare origin/],
    ['another scheme', 'ftp://example.com', /https/],
    ['not a URL', 'sae.cn-hangzhou', /not a URL/]
  ])('%s is refused', (_name, raw, message) => expect(() => parseEndpoint('endpoint', raw)).toThrow(message))
  test.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['localhost', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['localhost.example.com', false]
  ])('%s loopback: %p', (host, expected) => expect(isLoopback(host)).toBe(expected))
})
