import { canonicalIngressFile, fromUpdateRequest, toUpdateRequest } from '../src/engine/ingress/params.js'
import type { IngressFile } from '../src/engine/ingress/types.js'

const RULE = { appId: 'app-1', containerPort: 8080, domain: 'a.example.com', path: '/' }

describe('toUpdateRequest', () => {
  test.each<[string, IngressFile, Record<string, string>]>([
    ['Description', { Description: 'ingress-sae-test' }, { Description: 'ingress-sae-test' }],
    ['ListenerPort as a number, sent as a string', { ListenerPort: 443 }, { ListenerPort: '443' }],
    ['ListenerPort as a numeric string', { ListenerPort: '8443' }, { ListenerPort: '8443' }],
    ['ListenerProtocol', { ListenerProtocol: 'HTTPS' }, { ListenerProtocol: 'HTTPS' }],
    ['CertId', { CertId: '1880_1769' }, { CertId: '1880_1769' }],
    ['CertIds as an array, joined with commas', { CertIds: ['1-cn-hangzhou', '2-cn-hangzhou'] }, { CertIds: '1-cn-hangzhou,2-cn-hangzhou' }],
    ['CertIds as a string, as written', { CertIds: '1-cn-hangzhou,2-cn-hangzhou' }, { CertIds: '1-cn-hangzhou,2-cn-hangzhou' }],
    [
      'DefaultRule as JSON in a fixed key order',
      { DefaultRule: { appName: 'web', backendProtocol: 'http', containerPort: 8080, appId: 'app-1' } },
      { DefaultRule: '{"appId":"app-1","containerPort":8080,"backendProtocol":"http","appName":"web"}' }
    ],
    ['RequestTimeout', { RequestTimeout: 60 }, { RequestTimeout: '60' }],
    ['IdleTimeout of 0', { IdleTimeout: 0 }, { IdleTimeout: '0' }],
    ['SecurityPolicyId', { SecurityPolicyId: 'tls_cipher_policy_1_2' }, { SecurityPolicyId: 'tls_cipher_policy_1_2' }],
    [
      'CorsConfig as JSON of strings, as the API documents it',
      { CorsConfig: { MaxAge: 600, AllowCredentials: 'off', Enable: true, AllowOrigin: '*' } },
      { CorsConfig: '{"Enable":"true","AllowOrigin":"*","AllowCredentials":"off","MaxAge":"600"}' }
    ],
    ['EnableGzip false', { EnableGzip: false }, { EnableGzip: 'false' }],
    ['EnableXForwardedFor', { EnableXForwardedFor: true }, { EnableXForwardedFor: 'true' }],
    ['EnableXForwardedForClientSrcPort', { EnableXForwardedForClientSrcPort: false }, { EnableXForwardedForClientSrcPort: 'false' }],
    ['EnableXForwardedForProto', { EnableXForwardedForProto: true }, { EnableXForwardedForProto: 'true' }],
    ['EnableXForwardedForSlbId', { EnableXForwardedForSlbId: true }, { EnableXForwardedForSlbId: 'true' }],
    ['EnableXForwardedForSlbPort', { EnableXForwardedForSlbPort: false }, { EnableXForwardedForSlbPort: 'false' }],
    ['never $schema, LoadBalanceType, or the file\'s IngressId', { $schema: './s.json', LoadBalanceType: 'clb', IngressId: 1 }, {}]
  ])('sends %s', (_name, ingress, expected) => {
    expect(toUpdateRequest(ingress, 87)).toEqual({ query: { IngressId: '87', ...expected } })
  })

  test('sends Rules as JSON for the form body, each rule in a fixed key order', () => {
    const rules = [{ appName: 'api', rewritePath: '/${1}', backendProtocol: 'grpc' as const, path: '/sys/(.*)', domain: 'b.example.com', containerPort: 9090, appId: 'app-2' }, RULE]
    expect(toUpdateRequest({ Rules: rules }, 87)).toEqual({
      query: { IngressId: '87' },
      rules:
        '[{"appId":"app-2","containerPort":9090,"domain":"b.example.com","path":"/sys/(.*)","backendProtocol":"grpc","rewritePath":"/${1}","appName":"api"},' +
        '{"appId":"app-1","containerPort":8080,"domain":"a.example.com","path":"/"}]'
    })
  })

  test('sends an empty rule list when the file says so', () => {
    expect(toUpdateRequest({ Rules: [] }, 87).rules).toBe('[]')
  })

  test('lists query parameters in a stable order', () => {
    const request = toUpdateRequest({ EnableGzip: true, Description: 'd', ListenerPort: 80, IdleTimeout: 5 }, 1)
    expect(Object.keys(request.query)).toEqual(['IngressId', 'Description', 'ListenerPort', 'IdleTimeout', 'EnableGzip'])
  })
})

describe('fromUpdateRequest', () => {
  test('reads every parameter back in canonical form', () => {
    const request = {
      query: {
        IngressId: '87',
        Description: 'd',
        ListenerPort: '443',
        ListenerProtocol: 'HTTPS',
        CertIds: '1-cn-hangzhou,2-cn-hangzhou',
        DefaultRule: '{"appId":"app-1","containerPort":8080}',
        RequestTimeout: '60',
        IdleTimeout: '15',
        CorsConfig: '{"Enable":"false","MaxAge":"-1","AllowCredentials":"on"}',
        EnableGzip: 'true',
        EnableXForwardedForSlbPort: 'false'
      },
      rules: JSON.stringify([RULE])
    }
    expect(fromUpdateRequest(request)).toEqual({
      IngressId: 87,
      Description: 'd',
      ListenerPort: 443,
      ListenerProtocol: 'HTTPS',
      CertIds: ['1-cn-hangzhou', '2-cn-hangzhou'],
      DefaultRule: { appId: 'app-1', containerPort: 8080 },
      Rules: [RULE],
      RequestTimeout: 60,
      IdleTimeout: 15,
      CorsConfig: { Enable: false, MaxAge: -1, AllowCredentials: 'on' },
      EnableGzip: true,
      EnableXForwardedForSlbPort: false
    })
  })

  test.each<[string, IngressFile]>([
    ['an empty file', {}],
    ['CertIds as a string and a numeric-string port', { ListenerPort: '8080', CertIds: 'a-cn-x,b-cn-y', LoadBalanceType: 'alb' }],
    ['CORS written with strings', { CorsConfig: { Enable: 'true', MaxAge: '600', AllowOrigin: 'https://*.example.com' } }],
    [
      'every parameter',
      {
        $schema: 's',
        Description: 'x',
        ListenerPort: 443,
        ListenerProtocol: 'HTTP',
        CertId: 'c',
        CertIds: ['1-cn-x'],
        DefaultRule: { appId: 'a', containerPort: 1, backendProtocol: 'https', appName: 'n' },
        Rules: [{ ...RULE, backendProtocol: 'http', rewritePath: '/', appName: 'n' }],
        RequestTimeout: 180,
        IdleTimeout: 60,
        SecurityPolicyId: 'p',
        CorsConfig: { Enable: false, AllowOrigin: 'o', AllowMethods: 'm', AllowHeaders: 'h', ExposeHeaders: 'e', AllowCredentials: 'off', MaxAge: 0 },
        EnableGzip: false,
        EnableXForwardedFor: true,
        EnableXForwardedForClientSrcPort: false,
        EnableXForwardedForProto: true,
        EnableXForwardedForSlbId: false,
        EnableXForwardedForSlbPort: true
      }
    ]
  ])('inverts toUpdateRequest for %s', (_name, ingress) => {
    expect(fromUpdateRequest(toUpdateRequest(ingress, 87))).toEqual(canonicalIngressFile(ingress, 87))
  })

  test('canonical form: numbers, an array of CertIds, a boolean Enable, no $schema or LoadBalanceType', () => {
    expect(
      canonicalIngressFile({ $schema: 's', IngressId: 1, LoadBalanceType: 'clb', ListenerPort: '80', CertIds: 'a-cn-x', CorsConfig: { Enable: 'true', MaxAge: '5' } }, 87)
    ).toEqual({ IngressId: 87, ListenerPort: 80, CertIds: ['a-cn-x'], CorsConfig: { Enable: true, MaxAge: 5 } })
  })
})

describe('toUpdateRequest sends only what the request API documents', () => {
  test('a rule carries appName only when it has one, and no key the request models lack (RuleActions, AppName)', () => {
    const extra = { ...RULE, domain: 'b.example.com', RuleActions: [{ ActionType: 'redirect' }], AppName: 'derived' } as unknown as typeof RULE
    const request = toUpdateRequest({ Rules: [RULE, { ...RULE, domain: 'n.example.com', appName: 'named' }, extra] }, 87)
    expect(JSON.parse(request.rules ?? '')).toEqual([
      RULE,
      { ...RULE, domain: 'n.example.com', appName: 'named' },
      { ...RULE, domain: 'b.example.com' }
    ])
  })

  test('a live rule re-sent keeps its backendProtocol and rewritePath exactly', () => {
    const kept = { ...RULE, backendProtocol: 'https' as const, rewritePath: '/${1}' }
    expect(JSON.parse(toUpdateRequest({ Rules: [kept] }, 87).rules ?? '')).toEqual([kept])
  })
})
