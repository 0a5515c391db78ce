import fc from 'fast-check'
import { parseJsonWithPositions } from '../src/ingress/json-positions.js'
import { parseJsonQuickly } from '../src/ingress/parse-json.js'

/**
 * The quick parse may decline any text, but what it returns must be what the position parser returns, with no
 * problem; and it must not decline a text the position parser takes cleanly, or the quick way is never taken.
 */
function expectQuickAgrees(text: string): void {
  const quick = parseJsonQuickly(text)
  const thorough = parseJsonWithPositions(text)
  const clean = thorough.ok && thorough.problems.length === 0
  if (quick) {
    expect(clean).toBe(true)
    // Stringified as well, so an own "__proto__" key counts.
    expect(JSON.stringify(quick.value)).toBe(JSON.stringify(thorough.ok && thorough.value))
    expect(quick.value).toEqual(thorough.ok && thorough.value)
  } else {
    // A surrogate escape, an unpaired surrogate or a leading BOM (dropped before parsing) is left to the thorough way.
    const left = /\\u[dD][89a-fA-F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text) || text.startsWith('\ufeff')
    expect([clean, left]).not.toEqual([true, false])
  }
}

describe('parseJsonQuickly: JSON.parse, only where the position parser has nothing to say', () => {
  test.each([
    ['a plain object', '{"IngressId": 87, "Rules": [{"domain": "a.example.com", "path": "/a"}]}', true],
    ['duplicate keys, nested', '{\n  "a": 1,\n  "b": {"c": 1, "c": 2}\n}', false],
    ['duplicate keys, top-level', '{"a": 1, "a": 3}', false],
    ['a key and a value that look alike', '{"a": "b\\": 1", "c\\":": {"d": ":"}}', true],
    ['an escaped lone surrogate', '{"Description": "\\ud800 alone"}', false],
    ['a raw lone surrogate', '{"Description": "\ud800"}', false],
    ['a raw surrogate pair (an emoji)', '{"Description": "😀"}', true],
    ['a leading BOM', '\ufeff{"IngressId": 1}', false],
    ['nesting at the limit', `{"a":${'['.repeat(63)}${']'.repeat(63)}}`, true],
    ['nesting past the limit', `{"a":${'['.repeat(64)}${']'.repeat(64)}}`, false],
    ['nesting far past what the stack holds', `${'['.repeat(200_000)}${']'.repeat(200_000)}`, false],
    ['an own "__proto__" key', '{"__proto__": {"polluted": true}, "b": 1}', true],
    ['a syntax error', '{"IngressId": 87,}', false],
    ['an empty text', '', false],
    ['integer-like keys (ordered first by JavaScript)', '{"b": 1, "2": 2, "1": 1}', true]
  ])('%s', (_name, text, quick) => {
    expect(parseJsonQuickly(text) !== undefined).toBe(quick)
    expectQuickAgrees(text)
  })

  test('mutated JSON documents, with duplicated keys and escapes spliced in', () => {
    const splice = fc.constantFrom('', ',', '"', '}', ']', '{', '[', ':', '\\', '0', '-', '.', 'e', ' ', '\n', '"k": 1,', '"\\ud800"', '\ufeff', '"__proto__": 0,')
    const mutated = fc
      .tuple(fc.jsonValue({ maxDepth: 4 }), fc.nat(), splice, fc.boolean())
      .map(([value, at, piece, remove]) => {
        const json = JSON.stringify(value, null, at % 3)
        const i = json.length === 0 ? 0 : at % json.length
        return remove ? json.slice(0, i) + json.slice(i + 1) : json.slice(0, i) + piece + json.slice(i)
      })
    fc.assert(fc.property(mutated, expectQuickAgrees), { numRuns: 1000, seed: 20261129 })
  })
})
