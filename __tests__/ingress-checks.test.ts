import { checkIngress, MAX_RULES } from '../src/engine/ingress/checks.js'
import { loadIngressFile } from '../src/engine/ingress/load.js'

const rule = (domain: string, path: string): Record<string, unknown> => ({ appId: 'a', containerPort: 80, domain, path })

describe('checkIngress', () => {
  test.each([null, 42, 'text', [], { Rules: 'x' }, { Rules: [null, 1, 'r'], CertIds: 5, CorsConfig: [] }, { DefaultRule: null }])(
    'skips values of the wrong shape (left to the schema): %j',
    (document) => {
      expect(checkIngress(document)).toEqual([])
    }
  )

  test('runs every check and reports every finding', () => {
    const document = {
      ListenerPort: '0',
      ListenerProtocol: 'HTTPS',
      DefaultRule: { appId: 'a', containerPort: 0 },
      Rules: [rule('a.example.com', 'x'), rule('a.example.com', 'x')],
      RequestTimeout: 181,
      IdleTimeout: -1,
      CorsConfig: { MaxAge: '-2' }
    }
    expect(checkIngress(document).map((f) => f.pointer)).toEqual([
      '/ListenerPort',
      '/ListenerProtocol',
      '/DefaultRule/containerPort',
      '/Rules/0/path',
      '/Rules/1/path',
      '/Rules/1',
      '/RequestTimeout',
      '/IdleTimeout',
      '/CorsConfig/MaxAge'
    ])
  })

  test(`names Exceed.IngressRule above ${MAX_RULES} rules, and replaces the schema's maxItems`, () => {
    const rules = Array.from({ length: MAX_RULES + 1 }, (_, i) => rule(`d${i}.example.com`, '/'))
    expect(checkIngress({ Rules: rules })).toEqual([
      { pointer: '/Rules', message: 'Rules has 41 rules; UpdateIngress accepts at most 40 (it would fail with Exceed.IngressRule)', supersedes: ['maxItems'] }
    ])
  })

  test('lists at most three bad CertIds entries of a string', () => {
    const [finding] = checkIngress({ CertIds: 'a,b,c,d,e,1-cn-hangzhou' })
    expect(finding?.message).toBe(
      'CertIds must be comma-separated <certId>-<regionId> entries, e.g. 756123-cn-hangzhou; not valid: "a", "b", "c" and 2 more'
    )
  })

  test('an empty entry (a doubled or trailing comma) is not valid', () => {
    expect(checkIngress({ CertIds: '1-cn-hangzhou,' })[0]?.message).toContain('not valid: ""')
  })

  test('checks a huge CertIds string in linear time', () => {
    const started = performance.now()
    checkIngress({ CertIds: 'a-b'.repeat(300_000) + '!' })
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('checkIngress: upsert and remove touch rules only', () => {
  const rulesOnly = { $schema: 'https://example.com/schema.json', IngressId: 87, Rules: [rule('pr-1.example.com', '/')] }

  test.each(['upsert', 'remove'] as const)('%s: IngressId, $schema and Rules pass', (mode) => {
    expect(checkIngress(rulesOnly, { mode })).toEqual([])
  })

  test.each([
    ['Description', 'x'],
    ['ListenerPort', 443],
    ['ListenerProtocol', 'HTTP'],
    ['CertId', 'c'],
    ['CertIds', ['1-cn-hangzhou']],
    ['DefaultRule', { appId: 'a', containerPort: 80 }],
    ['RequestTimeout', 30],
    ['IdleTimeout', 15],
    ['SecurityPolicyId', 'p'],
    ['CorsConfig', { Enable: true }],
    ['EnableGzip', false],
    ['EnableXForwardedFor', true],
    ['EnableXForwardedForSlbPort', true],
    ['LoadBalanceType', 'clb']
  ])('upsert: %s is a located problem that points to a replace run', (key, value) => {
    const findings = checkIngress({ ...rulesOnly, [key]: value }, { mode: 'upsert' })
    expect(findings).toContainEqual({
      pointer: `/${key}`,
      message: expect.stringMatching(new RegExp(`^${key} cannot be set with rules-mode upsert: .*Ingress-wide settings belong to a replace run`)),
      supersedes: []
    })
  })

  test('remove: every extra key is reported, in file order, with the mode named', () => {
    const findings = checkIngress({ IngressId: 87, RequestTimeout: 30, Rules: [], DefaultRule: {} }, { mode: 'remove' })
    expect(findings.map((f) => f.pointer)).toEqual(['/RequestTimeout', '/DefaultRule'])
    expect(findings[0]?.message).toMatch(/^RequestTimeout cannot be set with rules-mode remove/)
  })

  test('an unknown key is left to the schema, which suggests the right spelling', () => {
    expect(checkIngress({ IngressId: 87, Rule: [] }, { mode: 'upsert' })).toEqual([])
  })

  test('replace (the default) allows every setting', () => {
    expect(checkIngress({ ...rulesOnly, RequestTimeout: 30, Description: 'x' })).toEqual([])
    expect(checkIngress({ ...rulesOnly, RequestTimeout: 30 }, { mode: 'replace' })).toEqual([])
  })
})

describe('loadIngressFile in upsert mode', () => {
  test('an ingress-wide key is located at its line and column; an unknown key is reported once, by the schema', () => {
    const text = '{\n  "IngressId": 87,\n  "RequestTimeout": 30,\n  "Rule": [],\n  "Rules": []\n}\n'
    const loaded = loadIngressFile(text, {}, { mode: 'upsert' })
    expect(loaded.ok).toBe(false)
    const problems = loaded.ok ? [] : loaded.problems
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatchObject({ pointer: '/RequestTimeout', line: 3, message: expect.stringMatching(/belong to a replace run/) })
    expect(problems[1]?.pointer).toBe('/Rule')
    expect(loadIngressFile(text.replace('"RequestTimeout": 30,\n  "Rule": [],\n', ''), {}, { mode: 'upsert' }).ok).toBe(true)
  })
})
