import { loadIngressFile } from '../src/engine/ingress/load.js'
import type { IngressFile } from '../src/engine/ingress/types.js'

const file = (...lines: string[]): string => lines.join('\n')
const APP = '395b60e4-0550-458d-9c54-a265d0360000'

const MINIMAL = file(
  '{',
  '  "IngressId": 87,',
  `  "DefaultRule": { "appId": "${APP}", "containerPort": 8080 }`,
  '}'
)

const FULL = file(
  '{',
  '  "$schema": "../schema/ingress.schema.json",',
  '  "IngressId": 87,',
  '  "Description": "ingress-sae-test",',
  '  "ListenerPort": 443,',
  '  "ListenerProtocol": "HTTPS",',
  '  "CertId": "1880770869020000_176993d0000_1814370000_1087240000",',
  '  "DefaultRule": { "appId": "app-default", "containerPort": 8080, "backendProtocol": "http", "appName": "web" },',
  '  "Rules": [',
  '    { "appId": "app-1", "containerPort": 8080, "domain": "www.sae.site", "path": "/path1" },',
  '    {',
  '      "appId": "app-2", "containerPort": 9090, "domain": "sae.site", "path": "/sys/(.*)/(.*)/aaa",',
  '      "backendProtocol": "grpc", "rewritePath": "/${1}", "appName": "api"',
  '    }',
  '  ],',
  '  "RequestTimeout": 60,',
  '  "IdleTimeout": 0,',
  '  "SecurityPolicyId": "tls_cipher_policy_1_2_strict_with_1_3",',
  '  "CorsConfig": {',
  '    "Enable": true, "AllowOrigin": "*", "AllowMethods": "GET,POST", "AllowHeaders": "*",',
  '    "ExposeHeaders": "X-Request-Id", "AllowCredentials": "on", "MaxAge": -1',
  '  },',
  '  "EnableGzip": true,',
  '  "EnableXForwardedFor": true,',
  '  "EnableXForwardedForClientSrcPort": false,',
  '  "EnableXForwardedForProto": true,',
  '  "EnableXForwardedForSlbId": false,',
  '  "EnableXForwardedForSlbPort": true',
  '}'
)

async function accepted(text: string | Uint8Array, env: Record<string, string> = {}): Promise<IngressFile> {
  const result = await loadIngressFile(text, env)
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.problems)}`)
  expect(result.warnings).toEqual([])
  return result.ingress
}

describe('loadIngressFile accepts', () => {
  test('a minimal file', async () => {
    expect(await accepted(MINIMAL)).toEqual({ IngressId: 87, DefaultRule: { appId: APP, containerPort: 8080 } })
  })

  test('an empty object: nothing to change, IngressId from the action input', async () => {
    expect(await accepted('{}')).toEqual({})
  })

  test('a file using every parameter, keeping the values as written', async () => {
    const ingress = await accepted(FULL)
    expect(ingress.Rules?.[1]).toEqual({
      appId: 'app-2',
      containerPort: 9090,
      domain: 'sae.site',
      path: '/sys/(.*)/(.*)/aaa',
      backendProtocol: 'grpc',
      rewritePath: '/${1}',
      appName: 'api'
    })
    expect(ingress.CorsConfig).toEqual({
      Enable: true,
      AllowOrigin: '*',
      AllowMethods: 'GET,POST',
      AllowHeaders: '*',
      ExposeHeaders: 'X-Request-Id',
      AllowCredentials: 'on',
      MaxAge: -1
    })
    // Every parameter but CertIds (CertId is used) and the deprecated LoadBalanceType.
    expect(Object.keys(ingress)).toHaveLength(18)
  })

  test.each([
    ['CertIds as an array', '"CertIds": ["756123-cn-hangzhou", "812345-ap-southeast-1"]', ['756123-cn-hangzhou', '812345-ap-southeast-1']],
    ['CertIds as a comma-separated string', '"CertIds": "87***35-cn-hangzhou,812***3-cn-hangzhou"', '87***35-cn-hangzhou,812***3-cn-hangzhou'],
    ['CertId for CLB', '"CertId": "188077086902****_176993d****"', undefined]
  ])('HTTPS with %s', async (_name, certLine, certIds) => {
    const ingress = await accepted(file('{', '  "ListenerProtocol": "HTTPS",', `  ${certLine}`, '}'))
    expect(ingress.ListenerProtocol).toBe('HTTPS')
    expect(ingress.CertIds).toEqual(certIds)
  })

  test.each([
    ['a number', '443', 443],
    ['a numeric string', '"443"', '443'],
    ['the highest port as a string', '"65535"', '65535']
  ])('ListenerPort as %s', async (_name, json, expected) => {
    expect((await accepted(`{ "ListenerPort": ${json} }`)).ListenerPort).toBe(expected)
  })

  test.each([
    ['strings', '{ "Enable": "false", "MaxAge": "172800" }', { Enable: 'false', MaxAge: '172800' }],
    ['native values', '{ "Enable": false, "MaxAge": 0 }', { Enable: false, MaxAge: 0 }]
  ])('CorsConfig values as %s', async (_name, json, expected) => {
    expect((await accepted(`{ "CorsConfig": ${json} }`)).CorsConfig).toEqual(expected)
  })

  test('exactly 40 rules', async () => {
    const rules = Array.from({ length: 40 }, (_, i) => `{"appId":"a","containerPort":80,"domain":"d${i}.example.com","path":"/"}`)
    expect((await accepted(`{"Rules":[${rules.join(',')}]}`)).Rules).toHaveLength(40)
  })

  test('the same path on different domains, and different paths on one domain', async () => {
    const rule = (domain: string, path: string): string => `{"appId":"a","containerPort":80,"domain":"${domain}","path":"${path}"}`
    const text = `{"Rules":[${rule('a.example.com', '/')},${rule('b.example.com', '/')},${rule('a.example.com', '/api')}]}`
    expect((await accepted(text)).Rules).toHaveLength(3)
  })

  test('UTF-8 bytes with a BOM, CRLF line endings and non-ASCII text', async () => {
    const text = '\ufeff{\r\n  "Description": "入口 – prod ✓"\r\n}\r\n'
    expect(await accepted(new TextEncoder().encode(text))).toEqual({ Description: '入口 – prod ✓' })
    expect(await accepted(text)).toEqual({ Description: '入口 – prod ✓' })
  })

  test('a "__proto__" key is data, never the prototype (and is rejected as unknown)', async () => {
    const result = await loadIngressFile('{ "__proto__": { "IngressId": 1 } }', {})
    expect(result.ok).toBe(false)
    expect(({} as Record<string, unknown>).IngressId).toBeUndefined()
  })
})

describe('LoadBalanceType', () => {
  test('is accepted with a warning located at its key', async () => {
    const result = await loadIngressFile(file('{', '  "IngressId": 87,', '  "LoadBalanceType": "clb"', '}'), {})
    expect(result).toEqual({
      ok: true,
      ingress: { IngressId: 87, LoadBalanceType: 'clb' },
      warnings: [
        {
          message:
            'LoadBalanceType is ignored: UpdateIngress no longer accepts it and the load balancer type cannot change after creation; remove it',
          pointer: '/LoadBalanceType',
          line: 3,
          column: 3
        }
      ]
    })
  })

  test('is warned about even when the file has problems', async () => {
    const result = await loadIngressFile('{ "LoadBalanceType": "alb", "IdleTimeout": 99 }', {})
    expect(result.ok).toBe(false)
    expect(result.warnings.map((w) => w.pointer)).toEqual(['/LoadBalanceType'])
  })
})
