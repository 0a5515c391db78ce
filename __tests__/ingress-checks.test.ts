import { checkIngress, MAX_RULES } from '../src/ingress/checks.js'

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
