import type { IngressFile } from '../src/engine/ingress/types.js'
import { normaliseLive } from '../src/engine/plan/normalise.js'
import { planChanges } from '../src/engine/plan/plan.js'

const live = normaliseLive({
  Id: 87,
  Description: 'shared',
  ListenerPort: 443,
  ListenerProtocol: 'HTTPS',
  CertIds: '87735-cn-hangzhou,81213-cn-hangzhou',
  RequestTimeout: 60,
  IdleTimeout: 15,
  EnableGzip: false,
  EnableXForwardedFor: true,
  CorsConfig: { Enable: 'true', AllowOrigin: '*', AllowMethods: 'GET,POST', AllowCredentials: 'off', MaxAge: '600' },
  DefaultRule: { AppId: 'app-default', AppName: 'fallback', BackendProtocol: 'http', ContainerPort: 8080 },
  Rules: [{ AppId: 'app-a', AppName: 'alpha', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'a.example.com', Path: '/' }]
})
const withSetting = (settings: Partial<IngressFile>): IngressFile => ({ IngressId: 87, ...settings } as IngressFile)

describe('planChanges: settings the file states', () => {
  test.each<[string, Partial<IngressFile>]>([
    ['ListenerPort "443" is 443', { ListenerPort: '443' }],
    ['ListenerPort 443', { ListenerPort: 443 }],
    ['ListenerProtocol in another case', { ListenerProtocol: 'https' as 'HTTPS' }],
    ['CertIds as an array in another order', { CertIds: ['81213-cn-hangzhou', '87735-cn-hangzhou'] }],
    ['CertIds string with spaces', { CertIds: ' 81213-cn-hangzhou , 87735-cn-hangzhou ' }],
    ['CorsConfig Enable true and MaxAge 600 are the service\'s strings', { CorsConfig: { Enable: true, MaxAge: 600 } }],
    ['CorsConfig with only some keys', { CorsConfig: { AllowOrigin: '*' } }],
    ['CorsConfig list with spaces after commas', { CorsConfig: { AllowMethods: 'GET, POST' } }],
    ['DefaultRule without the app name and protocol the service filled in', { DefaultRule: { appId: 'app-default', containerPort: 8080 } }],
    ['IdleTimeout 0 asks for the default the service reports as 15', { IdleTimeout: 0 }],
    ['EnableGzip false', { EnableGzip: false }],
    ['an X-Forwarded flag the service leaves out, stated false', { EnableXForwardedForSlbPort: false }],
    ['Description', { Description: 'shared' }]
  ])('%s → no difference', (_name, settings) => {
    const plan = planChanges(withSetting(settings), live, 'replace')
    expect(plan.settings).toEqual([])
    expect(plan.changed).toBe(false)
    expect(plan.send).toBeUndefined()
  })

  test.each<[string, Partial<IngressFile>, unknown]>([
    ['ListenerPort', { ListenerPort: '80' }, 443],
    ['RequestTimeout', { RequestTimeout: 30 }, 60],
    ['IdleTimeout', { IdleTimeout: 30 }, 15],
    ['CertIds', { CertIds: ['87735-cn-hangzhou'] }, '87735-cn-hangzhou,81213-cn-hangzhou'],
    ['CorsConfig', { CorsConfig: { Enable: false } }, live.CorsConfig],
    ['CorsConfig', { CorsConfig: { MaxAge: 60 } }, live.CorsConfig],
    ['DefaultRule', { DefaultRule: { appId: 'app-default', containerPort: 9090 } }, live.DefaultRule],
    ['EnableGzip', { EnableGzip: true }, false],
    ['SecurityPolicyId', { SecurityPolicyId: 'tls_cipher_policy_1_2' }, undefined],
    ['EnableXForwardedForProto', { EnableXForwardedForProto: true }, undefined]
  ])('%s %j differs from the live value', (name, settings, before) => {
    const plan = planChanges(withSetting(settings), live, 'replace')
    expect(plan.settings).toEqual([{ name, before, after: Object.values(settings)[0] }])
    expect(plan.changed).toBe(true)
  })

  test('a DefaultRule in the file is the whole rule: a live https it does not state is a change, marked implicit', () => {
    const current = normaliseLive({ Id: 87, DefaultRule: { AppId: 'app-default', AppName: 'fallback', BackendProtocol: 'https', ContainerPort: 8080 } })
    const plan = planChanges(withSetting({ DefaultRule: { appId: 'app-default', containerPort: 8080 } }), current, 'replace')
    expect(plan.settings).toEqual([
      { name: 'DefaultRule', before: { appId: 'app-default', containerPort: 8080, backendProtocol: 'https' }, after: { appId: 'app-default', containerPort: 8080 }, implicit: true }
    ])
    const explicit = planChanges(withSetting({ DefaultRule: { appId: 'app-default', containerPort: 8080, backendProtocol: 'https' } }), current, 'replace')
    expect(explicit.changed).toBe(false)
  })

  test('a DefaultRule change the file states is not marked implicit', () => {
    const plan = planChanges(withSetting({ DefaultRule: { appId: 'app-default', containerPort: 9090 } }), live, 'replace')
    expect(plan.settings[0]?.implicit).toBeUndefined()
  })

  test('sends every stated setting as the file states it once anything changed, and nothing else', () => {
    const desired = withSetting({ ListenerPort: '443', CertIds: ['87735-cn-hangzhou', '81213-cn-hangzhou'], RequestTimeout: 30 })
    expect(planChanges(desired, live, 'upsert').send).toStrictEqual(desired)
  })

  test('a file holding only IngressId and Rules compares and sends no settings', () => {
    const desired: IngressFile = { IngressId: 87, Rules: [{ appId: 'app-b', containerPort: 80, domain: 'b.example.com', path: '/' }] }
    const plan = planChanges(desired, live, 'upsert')
    expect(plan.settings).toEqual([])
    expect(Object.keys(plan.send ?? {})).toEqual(['IngressId', 'Rules'])
  })

  test('$schema and LoadBalanceType are never compared or sent', () => {
    const desired: IngressFile = { $schema: './ingress.schema.json', IngressId: 87, LoadBalanceType: 'clb', RequestTimeout: 30 }
    const plan = planChanges(desired, live, 'replace')
    expect(plan.settings.map((setting) => setting.name)).toEqual(['RequestTimeout'])
    expect(plan.send).toStrictEqual({ IngressId: 87, RequestTimeout: 30 })
  })

  test('IngressId comes from the live ingress when the file has none (the ingress-id input)', () => {
    expect(planChanges({ RequestTimeout: 30 }, live, 'replace').send).toStrictEqual({ IngressId: 87, RequestTimeout: 30 })
  })

  test.each<[string, IngressFile, IngressFile, string]>([
    ['a file for another ingress', { IngressId: 12, RequestTimeout: 30 }, live, 'the file is for ingress 12 but the live ingress is 87'],
    ['no IngressId anywhere', { RequestTimeout: 30 }, { Rules: [] }, 'IngressId is not known: set it in the file or with the ingress-id input']
  ])('%s is a problem', (_name, desired, current, problem) => {
    expect(planChanges(desired, current, 'replace').problems).toEqual([problem])
  })

  test('after is the live state with the stated settings applied', () => {
    const after = planChanges(withSetting({ RequestTimeout: 30 }), live, 'replace').after
    expect(after).toStrictEqual({ ...live, RequestTimeout: 30 })
  })
})
