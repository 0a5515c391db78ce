import fc from 'fast-check'
import { createRequire } from 'node:module'
import { FUZZ_RUNS } from './support/fuzz-runs.js'

/**
 * The bundle maps pop-core's `json-bigint` to src/stubs/json-bigint.cjs (tsconfig `paths`; jest does not apply them,
 * so both load here side by side). Our client only ever looks at an answer after making it plain JSON, where
 * json-bigint's BigNumbers become their decimal strings, so that is what is compared: the stub must give the same
 * plain value for the same text, whether pop-core hands it a string (ROA) or a Buffer (RPC).
 */
interface JsonParser {
  parse(text: string | Buffer): unknown
}
const load = createRequire(import.meta.url)
const stub = load('../src/stubs/json-bigint.cjs') as JsonParser & { quoteLongNumbers(text: string): string }
const real = load('json-bigint') as JsonParser

const toPlain = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** What parsing `input` leaves for our client: the plain value, or the name of what was thrown. */
function outcome(parser: JsonParser, input: string | Buffer): { value: unknown } | { thrown: unknown } {
  try {
    return { value: toPlain(parser.parse(input)) }
  } catch (err) {
    return { thrown: (err as { name?: unknown }).name }
  }
}

function expectSameAnswer(text: string): void {
  const expected = outcome(real, text)
  expect(expected).toHaveProperty('value')
  expect(outcome(stub, text)).toEqual(expected)
  expect(outcome(stub, Buffer.from(text, 'utf8'))).toEqual(outcome(real, Buffer.from(text, 'utf8')))
}

describe('the json-bigint stub gives the same plain answer as json-bigint', () => {
  test.each([
    ['integers of up to 15 characters stay numbers', '[0, 7, -7, 123456789012345, -12345678901234, -0]'],
    ['integers of 16 to 21 digits become their decimal strings', '[1234567890123456, 9007199254740993, 123456789012345678901, 100000000000000000000]'],
    ['negative integers of 15 to 21 digits become their decimal strings', '[-123456789012345, -9007199254740993, -123456789012345678901]'],
    ['a long integer as the whole text', '12345678901234567890'],
    ['ordinary decimals, short and long', '[0.5, -2.25, 3.14159265358979, 0.10000000000000001, -12345.678901234567, 0.000001234567891]'],
    ['short exponent literals stay numbers', '[1e5, -2.5E-3, 1.5e+300, 0e0]'],
    ['true, false and null', '[true, false, null]'],
    ['a 30-digit RequestId in quotes stays untouched', '{"RequestId": "123456789012345678901234567890", "Code": "200"}'],
    ['digits in a key stay a key', '{"12345678901234567890": 12345678901234567890}'],
    ['escaped quotes in a string before a long number', String.raw`{"Message": "said \"12345678901234567890\" twice\"", "Id": 12345678901234567890}`],
    ['an escaped backslash closing a string before a long number', String.raw`{"Path": "C:\\", "Id": 12345678901234567, "Tail": "\\\"1234567890123456789\\"}`],
    ['unicode escapes and non-ASCII text before a long number', String.raw`{"Name": "\u00e4\ud83d\ude00 ä 😀", "Id": -12345678901234567}`],
    ['whitespace of every kind around long numbers', '[\n  12345678901234567 ,\t-12345678901234567\r\n, 1.2345678901234567 ]'],
    [
      'a nested SAE-like answer',
      '{"RequestId":"91F93257-7A4A-4BD3-9A7E-2F1EAEF0A3FF","Data":{"IngressId":87,"SlbId":"lb-1","Rules":[{"AppId":"a","ContainerPort":8080,"Epoch":1719999999999999999,"Path":"/a"},{"Nested":[[12345678901234567890],{"x":[-1234567890123456789]}]}]},"Success":true,"Code":"200","TraceId":"0bc3b4b917200000000000000000"}'
    ],
    ['an empty object and an empty array', '{"a": {}, "b": [], "c": [{}]}'],
    ['duplicate keys, the last one wins', '{"a": 1, "a": 12345678901234567890}']
  ])('%s', (_name, text) => {
    expectSameAnswer(text)
  })

  test('a Buffer, as the RPC client passes it, parses like its text', () => {
    const text = '{"RequestId": "ä-123456789012345678901234567890", "Id": 123456789012345678}'
    expect(toPlain(stub.parse(Buffer.from(text)))).toEqual({ RequestId: 'ä-123456789012345678901234567890', Id: '123456789012345678' })
    expectSameAnswer(text)
  })

  test.each([
    ['a trailing comma in an object', '{"a": 1,}'],
    ['a trailing comma in an array', '[1,]'],
    ['an unclosed object after a long number', '{"a": 12345678901234567'],
    ['an unclosed string before a long number', '{"a": "12345678901234567, "b": 1}'],
    ['a long number run into a letter', '{"a": 12345678901234567x}'],
    ['a long literal with an exponent and no digits', '[12345678901234567e]'],
    ['a lone minus', '[-]'],
    ['two values', '1 2'],
    ['an empty text', ''],
    ['a leading byte order mark', '\ufeff{}']
  ])('malformed JSON throws a SyntaxError from both: %s', (_name, text) => {
    expect(outcome(real, text)).toEqual({ thrown: 'SyntaxError' })
    expect(outcome(stub, text)).toEqual({ thrown: 'SyntaxError' })
  })
})

describe(`generated JSON texts (${FUZZ_RUNS.valid * 4} runs)`, () => {
  const digit = fc.constantFrom(...'0123456789')
  const nonZero = fc.constantFrom(...'123456789')
  const digits = (min: number, max: number) => fc.array(digit, { minLength: min, maxLength: max }).map(d => d.join(''))
  const sign = fc.constantFrom('', '-')

  /** Integers of 1–21 digits, either sign; the length is drawn first so long ones are as common as short ones. */
  const integer = fc.oneof(
    fc.constantFrom('0', '-0'),
    fc.tuple(sign, nonZero, fc.integer({ min: 0, max: 20 })).chain(([s, first, more]) => digits(more, more).map(rest => `${s}${first}${rest}`))
  )
  /**
   * Decimals as an API writes them: no trailing zero in the fraction and not so small that BigNumber would write
   * them with an exponent (both known, intended differences, tested below).
   */
  const decimal = fc
    .tuple(sign, fc.oneof(fc.constant('0'), fc.tuple(nonZero, digits(0, 10)).map(([a, b]) => a + b)), digits(0, 12), nonZero)
    .map(([s, whole, fraction, last]) => `${s}${whole}.${fraction}${last}`)
    .filter(literal => !/^-?0\.0{6}/.test(literal))
  /** Exponent literals short enough (15 characters at most) to be plain numbers in both. */
  const exponent = fc
    .tuple(fc.oneof(integer, decimal), fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.integer({ min: 0, max: 99 }))
    .map(([mantissa, e, power]) => `${mantissa}${e}${power}`)
    .filter(literal => literal.length <= 15)
  const number = fc.oneof(integer, integer, decimal, exponent)

  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    digits(16, 30),
    fc.tuple(fc.string(), digits(16, 30), fc.constantFrom('"', '\\', '\\"', '"\\')).map(([a, d, q]) => `${a}${q}${d}${q}`)
  )
  const string = text.map(s => JSON.stringify(s))
  // json-bigint rejects any key containing "__proto__" or "constructor" (a difference tested below).
  const key = text.filter(s => !/__proto__|constructor/.test(s)).map(s => JSON.stringify(s))
  const ws = fc.constantFrom('', ' ', '\n  ', '\t', '\r\n')

  const { value } = fc.letrec<{ value: string; array: string; object: string }>(tie => ({
    value: fc.oneof({ maxDepth: 4 }, number, string, fc.constantFrom('true', 'false', 'null'), tie('array'), tie('object')),
    array: fc.array(fc.tuple(ws, tie('value'), ws), { maxLength: 5 }).map(items => `[${items.map(([a, v, b]) => a + v + b).join(',')}]`),
    object: fc
      .array(fc.tuple(ws, key, ws, tie('value'), ws), { maxLength: 5 })
      .map(members => `{${members.map(([a, k, b, v, c]) => `${a}${k}${b}:${b}${v}${c}`).join(',')}}`)
  }))
  const document = fc.tuple(ws, value, ws).map(([a, v, b]) => a + v + b)

  test('numbers of 1–21 digits, decimals, digits in strings and nested values parse alike, as text and as a Buffer', () => {
    fc.assert(
      fc.property(document, text => {
        expectSameAnswer(text)
      }),
      { numRuns: FUZZ_RUNS.valid * 4, seed: FUZZ_RUNS.seed }
    )
  })

  test('every number literal of 16 or more characters is quoted, and nothing else changes', () => {
    fc.assert(
      fc.property(fc.array(number, { minLength: 1, maxLength: 6 }), literals => {
        const quoted = stub.quoteLongNumbers(`[${literals.join(',')}]`)
        expect(quoted).toBe(`[${literals.map(l => (l.length > 15 ? `"${l}"` : l)).join(',')}]`)
      }),
      { numRuns: FUZZ_RUNS.valid * 4, seed: FUZZ_RUNS.seed }
    )
  })
})

describe('known, intended differences: the stub keeps what was written (asserting the stub)', () => {
  test('a long literal keeps its written text: 1.50000000000000000 stays "1.50000000000000000" where BigNumber normalises it to "1.5"', () => {
    expect(toPlain(stub.parse('{"Weight": 1.50000000000000000}'))).toEqual({ Weight: '1.50000000000000000' })
    expect(toPlain(real.parse('{"Weight": 1.50000000000000000}'))).toEqual({ Weight: '1.5' })
  })

  test('integers of 22 or more digits keep their digits where BigNumber switches to exponent notation', () => {
    const text = '[1000000000000000000000, 1234567890123456789012345, -1234567890123456789012]'
    expect(toPlain(stub.parse(text))).toEqual(['1000000000000000000000', '1234567890123456789012345', '-1234567890123456789012'])
    expect(toPlain(real.parse(text))).toEqual(['1e+21', '1.234567890123456789012345e+24', '-1.234567890123456789012e+21'])
  })

  test('long literals with an exponent or six or more leading zeros keep their text where BigNumber rewrites them', () => {
    const text = '[12345678901234567e-3, 1.2345678901234e10, 1E+0000000000000000, -0.000000000000001, 0.0000001234567890]'
    expect(toPlain(stub.parse(text))).toEqual(['12345678901234567e-3', '1.2345678901234e10', '1E+0000000000000000', '-0.000000000000001', '0.0000001234567890'])
    expect(toPlain(real.parse(text))).toEqual(['12345678901234.567', '12345678901.234', '1', '-1e-15', '1.23456789e-7'])
  })
})

describe('__proto__ and constructor keys', () => {
  test('a "__proto__" key stays an own key and does not change the prototype (json-bigint rejects the whole answer instead)', () => {
    const parsed = stub.parse('{"__proto__": {"polluted": true}, "b": 1}') as Record<string, unknown>
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(Object.keys(parsed)).toEqual(['__proto__', 'b'])
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ polluted: true })
    expect(parsed.polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const plain = toPlain(parsed) as Record<string, unknown>
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype)
    expect(Object.keys(plain)).toEqual(['__proto__', 'b'])
    expect(outcome(real, '{"__proto__": {"polluted": true}, "b": 1}')).toEqual({ thrown: 'SyntaxError' })
  })

  test('keys containing "constructor" parse as ordinary keys (json-bigint rejects the whole answer instead)', () => {
    const text = '{"constructor": 1, "ConstructorName": 2, "myconstructor": 12345678901234567}'
    expect(toPlain(stub.parse(text))).toEqual({ constructor: 1, ConstructorName: 2, myconstructor: '12345678901234567' })
    expect(outcome(real, text)).toEqual({ thrown: 'SyntaxError' })
  })
})

describe('other differences found against json-bigint (asserting the stub)', () => {
  test('a number too large for a double is Infinity (null once plain) or, when long, its text, where json-bigint throws "Bad number"', () => {
    expect(toPlain(stub.parse('[1e400, 1.0000000000000e400]'))).toEqual([null, '1.0000000000000e400'])
    expect(outcome(real, '[1e400]')).toEqual({ thrown: 'SyntaxError' })
    expect(outcome(real, '[1.0000000000000e400]')).toEqual({ thrown: 'SyntaxError' })
  })

  test.each([
    ['a raw control character in a string', '{"a": "x\ny"}'],
    ['a leading zero', '[01]'],
    ['a long literal ending in a dot', '[1234567890123456.]'],
    ['a bad \\u escape', String.raw`["\u12G4"]`]
  ])('native JSON.parse rejects %s, which json-bigint lets through', (_name, text) => {
    expect(outcome(stub, text)).toEqual({ thrown: 'SyntaxError' })
    expect(outcome(real, text)).toHaveProperty('value')
  })
})
