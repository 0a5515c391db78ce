import { MAX_DEPTH, MAX_ENTRIES, MAX_VALUES } from '../src/engine/ingress/json-positions.js'
import { loadIngressFile } from '../src/engine/ingress/load.js'

const file = (...lines: string[]): string => lines.join('\n')
type Expected = [line: number, column: number, message: string]

async function problemsOf(text: string | Uint8Array): Promise<Expected[]> {
  const result = await loadIngressFile(text, {})
  if (result.ok) throw new Error('accepted')
  return result.problems.map((p) => [p.line, p.column, p.message])
}

describe('malformed JSON is one problem at the syntax error', () => {
  test.each<[string, string, Expected]>([
    ['a missing comma', file('{', '  "IngressId": 87', '  "Rules": []', '}'), [3, 3, 'invalid JSON: unexpected a string; expected "," or "}" (is a comma missing?)']],
    ['a trailing comma, at the comma', file('{', '  "IngressId": 87,', '}'), [2, 18, 'invalid JSON: trailing comma before "}"']],
    ['a trailing comma in an array', file('{', '  "CertIds": ["1-cn-x",', '  ]', '}'), [2, 23, 'invalid JSON: trailing comma before "]"']],
    ['an unclosed object', file('{', '  "IngressId": 87', ''), [3, 1, 'invalid JSON: unexpected end of file; expected "," or "}"']],
    ['a comment', file('{', '  // production', '  "IngressId": 87', '}'), [2, 3, 'invalid JSON: comments are not allowed in JSON']],
    ['single quotes', file('{', "  'IngressId': 87", '}'), [2, 3, 'invalid JSON: strings and keys must be in double quotes, not single quotes']],
    ['an unquoted key', file('{', '  IngressId: 87', '}'), [2, 3, 'invalid JSON: unexpected "IngressId"; expected a key in double quotes']],
    ['a string across lines, at its start', file('{', '  "Description": "one', 'two"', '}'), [2, 18, 'invalid JSON: unterminated string; a string cannot span lines (write \\n for a newline)']],
    ['an unterminated string at the end', file('{', '  "Description": "one'), [2, 18, 'invalid JSON: unterminated string; add the closing "']],
    ['a raw tab in a string', file('{', '  "Description": "a\tb"', '}'), [2, 20, 'invalid JSON: control character U+0009 must be escaped in a string']],
    ['an invalid escape', file('{', '  "Description": "C:\\dir"', '}'), [2, 21, 'invalid JSON: invalid escape "\\\\d" in a string']],
    ['a short \\u escape', file('{', '  "Description": "\\u12"', '}'), [2, 19, 'invalid JSON: invalid escape "\\\\u12" in a string']],
    ['NaN', file('{', '  "IdleTimeout": NaN', '}'), [2, 18, 'invalid JSON: unexpected "NaN"; expected a value (JSON has no NaN)']],
    ['a leading zero', file('{', '  "IdleTimeout": 015', '}'), [2, 18, 'invalid JSON: invalid number "015" (no leading zeros)']],
    ['a number without digits after the point', file('{', '  "IdleTimeout": 1.', '}'), [2, 18, 'invalid JSON: invalid number "1."']],
    ['a misspelt literal', file('{', '  "EnableGzip": ture', '}'), [2, 17, 'invalid JSON: unexpected "ture"; expected a value']],
    ['text after the value', file('{}', '}'), [2, 1, 'invalid JSON: unexpected "}"; expected the end of the file after the JSON value']],
    ['an empty file', '  \n', [1, 1, 'invalid JSON: the file is empty; expected a JSON object']],
    ['CRLF line endings', '{\r\n  "IngressId": 87\r\n  "Rules": []\r\n}', [3, 3, 'invalid JSON: unexpected a string; expected "," or "}" (is a comma missing?)']],
    ['a BOM, which does not count as a column', '\ufeff{,}', [1, 2, 'invalid JSON: unexpected ","; expected a key in double quotes']]
  ])('%s', async (_name, text, expected) => {
    expect(await problemsOf(text)).toEqual([expected])
  })

  test(`nesting deeper than ${MAX_DEPTH} levels is reported, not a stack overflow`, async () => {
    const deep = `{"Rules":[${'['.repeat(100_000)}`
    expect(await problemsOf(deep)).toEqual([[1, 10 + MAX_DEPTH - 1, `nesting is deeper than ${MAX_DEPTH} levels, far deeper than any ingress file (3); the rest was not read`]])
  })

  test('nesting up to the limit is parsed, then rejected by the schema', async () => {
    const nested = `{"Rules":${'['.repeat(MAX_DEPTH - 1)}${']'.repeat(MAX_DEPTH - 1)}}`
    expect(await problemsOf(nested)).toEqual([[1, 11, 'Rules/0 must be an object (found an array)']])
  })
})

describe('a file far larger than any ingress file is refused where it outgrows one; the rest is never read', () => {
  // What follows the limit is not even JSON: a parser that read on would report it.
  const unread = ', this is never read'

  test(`an array of more than ${MAX_ENTRIES} items, at the array`, async () => {
    const rules = `{\n  "Rules": [${Array(MAX_ENTRIES).fill('{}').join(',')}, {}${unread}`
    expect(await problemsOf(rules)).toEqual([[2, 12, `Rules has more than ${MAX_ENTRIES} items, far more than any ingress file (at most 40 rules); the rest was not read`]])
  })

  test(`an object of more than ${MAX_ENTRIES} keys, at the object`, async () => {
    const keys = Array.from({ length: MAX_ENTRIES }, (_, n) => `"unknownKey${n}": 1`).join(', ')
    expect(await problemsOf(`{${keys}, "more": 1${unread}`)).toEqual([
      [1, 1, `the top level has more than ${MAX_ENTRIES} keys, far more than any ingress file (at most 40 rules); the rest was not read`]
    ])
  })

  test(`more than ${MAX_VALUES} values in all, at the value past the limit`, async () => {
    const rule = `{"appId": "a", "containerPort": 80, "domain": "d.example.com", "path": "/", "x": [${Array(900).fill(1).join(',')}]}`
    const problems = await problemsOf(`{"Rules": [${Array(30).fill(rule).join(',')}${unread}`)
    expect(problems).toHaveLength(1)
    expect(problems[0]![2]).toBe(`the file holds more than ${MAX_VALUES} values, far more than any ingress file; the rest was not read`)
  })

  test('up to the limits a file is read whole, every problem found', async () => {
    const rules = `{"IngressId": 1, "Rules": [${Array(MAX_ENTRIES).fill('{}').join(',')}]}`
    const problems = await problemsOf(rules)
    // One for the count of rules, four missing keys in each.
    expect(problems).toHaveLength(1 + 4 * MAX_ENTRIES)
  })
})

describe('bytes that are not UTF-8', () => {
  const bytes = (...parts: Array<string | number[]>): Uint8Array =>
    Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)))

  test.each<[string, Uint8Array, Expected]>([
    ['a Latin-1 byte', bytes('{\n  "Description": "caf', [0xe9], '"\n}'), [2, 22, 'the file is not valid UTF-8 (byte 0xE9 at offset 23); save it as UTF-8']],
    ['a stray continuation byte after non-ASCII text', bytes('{"Description": "é', [0x80], '"}'), [1, 19, 'the file is not valid UTF-8 (byte 0x80 at offset 19); save it as UTF-8']],
    ['an overlong encoding', bytes('{"a":"', [0xc0, 0xaf], '"}'), [1, 7, 'the file is not valid UTF-8 (byte 0xC0 at offset 6); save it as UTF-8']],
    ['an encoded surrogate', bytes('{"a":"', [0xed, 0xa0, 0x80], '"}'), [1, 7, 'the file is not valid UTF-8 (byte 0xED at offset 6); save it as UTF-8']],
    ['a truncated sequence at the end', bytes('{"a":"', [0xe2, 0x82]), [1, 7, 'the file is not valid UTF-8 (byte 0xE2 at offset 6); save it as UTF-8']],
    ['UTF-16 with its BOM', Uint8Array.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), [1, 1, 'the file is not valid UTF-8 (byte 0xFF at offset 0); save it as UTF-8']],
    ['a bad byte after a UTF-8 BOM', bytes([0xef, 0xbb, 0xbf], '{', [0xff]), [1, 2, 'the file is not valid UTF-8 (byte 0xFF at offset 4); save it as UTF-8']]
  ])('%s', async (_name, content, expected) => {
    expect(await problemsOf(content)).toEqual([expected])
  })
})

test('a string escaping half a surrogate pair is a problem at the string (the request could not encode it)', async () => {
  expect(await problemsOf('{\n  "Description": "ok \\ud83d\\ude00 bad \\ud800"\n}')).toEqual([
    [2, 18, 'Description contains an unpaired surrogate (a lone \\uD800-\\uDFFF escape)']
  ])
})
