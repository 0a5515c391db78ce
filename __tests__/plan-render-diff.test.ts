import type { IngressFile } from '../src/engine/ingress/types.js'
import { normaliseLive } from '../src/engine/plan/normalise.js'
import { planChanges } from '../src/engine/plan/plan.js'
import { formatValue, renderDiff } from '../src/engine/plan/render-diff.js'
import type { RulesMode } from '../src/engine/plan/types.js'

const live = normaliseLive({
  Id: 87,
  RequestTimeout: 60,
  CorsConfig: { Enable: 'true' },
  Rules: [
    { AppId: 'app-a', AppName: 'alpha', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'a.example.com', Path: '/api' },
    { AppId: 'app-old', ContainerPort: 80, Domain: 'old.example.com', Path: '/' }
  ]
})
const apiRule = { appId: 'app-a', containerPort: 8080, domain: 'a.example.com', path: '/api' }
const preview = { appId: '2f9c-app', containerPort: 8080, domain: 'pr-42.preview.example.com', path: '/' }

describe('renderDiff', () => {
  test.each<[string, RulesMode, IngressFile, string[]]>([
    ['nothing to do', 'upsert', { IngressId: 87, Rules: [apiRule] }, ['no changes']],
    ['an added rule', 'upsert', { IngressId: 87, Rules: [preview] }, ['+ rule pr-42.preview.example.com/ → 2f9c-app:8080']],
    [
      'an added rule with protocol and rewrite',
      'upsert',
      { IngressId: 87, Rules: [{ ...preview, backendProtocol: 'grpc', rewritePath: '/${1}' }] },
      ['+ rule pr-42.preview.example.com/ → 2f9c-app:8080 (backendProtocol grpc, rewritePath /${1})']
    ],
    ['a removed rule', 'remove', { IngressId: 87, Rules: [{ ...preview, domain: 'old.example.com' }] }, ['- rule old.example.com/']],
    [
      'a changed rule, field by field',
      'upsert',
      { IngressId: 87, Rules: [{ ...apiRule, appId: 'app-b', containerPort: 9090 }] },
      ['~ rule a.example.com/api: appId app-a → app-b, containerPort 8080 → 9090']
    ],
    ['a changed setting', 'replace', { IngressId: 87, RequestTimeout: 30 }, ['~ RequestTimeout: 60 → 30']],
    ['a setting the live ingress lacks', 'replace', { IngressId: 87, IdleTimeout: 30 }, ['~ IdleTimeout: unset → 30']],
    [
      'an object setting as JSON',
      'replace',
      { IngressId: 87, CorsConfig: { Enable: false } },
      ['~ CorsConfig: {"Enable":"true"} → {"Enable":false}']
    ],
    [
      'replace: rules first, sorted, then settings',
      'replace',
      { IngressId: 87, RequestTimeout: 30, Rules: [preview, apiRule] },
      ['- rule old.example.com/', '+ rule pr-42.preview.example.com/ → 2f9c-app:8080', '~ RequestTimeout: 60 → 30']
    ],
    [
      'removing a rule that is not live',
      'remove',
      { IngressId: 87, Rules: [preview] },
      ['no changes', '= rule pr-42.preview.example.com/ is not live, nothing to remove']
    ]
  ])('%s', (_name, mode, desired, lines) => {
    expect(renderDiff(planChanges(desired, live, mode)).split('\n')).toEqual(lines)
  })

  test('a change that comes only from a field the file leaves out says so', () => {
    const current = normaliseLive({
      Id: 87,
      DefaultRule: { AppId: 'app-a', ContainerPort: 8080, BackendProtocol: 'https' },
      Rules: [{ AppId: 'app-b', BackendProtocol: 'https', ContainerPort: 443, Domain: 'b.example.com', Path: '/', RewritePath: '/v2' }]
    })
    const desired: IngressFile = {
      IngressId: 87,
      DefaultRule: { appId: 'app-a', containerPort: 8080 },
      Rules: [{ appId: 'app-b', containerPort: 443, domain: 'b.example.com', path: '/' }]
    }
    expect(renderDiff(planChanges(desired, current, 'replace')).split('\n')).toEqual([
      '~ rule b.example.com/: backendProtocol https → http (not in the file: back to the default), ' +
        'rewritePath /v2 → unset (not in the file: back to the default)',
      '~ DefaultRule: {"appId":"app-a","containerPort":8080,"backendProtocol":"https"} → {"appId":"app-a","containerPort":8080} ' +
        '(not in the file: back to the default)'
    ])
  })

  test('problems are listed after the changes', () => {
    const plan = planChanges({ IngressId: 12, RequestTimeout: 30 }, live, 'replace')
    expect(renderDiff(plan).split('\n')).toEqual([
      '~ RequestTimeout: 60 → 30',
      '! the file is for ingress 12 but the live ingress is 87'
    ])
  })

  test.each<[unknown, string]>([
    [undefined, 'unset'],
    ['', '""'],
    ['text', 'text'],
    [8080, '8080'],
    [true, 'true'],
    [['1-cn-hangzhou', '2-cn-hangzhou'], '["1-cn-hangzhou","2-cn-hangzhou"]']
  ])('formatValue(%j) → %s', (value, text) => {
    expect(formatValue(value)).toBe(text)
  })
})
