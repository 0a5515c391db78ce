// Generators of valid and invalid ingress files, shared by the validator fuzz test and its end-to-end sample.
import fc from 'fast-check'
import type { IngressFile } from '../../src/engine/ingress/types.js'

export const ENV = { PR: 'pr', HOME: '/home/runner' }
type Json = Record<string, unknown>
const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined })
const text = (min: number, max: number): fc.Arbitrary<string> => fc.string({ minLength: min, maxLength: max, unit: 'binary' })
const port = fc.integer({ min: 1, max: 65535 })
const region = fc.constantFrom('cn-hangzhou', 'ap-southeast-1', 'us-west-1', 'cn-shanghai-finance-1')
const certId = fc.tuple(fc.nat(), region).map(([id, r]) => `${id}-${r}`)
const backend = opt(fc.constantFrom('http' as const, 'https' as const, 'grpc' as const))
// Host names as the schema allows them: letters, digits and inner hyphens per label; an optional leading `*.`.
const label = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,10}[A-Za-z0-9])?$/)
const domain = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')),
  label.map((l) => `pr-${l}.example.com`),
  label.map((l) => `*.${l}.example.com`)
)
// Paths of the characters the schema allows (regular expressions for ALB rewrites included), never `$(` or `${`.
const path = fc
  .stringMatching(/^[A-Za-z0-9\-._~/%!$&()*+,;=:@?^|\\[\]{}]{0,30}$/)
  .filter((p) => !p.includes('$(') && !p.includes('${'))
  .map((p) => `/${p}`)

const rule = fc.record(
  { appId: text(1, 40), containerPort: port, domain, path, backendProtocol: backend, rewritePath: opt(text(1, 30)), appName: opt(text(0, 20)) },
  { requiredKeys: ['appId', 'containerPort', 'domain', 'path'] }
)

/** A valid file, as loadIngressFile should return it (placeholders already replaced). */
export const validFile: fc.Arbitrary<IngressFile> = fc
  .record(
    {
      $schema: fc.constant('../schema/ingress.schema.json'),
      IngressId: fc.integer({ min: 1, max: 2 ** 40 }),
      Description: text(0, 100),
      ListenerPort: fc.oneof(port, port.map(String)),
      ListenerProtocol: fc.constantFrom('HTTP' as const, 'HTTPS' as const),
      CertId: text(1, 50),
      CertIds: fc.oneof(fc.array(certId, { minLength: 1, maxLength: 5 }), fc.array(certId, { minLength: 1, maxLength: 5 }).map((ids) => ids.join(','))),
      DefaultRule: fc.record({ appId: text(1, 64), containerPort: port, backendProtocol: backend, appName: opt(text(0, 128)) }, { requiredKeys: ['appId', 'containerPort'] }),
      Rules: fc.uniqueArray(rule, { maxLength: 40, selector: (r) => `${r.domain.toLowerCase()}\u0000${r.path}` }),
      RequestTimeout: fc.integer({ min: 1, max: 180 }),
      IdleTimeout: fc.integer({ min: 0, max: 60 }),
      SecurityPolicyId: text(1, 128),
      CorsConfig: fc.record(
        {
          Enable: fc.constantFrom(true, false, 'true', 'false'),
          AllowOrigin: text(0, 50),
          AllowMethods: fc.constant('GET,POST'),
          AllowHeaders: text(0, 50),
          ExposeHeaders: text(0, 50),
          AllowCredentials: fc.constantFrom('on' as const, 'off' as const),
          MaxAge: fc.oneof(fc.integer({ min: -1, max: 172800 }), fc.integer({ min: -1, max: 172800 }).map(String))
        },
        { requiredKeys: [] }
      ),
      EnableGzip: fc.boolean(),
      EnableXForwardedFor: fc.boolean(),
      EnableXForwardedForClientSrcPort: fc.boolean(),
      EnableXForwardedForProto: fc.boolean(),
      EnableXForwardedForSlbId: fc.boolean(),
      EnableXForwardedForSlbPort: fc.boolean(),
      LoadBalanceType: fc.constantFrom('clb', 'alb')
    },
    { requiredKeys: [] }
  )
  .map((file) => (file.ListenerProtocol === 'HTTPS' && !file.CertId && !file.CertIds ? { ...file, CertId: 'cert-1' } : file))

/** How a value is written in the file: `${` escaped as `$${`, and a leading "pr" written as ${PR}. */
export function encode(value: unknown): unknown {
  if (typeof value === 'string') {
    const escaped = value.replaceAll('${', '$${')
    return escaped.startsWith('pr') ? `\${PR}${escaped.slice(2)}` : escaped
  }
  if (Array.isArray(value)) return value.map(encode)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]))
  return value
}

export const layout = fc.record({ indent: fc.constantFrom(0, 2, '\t'), crlf: fc.boolean(), bom: fc.boolean(), bytes: fc.boolean() })
export function render(document: unknown, how: { indent: number | string; crlf: boolean; bom: boolean; bytes: boolean }): string | Uint8Array {
  let json = JSON.stringify(document, null, how.indent)
  if (how.crlf) json = json.replaceAll('\n', '\r\n')
  if (how.bom) json = `\ufeff${json}`
  return how.bytes ? new TextEncoder().encode(json) : json
}

// Invalid files: one corruption of a valid file, tagged so the suite can prove each kind was tried.
export type Corruption = { kind: string; content: string | Uint8Array; env?: Json }
const base = validFile.map((f) => encode(f) as Json)
const set = (kind: string, key: string, bad: fc.Arbitrary<unknown>): fc.Arbitrary<Corruption> =>
  fc.tuple(base, bad).map(([doc, value]) => ({ kind, content: JSON.stringify({ ...doc, [key]: value }) }))
const inRule = (kind: string, change: (r: Json) => Json): fc.Arbitrary<Corruption> =>
  fc.tuple(base, rule).map(([doc, r]) => ({ kind, content: JSON.stringify({ ...doc, Rules: [change(r as Json)] }) }))
const notArray = fc.oneof(fc.constant(null), fc.boolean(), fc.constant({}), fc.double(), fc.string({ maxLength: 5 }))
const wrongScalar = fc.oneof(notArray, fc.constant([]))
const validKeys = new Set(['$schema', 'IngressId', 'Description', 'ListenerPort', 'ListenerProtocol', 'CertId', 'CertIds', 'DefaultRule', 'Rules', 'RequestTimeout', 'IdleTimeout', 'SecurityPolicyId', 'CorsConfig', 'EnableGzip', 'LoadBalanceType', 'EnableXForwardedFor', 'EnableXForwardedForClientSrcPort', 'EnableXForwardedForProto', 'EnableXForwardedForSlbId', 'EnableXForwardedForSlbPort'])
const unknownKey = fc.string({ maxLength: 30 }).filter((k) => !validKeys.has(k))
const badBytes = fc.constantFrom([0xff], [0xfe, 0xff], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82])

export const invalidFile: fc.Arbitrary<Corruption> = fc.oneof(
  set('wrong type', 'RequestTimeout', fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant(1.5))),
  set('wrong type', 'EnableGzip', fc.oneof(fc.constantFrom('true', 'false', 1, 0, null), fc.constant([]))),
  set('wrong type', 'CertIds', fc.oneof(fc.constant(''), fc.constant([]), fc.constant([1]), fc.string({ maxLength: 8 }).filter((s) => !/-[a-z]+-[a-z0-9]+$/.test(s)))),
  set('wrong type', 'Rules', fc.oneof(notArray, fc.array(wrongScalar, { minLength: 1, maxLength: 3 }))),
  set('wrong type', 'DefaultRule', fc.oneof(wrongScalar, fc.record({ appId: fc.integer(), containerPort: port }))),
  set('wrong type', 'ListenerProtocol', fc.string({ maxLength: 6 }).filter((s) => s !== 'HTTP' && s !== 'HTTPS')),
  set('wrong type', 'CorsConfig', fc.oneof(fc.record({ Enable: fc.constantFrom('yes', 1, null) }), fc.record({ AllowCredentials: fc.constantFrom('true', true, 'ON') }))),
  inRule('missing field', (r) => { const { appId: _a, ...rest } = r; return rest }),
  inRule('missing field', (r) => { const { domain: _d, path: _p, ...rest } = r; return rest }),
  set('missing field', 'DefaultRule', fc.record({ appName: text(0, 10) })),
  set('out of range', 'ListenerPort', fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.integer({ min: 65536, max: 10 ** 9 }).map(String), fc.constantFrom('0', '08080', '-1', ''))),
  set('out of range', 'IdleTimeout', fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 61 }))),
  set('out of range', 'CorsConfig', fc.record({ MaxAge: fc.oneof(fc.integer({ max: -2 }), fc.integer({ min: 172801 }), fc.constant('1e3')) })),
  inRule('out of range', (r) => ({ ...r, containerPort: 0 })),
  fc.tuple(base, fc.array(rule, { minLength: 41, maxLength: 45 })).map(([doc, rules]) => ({ kind: 'out of range', content: JSON.stringify({ ...doc, Rules: rules }) })),
  inRule('rule rules', (r) => ({ ...r, path: String(r.path).slice(1) || 'x' })),
  fc.tuple(base, rule).map(([doc, r]) => ({ kind: 'rule rules', content: JSON.stringify({ ...doc, Rules: [r, r] }) })),
  base.map((doc) => ({ kind: 'rule rules', content: JSON.stringify({ ...doc, ListenerProtocol: 'HTTPS', CertId: undefined, CertIds: undefined }) })),
  fc.tuple(base, unknownKey, wrongScalar).map(([doc, k, v]) => ({ kind: 'unknown key', content: JSON.stringify({ ...doc, [k]: v }) })),
  inRule('unknown key', (r) => ({ ...r, AppId: r.appId })),
  fc.tuple(base, layout, fc.nat()).map(([doc, how, cut]) => {
    const json = JSON.stringify(doc, null, how.indent)
    return { kind: 'malformed JSON', content: json.slice(0, cut % json.length) }
  }),
  fc.tuple(base, fc.nat(), fc.constantFrom(',', '{', '[', ':', "'", '/', '}}', '"', 'x', '\u0000'))
    .map(([doc, at, junk]) => { const json = JSON.stringify(doc, null, 2); const i = 1 + (at % (json.length - 1)); return json.slice(0, i) + junk + json.slice(i) })
    .filter((json) => { try { JSON.parse(json); return false } catch { return true } })
    .map((content) => ({ kind: 'malformed JSON', content })),
  set('huge string', 'Description', fc.integer({ min: 257, max: 200_000 }).map((n) => 'd'.repeat(n))),
  set('huge string', 'CertIds', fc.integer({ min: 5000, max: 200_000 }).map((n) => 'a-b'.repeat(n) + '!')),
  inRule('huge string', (r) => ({ ...r, domain: 'x'.repeat(100_000) })),
  fc.tuple(base, fc.integer({ min: 65, max: 20_000 })).map(([doc, depth]) => ({ kind: 'deep nesting', content: JSON.stringify({ ...doc, Rules: 0 }).replace('"Rules":0', `"Rules":${'['.repeat(depth)}${']'.repeat(depth)}`) })),
  fc.tuple(base, fc.integer({ min: 2, max: 40 })).map(([doc, depth]) => ({ kind: 'deep nesting', content: JSON.stringify({ ...doc, DefaultRule: JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) }) })),
  fc.tuple(base, fc.nat(), badBytes).map(([doc, at, bad]) => {
    const bytes = new TextEncoder().encode(JSON.stringify(doc))
    const i = at % bytes.length
    return { kind: 'non-UTF-8 bytes', content: Uint8Array.from([...bytes.subarray(0, i), ...bad, ...bytes.subarray(i)]) }
  }),
  fc.tuple(base, fc.constantFrom('IngressId', 'Rules', 'Description')).map(([doc, key]) => ({ kind: 'duplicate key', content: `{"${key}": 1, ${JSON.stringify({ ...doc, [key]: 2 }).slice(1)}` })),
  inRule('missing placeholder', (r) => ({ ...r, domain: '${NOT_SET_ANYWHERE}.example.com' }))
)
