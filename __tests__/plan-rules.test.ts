import type { IngressFile, IngressRule } from '../src/engine/ingress/types.js'
import { normaliseLive } from '../src/engine/plan/normalise.js'
import { planChanges } from '../src/engine/plan/plan.js'
import type { RuleChange } from '../src/engine/plan/types.js'

// A shared ingress as DescribeIngress reports it: the service filled in AppName and BackendProtocol.
const live = normaliseLive({
  Id: 87,
  ListenerPort: 80,
  RequestTimeout: 60,
  Rules: [
    { AppId: 'app-z', AppName: 'zeta', BackendProtocol: 'http', ContainerPort: 80, Domain: 'z.example.com', Path: '/' },
    { AppId: 'app-a', AppName: 'alpha', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'a.example.com', Path: '/api' },
    { AppId: 'app-b', AppName: 'beta', BackendProtocol: 'https', ContainerPort: 443, Domain: 'b.example.com', Path: '/', RewritePath: '/v2' }
  ]
})
const liveRule = (domain: string): IngressRule => {
  const found = live.Rules?.find((rule) => rule.domain === domain)
  if (!found) throw new Error(`fixture has no ${domain}`)
  return found
}
const ours = { appId: 'app-a', containerPort: 8080, domain: 'a.example.com', path: '/api' }
const preview = { appId: 'app-pr', containerPort: 8080, domain: 'pr-42.preview.example.com', path: '/' }
const file = (...rules: IngressRule[]): IngressFile => ({ IngressId: 87, Rules: rules })
const summary = (changes: RuleChange[]): string[] => changes.map((change) => `${change.kind} ${change.key}`)

describe('planChanges: rules', () => {
  test.each([
    ['replace: same rules, service-filled fields left out', 'replace', file(liveRule('z.example.com'), ours, liveRule('b.example.com'))],
    ['replace: same rules in another order', 'replace', file(liveRule('b.example.com'), liveRule('z.example.com'), ours)],
    ['replace: domain in other case', 'replace', file(liveRule('z.example.com'), { ...ours, domain: 'A.Example.COM' }, liveRule('b.example.com'))],
    ['replace: file without Rules', 'replace', { IngressId: 87 }],
    ['upsert: our rule already live and equal', 'upsert', file(ours)],
    ['upsert: backendProtocol http stated, service has http', 'upsert', file({ ...ours, backendProtocol: 'http' })],
    ['remove: rule not live', 'remove', file(preview)]
  ] as const)('%s → no change, nothing sent', (_name, mode, desired) => {
    const plan = planChanges(desired, live, mode)
    expect(plan.changed).toBe(false)
    expect(plan.rulesChanged).toBe(false)
    expect(plan.send).toBeUndefined()
    expect(plan.rules.every((change) => change.kind === 'unchanged')).toBe(true)
  })

  test.each([
    ['replace adds, keeps and removes', 'replace', file(ours, preview), ['unchanged a.example.com/api', 'removed b.example.com/', 'added pr-42.preview.example.com/', 'removed z.example.com/']],
    ['upsert adds next to other teams', 'upsert', file(preview), ['unchanged a.example.com/api', 'unchanged b.example.com/', 'added pr-42.preview.example.com/', 'unchanged z.example.com/']],
    ['upsert changes ours only', 'upsert', file({ ...ours, containerPort: 9090 }), ['changed a.example.com/api', 'unchanged b.example.com/', 'unchanged z.example.com/']],
    ['remove takes ours out', 'remove', file(ours), ['removed a.example.com/api', 'unchanged b.example.com/', 'unchanged z.example.com/']],
    ['replace without Rules lists live rules as unchanged', 'replace', { IngressId: 87, RequestTimeout: 30 }, ['unchanged a.example.com/api', 'unchanged b.example.com/', 'unchanged z.example.com/']]
  ] as const)('%s (sorted by domain, then path)', (_name, mode, desired, expected) => {
    expect(summary(planChanges(desired, live, mode).rules)).toEqual(expected)
  })

  test('replace sends the file set as the file writes it: an unchanged rule without the defaults the service reports', () => {
    const plan = planChanges(file(ours, preview), live, 'replace')
    expect(liveRule('a.example.com')).toHaveProperty('backendProtocol', 'http')
    expect(plan.send).toStrictEqual({ IngressId: 87, Rules: [ours, preview] })
    expect(plan.rules.find(rule => rule.key === 'a.example.com/api')?.kind).toBe('unchanged')
  })

  test('upsert sends its own unchanged rule as the file writes it too, next to a change', () => {
    const plan = planChanges(file(ours, preview), live, 'upsert')
    expect(plan.send?.Rules?.find(rule => rule.domain === 'a.example.com')).toStrictEqual(ours)
  })

  test('upsert into a shared ingress re-sends other teams\' rules byte for byte, in live order, ours appended', () => {
    const plan = planChanges(file(preview), live, 'upsert')
    expect(JSON.stringify(plan.send?.Rules)).toBe(JSON.stringify([...(live.Rules ?? []), preview]))
  })

  test('a changed rule is sent as the file states it: the whole rule, without the live AppName', () => {
    const plan = planChanges(file({ ...ours, containerPort: 9090 }), live, 'upsert')
    const change = plan.rules.find((rule) => rule.kind === 'changed')
    expect(change?.fields).toEqual([{ name: 'containerPort', before: 8080, after: 9090 }])
    expect(change?.after).toStrictEqual({ ...ours, containerPort: 9090 })
    expect(plan.send?.Rules).toEqual([liveRule('z.example.com'), { ...ours, containerPort: 9090 }, liveRule('b.example.com')])
  })

  test('upsert re-sends the rules it keeps exactly as live (protocol, rewrite) and without the derived AppName', () => {
    const plan = planChanges(file(preview), live, 'upsert')
    expect(plan.send?.Rules?.find((rule) => rule.domain === 'b.example.com')).toStrictEqual({
      appId: 'app-b',
      containerPort: 443,
      domain: 'b.example.com',
      path: '/',
      backendProtocol: 'https',
      rewritePath: '/v2'
    })
    expect(JSON.stringify(plan.send)).not.toContain('appName')
  })

  test.each([
    ['backendProtocol', { backendProtocol: 'https' }, 'http', 'https'],
    ['rewritePath', { rewritePath: '/v1' }, undefined, '/v1']
  ] as const)('a stated %s that differs is a change', (name, extra, before, after) => {
    const plan = planChanges(file({ ...ours, ...extra }), live, 'upsert')
    expect(plan.rules.find((rule) => rule.kind === 'changed')?.fields).toEqual([{ name, before, after }])
  })

  test('a field the file leaves out means its default: live https and a rewrite the file does not state are changes, marked implicit', () => {
    const theirs = { appId: 'app-b', containerPort: 443, domain: 'b.example.com', path: '/' }
    const plan = planChanges(file(theirs), live, 'upsert')
    const change = plan.rules.find((rule) => rule.kind === 'changed')
    expect(change?.fields).toEqual([
      { name: 'backendProtocol', before: 'https', after: 'http', implicit: true },
      { name: 'rewritePath', before: '/v2', after: undefined, implicit: true }
    ])
    expect(plan.send?.Rules).toContainEqual(theirs)
  })

  test.each([
    ['the file states the live values', { backendProtocol: 'https', rewritePath: '/v2' }],
    ['the file states them in another case and with blanks', { backendProtocol: 'HTTPS', rewritePath: ' /v2 ' }]
  ] as const)('no change when %s', (_name, extra) => {
    const plan = planChanges(file({ appId: 'app-b', containerPort: 443, domain: 'b.example.com', path: '/', ...extra } as IngressRule), live, 'upsert')
    expect(plan.changed).toBe(false)
  })

  test('a live rule without BackendProtocol is http: a file silent on it is no change', () => {
    const bare = normaliseLive({ Id: 87, Rules: [{ AppId: 'app-a', ContainerPort: 8080, Domain: 'a.example.com', Path: '/api' }] })
    expect(planChanges(file(ours), bare, 'upsert').changed).toBe(false)
    expect(planChanges(file({ ...ours, backendProtocol: 'http' }), bare, 'upsert').changed).toBe(false)
  })

  test('AppName is derived from the app: an appName in the file is sent when the rule is, but is never a difference', () => {
    expect(planChanges(file({ ...ours, appName: 'renamed' }), live, 'upsert').changed).toBe(false)
    const plan = planChanges(file({ ...ours, appName: 'renamed', containerPort: 9090 }), live, 'upsert')
    expect(plan.rules.find((rule) => rule.kind === 'changed')?.fields?.map((field) => field.name)).toEqual(['containerPort'])
    expect(plan.send?.Rules).toContainEqual({ ...ours, appName: 'renamed', containerPort: 9090 })
  })

  test('remove matches on domain and path only and keeps every other rule as it was', () => {
    const plan = planChanges(file({ ...ours, appId: 'whatever', containerPort: 1 }), live, 'remove')
    expect(plan.send?.Rules).toStrictEqual([liveRule('z.example.com'), liveRule('b.example.com')])
  })

  test('remove of a rule that is not live shows it in `absent`, not in `rules`, and sends nothing', () => {
    const plan = planChanges(file(preview, ours), live, 'remove')
    expect(plan.absent).toEqual(['pr-42.preview.example.com/'])
    expect(plan.rules.map((rule) => rule.key)).not.toContain('pr-42.preview.example.com/')
    expect(plan.send?.Rules).toStrictEqual([liveRule('z.example.com'), liveRule('b.example.com')])
  })

  test('an empty rule list in replace mode removes every rule', () => {
    const plan = planChanges(file(), live, 'replace')
    expect(plan.send).toStrictEqual({ IngressId: 87, Rules: [] })
  })

  test('Rules are not sent when only settings change', () => {
    const plan = planChanges({ ...file(ours), RequestTimeout: 30 }, live, 'upsert')
    expect(plan.send).toStrictEqual({ IngressId: 87, RequestTimeout: 30 })
  })

  test('after holds the resulting rule set', () => {
    expect(planChanges(file(preview), live, 'upsert').after.Rules).toEqual([...(live.Rules ?? []), preview])
    expect(planChanges({ IngressId: 87 }, live, 'replace').after.Rules).toEqual(live.Rules)
  })

  test.each([
    ['upsert pushes a shared ingress over 40 rules', 'upsert', 38, 3, true],
    ['replace with 41 rules', 'replace', 0, 41, true],
    ['replace with exactly 40 rules', 'replace', 0, 40, false],
    ['upsert landing on exactly 40', 'upsert', 38, 2, false]
  ] as const)('Exceed.IngressRule check: %s', (_name, mode, liveCount, fileCount, expected) => {
    const rules = (prefix: string, count: number): IngressRule[] =>
      Array.from({ length: count }, (_, i) => ({ appId: 'x', containerPort: 80, domain: `${prefix}${i}.example.com`, path: '/' }))
    const plan = planChanges(file(...rules('ours', fileCount)), { IngressId: 87, Rules: rules('theirs', liveCount) }, mode)
    expect(plan.problems.some((problem) => problem.includes('Exceed.IngressRule'))).toBe(expected)
    expect(plan.send?.Rules).toHaveLength(mode === 'upsert' ? liveCount + fileCount : fileCount)
  })

  test('the rule limit counts only a rule set that is sent: a settings change on a full ingress is no problem', () => {
    const rules = Array.from({ length: 41 }, (_, i) => ({ appId: 'x', containerPort: 80, domain: `t${i}.example.com`, path: '/' }))
    const plan = planChanges({ IngressId: 87, RequestTimeout: 30, Rules: [rules[0]!] }, { IngressId: 87, Rules: rules }, 'upsert')
    expect(plan.problems).toEqual([])
    expect(plan.send).toStrictEqual({ IngressId: 87, RequestTimeout: 30 })
  })

  test('the Exceed.IngressRule problem names the limit and says nothing was sent', () => {
    const rules = (prefix: string, count: number): IngressRule[] =>
      Array.from({ length: count }, (_, i) => ({ appId: 'x', containerPort: 80, domain: `${prefix}${i}.example.com`, path: '/' }))
    const plan = planChanges(file(...rules('ours', 2)), { IngressId: 87, Rules: rules('theirs', 39) }, 'upsert')
    expect(plan.problems).toEqual(['Exceed.IngressRule: the ingress would hold 41 rules, SAE allows at most 40; nothing was sent'])
  })

  test('a domain and path listed twice in the file is a problem', () => {
    const plan = planChanges(file(preview, { ...preview, domain: 'PR-42.preview.example.com' }), live, 'upsert')
    expect(plan.problems).toEqual(['Rules[1] repeats the domain and path of an earlier rule: pr-42.preview.example.com/'])
  })
})
