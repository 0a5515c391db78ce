import fc from 'fast-check'
import { parseJsonWithPositions } from '../src/engine/ingress/json-positions.js'

const file = (...lines: string[]): string => lines.join('\n')

describe('parseJsonWithPositions', () => {
  const text = file(
    '{',
    '  "IngressId": 87,',
    '  "Rules": [',
    '    { "domain": "a.example.com", "path": "/a~b/c" }',
    '  ],',
    '  "Description": "tab\\there \\u00e9 \\ud83d\\ude00"',
    '}'
  )
  const parsed = parseJsonWithPositions(text)

  test('returns the same value as JSON.parse', () => {
    expect(parsed.ok && parsed.value).toEqual(JSON.parse(text))
  })

  test.each([
    ['', 1, 1],
    ['/IngressId', 2, 16],
    ['/Rules', 3, 12],
    ['/Rules/0', 4, 5],
    ['/Rules/0/domain', 4, 17],
    ['/Rules/0/path', 4, 42],
    ['/Description', 6, 18]
  ])('locates the value at %j on line %i, column %i', (pointer, line, column) => {
    expect(parsed.positions.values.get(pointer)).toEqual({ line, column })
  })

  test.each([
    ['/IngressId', 2, 3],
    ['/Rules/0/path', 4, 34]
  ])('locates the key of %j on line %i, column %i', (pointer, line, column) => {
    expect(parsed.positions.keys.get(pointer)).toEqual({ line, column })
  })

  test('escapes "~" and "/" in pointers as RFC 6901 says', () => {
    const result = parseJsonWithPositions('{"a/b": {"c~d": 1}}')
    expect([...result.positions.values.keys()]).toEqual(['', '/a~1b', '/a~1b/c~0d'])
  })

  test('reports every duplicate key but still returns the value JSON.parse would', () => {
    const result = parseJsonWithPositions(file('{', '  "a": 1,', '  "b": { "c": 1, "c": 2 },', '  "a": 3', '}'))
    expect(result.ok && result.value).toEqual({ a: 3, b: { c: 2 } })
    expect(result.problems.map((p) => [p.pointer, p.line, p.column])).toEqual([
      ['/b/c', 3, 18],
      ['/a', 4, 3]
    ])
  })

  test('keeps "__proto__" as an own key instead of setting the prototype', () => {
    const result = parseJsonWithPositions('{"__proto__": {"polluted": true}}')
    const value = result.ok ? (result.value as Record<string, unknown>) : {}
    expect(Object.keys(value)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect((value as { polluted?: boolean }).polluted).toBeUndefined()
  })

  test('counts columns in UTF-16 code units, like editors do', () => {
    const result = parseJsonWithPositions('{"a": "😀", "b": x}')
    expect(result.problems[0]).toMatchObject({ line: 1, column: 18 })
  })

  test('accepts and rejects exactly what JSON.parse does (mutated JSON documents)', () => {
    const mutated = fc
      .tuple(fc.jsonValue({ maxDepth: 4 }), fc.nat(), fc.constantFrom('', ',', '"', '}', ']', '{', '[', ':', '\\', '0', '-', '.', 'e', ' ', '\n'), fc.boolean())
      .map(([value, at, char, remove]) => {
        const json = JSON.stringify(value, null, at % 3)
        const i = json.length === 0 ? 0 : at % json.length
        return remove ? json.slice(0, i) + json.slice(i + 1) : json.slice(0, i) + char + json.slice(i)
      })
    fc.assert(
      fc.property(mutated, (json) => {
        let expected: { ok: boolean; value?: unknown }
        try {
          expected = { ok: true, value: JSON.parse(json) }
        } catch {
          expected = { ok: false }
        }
        const result = parseJsonWithPositions(json)
        expect(result.ok).toBe(expected.ok)
        if (result.ok) expect(result.value).toEqual(expected.value)
        else expect(result.problems.at(-1)?.line).toBeGreaterThanOrEqual(1)
      }),
      { numRuns: 500, seed: 20260829 }
    )
  })
})
