import { normaliseLive } from '../src/engine/plan/normalise.js'
import { planChanges } from '../src/engine/plan/plan.js'
import type { LiveIngress } from '../src/engine/sae/types.js'

/** What json-bigint hands back for integers beyond 2^53 (and what `typeof` calls an object). */
class FakeBigNumber {
  constructor(private readonly digits: string) {}
  toNumber(): number {
    return Number(this.digits)
  }
  toString(): string {
    return this.digits
  }
}

/** json-bigint builds objects without a prototype. */
function bare<T extends object>(value: T): T {
  return Object.assign(Object.create(null) as object, value) as T
}

const describeData = {
  Id: 87,
  Name: 'lb-uf6jt0nu4z6ior943****-80-f5****',
  Description: 'shared-ingress',
  NamespaceId: 'cn-hangzhou:prod',
  SlbId: 'alb-123',
  SlbType: 'internet',
  LoadBalanceType: 'alb',
  ListenerPort: 443,
  ListenerProtocol: 'HTTPS',
  CertIds: '87735-cn-hangzhou,81213-cn-hangzhou',
  SecurityPolicyId: 'tls_cipher_policy_1_2_strict_with_1_3',
  RequestTimeout: 60,
  IdleTimeout: 15,
  EnableGzip: true,
  EnableXForwardedFor: true,
  EnableXForwardedForProto: false,
  CreatedBySae: true,
  CorsConfig: { Enable: 'true', AllowOrigin: '*', AllowCredentials: 'off', MaxAge: '600' },
  DefaultRule: { AppId: 'app-default', AppName: 'fallback', BackendProtocol: 'http', ContainerPort: 8080 },
  Rules: [
    {
      AppId: 'app-a',
      AppName: 'team-a',
      BackendProtocol: 'https',
      ContainerPort: 8443,
      Domain: 'a.example.com',
      Path: '/api',
      RewritePath: '/${1}',
      RuleActions: [{ ActionType: 'rewrite', ActionConfig: '{"path":"/"}' }]
    },
    { AppId: 'app-b', ContainerPort: 80, Domain: 'b.example.com', Path: '/' }
  ]
} satisfies LiveIngress

const expectedFile = {
  IngressId: 87,
  Description: 'shared-ingress',
  ListenerPort: 443,
  ListenerProtocol: 'HTTPS',
  CertIds: '87735-cn-hangzhou,81213-cn-hangzhou',
  DefaultRule: { appId: 'app-default', containerPort: 8080, backendProtocol: 'http' },
  Rules: [
    {
      appId: 'app-a',
      containerPort: 8443,
      domain: 'a.example.com',
      path: '/api',
      backendProtocol: 'https',
      rewritePath: '/${1}'
    },
    { appId: 'app-b', containerPort: 80, domain: 'b.example.com', path: '/' }
  ],
  RequestTimeout: 60,
  IdleTimeout: 15,
  SecurityPolicyId: 'tls_cipher_policy_1_2_strict_with_1_3',
  CorsConfig: { Enable: 'true', AllowOrigin: '*', AllowCredentials: 'off', MaxAge: '600' },
  EnableGzip: true,
  EnableXForwardedFor: true,
  EnableXForwardedForProto: false
}

describe('normaliseLive', () => {
  test('turns PascalCase DescribeIngress data into the file shape and drops service-only and derived fields (AppName)', () => {
    expect(normaliseLive(describeData)).toStrictEqual(expectedFile)
  })

  test('reads json-bigint output: null-prototype objects and BigNumber values', () => {
    const parsed = bare({
      ...describeData,
      Id: new FakeBigNumber('87'),
      ListenerPort: new FakeBigNumber('443'),
      CorsConfig: bare(describeData.CorsConfig),
      DefaultRule: bare({ ...describeData.DefaultRule, ContainerPort: new FakeBigNumber('8080') }),
      Rules: describeData.Rules.map((rule) => bare({ ...rule, ContainerPort: new FakeBigNumber(String(rule.ContainerPort)) }))
    }) as unknown as LiveIngress
    expect(normaliseLive(parsed)).toStrictEqual(expectedFile)
  })

  test.each([
    ['ListenerPort as a string', { ListenerPort: '80' }, { ListenerPort: 80 }],
    ['timeouts as strings', { RequestTimeout: '30', IdleTimeout: '10' }, { RequestTimeout: 30, IdleTimeout: 10 }],
    ['booleans as strings', { EnableGzip: 'false', EnableXForwardedFor: 'TRUE' }, { EnableGzip: false, EnableXForwardedFor: true }],
    ['CORS values that are not strings', { CorsConfig: { Enable: true, MaxAge: 600 } }, { CorsConfig: { Enable: 'true', MaxAge: '600' } }],
    ['a lower-case listener protocol', { ListenerProtocol: 'http' }, { ListenerProtocol: 'HTTP' }]
  ])('coerces %s', (_name, data, expected) => {
    expect(normaliseLive({ Id: 1, ...data } as unknown as LiveIngress)).toStrictEqual({ IngressId: 1, Rules: [], ...expected })
  })

  test.each([
    ['Rules missing', {}],
    ['Rules null', { Rules: null }],
    ['Rules not a list', { Rules: 'oops' }]
  ])('treats %s as an empty rule set', (_name, data) => {
    expect(normaliseLive({ Id: 1, ...data } as unknown as LiveIngress)).toStrictEqual({ IngressId: 1, Rules: [] })
  })

  test.each([
    ['IdleTimeout 0', { IdleTimeout: 0 }],
    ['IdleTimeout above 60', { IdleTimeout: 61 }],
    ['RequestTimeout above 180', { RequestTimeout: 900 }],
    ['ListenerPort 0', { ListenerPort: 0 }],
    ['blank strings', { Description: '', CertId: ' ', CertIds: '', SecurityPolicyId: '' }],
    ['an unknown listener protocol', { ListenerProtocol: 'TCP' }],
    ['an empty DefaultRule', { DefaultRule: {} }],
    ['a CorsConfig of blanks', { CorsConfig: { Enable: '', AllowOrigin: '', AllowCredentials: 'maybe', MaxAge: '' } }],
    ['a CORS MaxAge out of range', { CorsConfig: { MaxAge: '999999' } }],
    ['non-boolean flags', { EnableGzip: 'yes' }]
  ])('leaves out values the file schema would reject: %s', (_name, data) => {
    const file = normaliseLive({ Id: 1, ...data } as unknown as LiveIngress)
    expect(file).toStrictEqual({ IngressId: 1, Rules: [] })
  })

  test('leaves optional rule fields out instead of writing undefined keys', () => {
    const [rule] = normaliseLive({ Id: 1, Rules: [{ AppId: 'x', ContainerPort: 80, Domain: 'd', Path: '/', AppName: '' }] }).Rules ?? []
    expect(Object.keys(rule ?? {})).toEqual(['appId', 'containerPort', 'domain', 'path'])
  })

  test('keeps an unusual backend protocol of another team\'s rule, lower-cased, so re-sending it is faithful', () => {
    const live = { Id: 1, Rules: [{ AppId: 'x', ContainerPort: 80, Domain: 'd', Path: '/', BackendProtocol: 'GRPC' }] }
    expect(normaliseLive(live).Rules?.[0]?.backendProtocol).toBe('grpc')
  })

  test('produces a file that plans as no change against the same live ingress (previous-config re-applies)', () => {
    const file = normaliseLive(describeData)
    const plan = planChanges(file, normaliseLive(describeData), 'replace')
    expect(plan).toMatchObject({ changed: false, settings: [], problems: [] })
    expect(plan.send).toBeUndefined()
  })
})
