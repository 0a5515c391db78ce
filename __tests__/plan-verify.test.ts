import type { IngressFile, IngressRule } from '../src/engine/ingress/types.js'
import { normaliseLive } from '../src/engine/plan/normalise.js'
import { planChanges } from '../src/engine/plan/plan.js'
import type { RulesMode } from '../src/engine/plan/types.js'
import { unmet } from '../src/engine/plan/verify.js'

const theirs = { AppId: 'app-t', AppName: 'theirs', BackendProtocol: 'http', ContainerPort: 80, Domain: 't.example.com', Path: '/' }
const before = normaliseLive({ Id: 87, RequestTimeout: 60, Rules: [theirs] })
const ours: IngressRule = { appId: 'app-o', containerPort: 8080, domain: 'o.example.com', path: '/' }
// What DescribeIngress reports once our rule took: the service fills in the name and protocol.
const oursLive = { AppId: 'app-o', AppName: 'ours', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'o.example.com', Path: '/' }
const liveWith = (rules: object[], extra: object = {}): IngressFile =>
  normaliseLive({ Id: 87, RequestTimeout: 60, ...extra, Rules: rules } as Parameters<typeof normaliseLive>[0])

describe('unmet', () => {
  test.each<[RulesMode, IngressFile]>([
    ['upsert', { IngressId: 87, Rules: [ours], RequestTimeout: 30 }],
    ['replace', { IngressId: 87, Rules: [ours], RequestTimeout: 30 }],
    ['remove', { IngressId: 87, Rules: [{ ...ours, domain: 't.example.com' }] }]
  ])('%s: the planned state, as the service reports it, leaves nothing unmet', (mode, desired) => {
    expect(unmet(desired, planChanges(desired, before, mode).after, mode)).toEqual([])
  })

  test('service-filled app name and backend protocol are not reported', () => {
    expect(unmet({ IngressId: 87, Rules: [ours] }, liveWith([theirs, oursLive]), 'upsert')).toEqual([])
  })

  test.each<[string, RulesMode, IngressFile, IngressFile, string[]]>([
    [
      'a concurrent writer put back a rule set without our rule',
      'upsert',
      { IngressId: 87, Rules: [ours] },
      liveWith([theirs]),
      ['rule o.example.com/ is missing']
    ],
    [
      'our rule came back with an old port',
      'upsert',
      { IngressId: 87, Rules: [ours] },
      liveWith([theirs, { ...oursLive, ContainerPort: 9090 }]),
      ['rule o.example.com/: containerPort is 9090, expected 8080']
    ],
    [
      'a removed rule is still there',
      'remove',
      { IngressId: 87, Rules: [ours] },
      liveWith([theirs, oursLive]),
      ['rule o.example.com/ is still present']
    ],
    [
      'replace finds a rule the file does not have',
      'replace',
      { IngressId: 87, Rules: [ours] },
      liveWith([theirs, oursLive]),
      ['rule t.example.com/ is present but not in the file']
    ],
    [
      'a setting did not take',
      'upsert',
      { IngressId: 87, Rules: [ours], RequestTimeout: 30 },
      liveWith([oursLive]),
      ['RequestTimeout is 60, expected 30']
    ],
    [
      'a setting the service does not report',
      'replace',
      { IngressId: 87, SecurityPolicyId: 'tls_cipher_policy_1_2' },
      liveWith([]),
      ['SecurityPolicyId is not set, expected tls_cipher_policy_1_2']
    ],
    [
      'upsert does not care about other teams\' rules disappearing',
      'upsert',
      { IngressId: 87, Rules: [ours] },
      liveWith([oursLive]),
      []
    ]
  ])('%s', (_name, mode, desired, live, expected) => {
    expect(unmet(desired, live, mode)).toEqual(expected)
  })
})
