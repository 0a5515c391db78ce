import { loadIngressFile } from '../src/engine/ingress/load.js'

const file = (...lines: string[]): string => lines.join('\n')
type Expected = [line: number, column: number, message: string]

async function problemsOf(text: string | Uint8Array, env: Record<string, string> = {}): Promise<Expected[]> {
  const result = await loadIngressFile(text, env)
  if (result.ok) throw new Error('accepted')
  return result.problems.map((p) => [p.line, p.column, p.message])
}

const RULE_LINE = (fields: string): string => `    { "appId": "app-1", "containerPort": 8080, ${fields} }`

describe('loadIngressFile rejects, at the offending value', () => {
  test.each<[string, string, Expected[]]>([
    [
      'a containerPort above 65535',
      file('{', '  "Rules": [', '    {', '      "appId": "app-1",', '      "containerPort": 70000,', '      "domain": "a.example.com",', '      "path": "/"', '    }', '  ]', '}'),
      [[5, 24, 'Rules/0/containerPort must be an integer from 1 to 65535 (found 70000)']]
    ],
    [
      'a containerPort written as a string',
      file('{', '  "DefaultRule": { "appId": "app-1", "containerPort": "8080" }', '}'),
      [[2, 55, 'DefaultRule/containerPort must be an integer from 1 to 65535 (found "8080")']]
    ],
    [
      'a numeric-string ListenerPort out of range',
      file('{', '  "ListenerPort": "65536"', '}'),
      [[2, 19, 'ListenerPort must be an integer from 1 to 65535, as a number or a numeric string (found "65536")']]
    ],
    [
      'a ListenerPort with a leading zero',
      file('{', '  "ListenerPort": "0443"', '}'),
      [[2, 19, 'ListenerPort must be an integer from 1 to 65535, as a number or a numeric string (found "0443")']]
    ],
    [
      'a ListenerPort of the wrong type',
      file('{', '  "ListenerPort": true', '}'),
      [[2, 19, 'ListenerPort must be an integer from 1 to 65535, as a number or a numeric string (found true)']]
    ],
    [
      'timeouts out of range',
      file('{', '  "RequestTimeout": 0,', '  "IdleTimeout": 61', '}'),
      [
        [2, 21, 'RequestTimeout must be an integer from 1 to 180 (found 0)'],
        [3, 18, 'IdleTimeout must be an integer from 0 to 60 (found 61)']
      ]
    ],
    [
      'a fractional RequestTimeout',
      file('{', '  "RequestTimeout": 1.5', '}'),
      [[2, 21, 'RequestTimeout must be an integer from 1 to 180 (found 1.5)']]
    ],
    ['an IngressId that is not a positive integer', file('{', '  "IngressId": "87"', '}'), [[2, 16, 'IngressId must be a positive integer (found "87")']]],
    [
      'a ListenerProtocol in lower case',
      file('{', '  "ListenerProtocol": "https",', '  "CertIds": ["756123-cn-hangzhou"]', '}'),
      [[2, 23, 'ListenerProtocol must be "HTTP" or "HTTPS" (found "https") — did you mean "HTTPS"?']]
    ],
    [
      'HTTPS without a certificate',
      file('{', '  "ListenerPort": 443,', '  "ListenerProtocol": "HTTPS"', '}'),
      [[3, 23, 'ListenerProtocol HTTPS needs a certificate: set CertId (CLB) or CertIds (ALB)']]
    ],
    [
      'a CertIds entry without its region',
      file('{', '  "ListenerProtocol": "HTTPS",', '  "CertIds": [', '    "756123-cn-hangzhou",', '    "756124"', '  ]', '}'),
      [[5, 5, 'CertIds/1 must look like <certId>-<regionId>, e.g. 756123-cn-hangzhou (found "756124")']]
    ],
    [
      'a CertIds string with a space after the comma',
      file('{', '  "ListenerProtocol": "HTTPS",', '  "CertIds": "756123-cn-hangzhou, 812345-cn-hangzhou"', '}'),
      [
        [
          3,
          14,
          'CertIds must be comma-separated <certId>-<regionId> entries, e.g. 756123-cn-hangzhou; not valid: " 812345-cn-hangzhou"; no spaces around the commas'
        ]
      ]
    ],
    ['an empty CertIds array', file('{', '  "CertIds": []', '}'), [[2, 14, 'CertIds must have at least 1 item']]],
    [
      'a rule path without the leading slash',
      file('{', '  "Rules": [', RULE_LINE('"domain": "a.example.com", "path": "api"'), '  ]', '}'),
      [[3, 83, 'Rules/0/path must start with "/" (found "api")']]
    ],
    [
      'a domain and path pair used twice (host names ignore case)',
      file('{', '  "Rules": [', RULE_LINE('"domain": "a.example.com", "path": "/"') + ',', RULE_LINE('"domain": "A.example.com", "path": "/"'), '  ]', '}'),
      [[4, 5, 'Rules/1 repeats domain "A.example.com" and path "/" of Rules/0; each domain and path pair may appear once']]
    ],
    [
      'more than 40 rules, once (not also as the schema maxItems)',
      file('{', '  "Rules": [', ...Array.from({ length: 41 }, (_, i) => RULE_LINE(`"domain": "d${i}.example.com", "path": "/"`) + (i < 40 ? ',' : '')), '  ]', '}'),
      [[2, 12, 'Rules has 41 rules; UpdateIngress accepts at most 40 (it would fail with Exceed.IngressRule)']]
    ],
    [
      'missing required keys, at the object that lacks them',
      file('{', '  "Rules": [', '    {', '      "appId": "app-1",', '      "domain": "a.example.com"', '    }', '  ]', '}'),
      [
        [3, 5, 'Rules/0 is missing the required key "containerPort"'],
        [3, 5, 'Rules/0 is missing the required key "path"']
      ]
    ],
    [
      'an unknown top-level key, at the key, with a suggestion',
      file('{', '  "IngressId": 87,', '  "Rule": []', '}'),
      [[3, 3, 'unknown key "Rule" at the top level — did you mean "Rules"?']]
    ],
    [
      "a rule key in DescribeIngress's PascalCase, suggested once and not also reported missing",
      file('{', '  "Rules": [', '    { "AppId": "app-1", "containerPort": 8080, "domain": "a.example.com", "path": "/" }', '  ]', '}'),
      [[3, 7, 'unknown key "AppId" in Rules/0 — did you mean "appId"?']]
    ],
    [
      'an unknown key with no close match, listing the valid ones',
      file('{', '  "DefaultRule": {', '    "appId": "app-1",', '    "containerPort": 8080,', '    "weight": 100', '  }', '}'),
      [[5, 5, 'unknown key "weight" in DefaultRule (valid keys: appId, containerPort, backendProtocol, appName)']]
    ],
    [
      'a string longer than the schema allows',
      file('{', `  "Description": "${'x'.repeat(300)}"`, '}'),
      [[2, 18, 'Description must be at most 256 characters long (it has 300)']]
    ],
    ['a boolean written as a string', file('{', '  "EnableGzip": "true"', '}'), [[2, 17, 'EnableGzip must be true or false (found "true")']]],
    [
      'CORS values out of their ranges',
      file('{', '  "CorsConfig": {', '    "AllowCredentials": "yes",', '    "MaxAge": 172801', '  }', '}'),
      [
        [3, 25, 'CorsConfig/AllowCredentials must be "on" or "off" (found "yes")'],
        [4, 15, 'CorsConfig/MaxAge must be an integer from -1 to 172800, as a number or a numeric string (found 172801)']
      ]
    ],
    ['an empty domain', file('{', '  "Rules": [', RULE_LINE('"domain": "", "path": "/"'), '  ]', '}'), [[3, 58, 'Rules/0/domain must not be empty']]],
    ['a document that is not an object', '[]', [[1, 1, 'the file must be an object (found an array)']]],
    [
      'a duplicate key, at the second one',
      file('{', '  "IngressId": 87,', '  "IngressId": 88', '}'),
      [[3, 3, 'duplicate key "IngressId" (first at line 2, column 3); keep only one']]
    ]
  ])('%s', async (_name, text, expected) => {
    expect(await problemsOf(text)).toEqual(expected)
  })

  test('every problem at once, sorted by line', async () => {
    const text = file(
      '{',
      '  "IdleTimeout": -1,',
      '  "Rules": [',
      RULE_LINE('"domain": "a.example.com", "path": "x"'),
      '  ],',
      '  "Listenerport": 80,',
      '  "RequestTimeout": 500',
      '}'
    )
    expect(await problemsOf(text)).toEqual([
      [2, 18, 'IdleTimeout must be an integer from 0 to 60 (found -1)'],
      [4, 83, 'Rules/0/path must start with "/" (found "x")'],
      [6, 3, 'unknown key "Listenerport" at the top level — did you mean "ListenerPort"?'],
      [7, 21, 'RequestTimeout must be an integer from 1 to 180 (found 500)']
    ])
  })
})
