import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expectation } from '../src/engine/ingress/schema-errors.js'
import { closestKey } from '../src/engine/text/suggest.js'
import { validateIngressFile } from '../src/engine/ingress/schema-validator.generated.js'

type Schema = Record<string, unknown>
const root = new URL('../', import.meta.url)
const schema = JSON.parse(readFileSync(new URL('schema/ingress.schema.json', root), 'utf8')) as Schema

function resolve(node: Schema): Schema {
  const ref = node.$ref
  if (typeof ref !== 'string') return node
  return (schema.definitions as Record<string, Schema>)[ref.replace('#/definitions/', '')]!
}

/** Every property (and array item) of every object in the schema, with its path. */
function properties(node: Schema, path: string): Array<[string, Schema]> {
  const out: Array<[string, Schema]> = []
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) {
    const resolved = resolve(child)
    out.push([`${path}/${key}`, resolved], ...properties(resolved, `${path}/${key}`))
    if (resolved.items) {
      const items = resolve(resolved.items as Schema)
      out.push([`${path}/${key}/items`, items], ...properties(items, `${path}/${key}/items`))
    }
  }
  return out
}

describe('schema/ingress.schema.json', () => {
  test('is draft-07 and closed to unknown keys at every level', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
    const objects = [schema, ...properties(schema, '').map(([, s]) => s)].filter((s) => s.type === 'object')
    expect(objects.length).toBeGreaterThanOrEqual(4)
    for (const object of objects) expect(object.additionalProperties).toBe(false)
  })

  test.each(properties(schema, ''))('%s has a title and a description for editors', (_path, property) => {
    expect(property.title).toEqual(expect.any(String))
    expect(property.description).toEqual(expect.any(String))
  })

  test('caps the length of every string, so huge values are rejected', () => {
    const strings = properties(schema, '').filter(([, s]) => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string')))
    for (const [path, s] of strings) expect([path, typeof s.maxLength === 'number' || Array.isArray(s.enum) || typeof s.pattern === 'string']).toEqual([path, true])
  })
})

describe('the generated validator', () => {
  test('is up to date with the schema (the build is deterministic)', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-validator.mjs', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow()
  })

  test.each(['schema-validator'])('%s imports nothing at run time, so it bundles and loads anywhere', name => {
    const code = readFileSync(new URL(`src/engine/ingress/${name}.generated.js`, root), 'utf8')
    expect(code).not.toMatch(/\brequire\(|^\s*import\b/m)
  })

  test('reports all errors with their schema, not just the first', () => {
    expect(validateIngressFile({ IdleTimeout: 99, EnableGzip: 'yes' })).toBe(false)
    expect(validateIngressFile.errors?.map((e) => [e.instancePath, e.keyword, e.parentSchema?.title])).toEqual([
      ['/IdleTimeout', 'maximum', 'Idle timeout'],
      ['/EnableGzip', 'type', 'Gzip compression']
    ])
  })
})

describe('schema error wording', () => {
  test.each<[Schema, string]>([
    [{ type: 'integer', minimum: 1, maximum: 180 }, 'an integer from 1 to 180'],
    [{ type: ['integer', 'string'], minimum: 1, maximum: 65535 }, 'an integer from 1 to 65535, as a number or a numeric string'],
    [{ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }, 'a positive integer'],
    [{ type: ['string', 'array'], items: { type: 'string' } }, 'a string or an array of strings'],
    [{ enum: ['on', 'off'] }, '"on" or "off"'],
    [{ type: 'boolean' }, 'true or false']
  ])('describes %j as %j', (s, text) => {
    expect(expectation(s)).toBe(text)
  })

  test.each<[string, string | undefined, string]>([
    ['Rule', 'Rules', 'Rule'],
    ['rules', 'Rules', 'rules'],
    ['listener_port', 'ListenerPort', 'listener_port'],
    ['EnableXForwardFor', 'EnableXForwardedFor', 'EnableXForwardFor'],
    ['CertID', 'CertId', 'CertID'],
    ['schema', '$schema', 'schema'],
    ['Timeout', undefined, 'Timeout'],
    ['a 1000-character key', undefined, 'x'.repeat(1000)]
  ])('for %s, suggests %j', (_label, expected, key) => {
    expect(closestKey(key, Object.keys(schema.properties as Schema))).toBe(expected)
  })
})
