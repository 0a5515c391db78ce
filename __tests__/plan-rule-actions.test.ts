import type { IngressFile, IngressRule } from '../src/engine/ingress/types.js'
import { liveRuleActions, normaliseLive } from '../src/engine/plan/normalise.js'
import { planChanges } from '../src/engine/plan/plan.js'
import { renderDiff } from '../src/engine/plan/render-diff.js'
import type { LiveIngress } from '../src/engine/sae/types.js'

/**
 * RuleActions (redirects and rewrites set up in the console) appear only in DescribeIngress: no request can carry
 * them, and UpdateIngress replaces the rule set whole. A write that re-sends such a rule drops them, so the plan
 * refuses it unless dropping them is accepted, and then shows each drop.
 */
const described: LiveIngress = {
  Id: 87,
  Rules: [
    { AppId: 'app-w', AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' },
    {
      AppId: 'app-o',
      AppName: 'old',
      BackendProtocol: 'http',
      ContainerPort: 8080,
      Domain: 'Old.example.com',
      Path: '/',
      RuleActions: [{ ActionType: 'redirect', ActionConfig: '{"host":"www.example.com","path":"/"}' }]
    },
    {
      AppId: 'app-s',
      ContainerPort: 8080,
      Domain: 'shop.example.com',
      Path: '/cart',
      RuleActions: [{ ActionType: 'rewrite', ActionConfig: '{"path":"/v2/cart"}' }, { ActionType: 'redirect' }]
    }
  ]
}
const live = normaliseLive(described)
const ruleActions = liveRuleActions(described)
const preview: IngressRule = { appId: 'app-pr', containerPort: 8080, domain: 'pr-1.example.com', path: '/' }
const www: IngressRule = { appId: 'app-w', containerPort: 8080, domain: 'www.example.com', path: '/' }
const old: IngressRule = { appId: 'app-o', containerPort: 8080, domain: 'old.example.com', path: '/' }
const shop: IngressRule = { appId: 'app-s', containerPort: 8080, domain: 'shop.example.com', path: '/cart' }
const file = (...rules: IngressRule[]): IngressFile => ({ IngressId: 87, Rules: rules })

describe('RuleActions of live rules', () => {
  test('liveRuleActions keys them by rule (domain in lower case), and previous-config holds none', () => {
    expect([...ruleActions.keys()]).toEqual(['old.example.com/', 'shop.example.com/cart'])
    expect(ruleActions.get('shop.example.com/cart')?.map(action => action.type)).toEqual(['rewrite', 'redirect'])
    expect(JSON.stringify(live)).not.toMatch(/action/i)
  })

  test('a malformed RuleActions value still counts as actions (a refusal beats a silent loss)', () => {
    const odd = { Id: 1, Rules: [{ AppId: 'a', ContainerPort: 1, Domain: 'd', Path: '/', RuleActions: { ActionType: 'redirect' } }] }
    expect(liveRuleActions(odd as unknown as LiveIngress).get('d/')).toEqual([{ type: 'redirect' }])
    expect(liveRuleActions({ Id: 1, Rules: [{ AppId: 'a', ContainerPort: 1, Domain: 'd', Path: '/', RuleActions: [] }] }).size).toBe(0)
  })

  test.each<[string, 'replace' | 'upsert' | 'remove', IngressFile, string[]]>([
    ['upsert of a new rule re-sends every other rule', 'upsert', file(preview), ['old.example.com/ (redirect)', 'shop.example.com/cart (rewrite, redirect)']],
    ['upsert changing the rule that has actions', 'upsert', file({ ...old, containerPort: 9090 }), ['old.example.com/ (redirect)', 'shop.example.com/cart']],
    ['remove of another rule', 'remove', file(www), ['old.example.com/ (redirect)', 'shop.example.com/cart']],
    ['replace keeping the rule unchanged while adding one', 'replace', file(www, old, preview), ['old.example.com/ (redirect)']]
  ])('refused before any write: %s', (_name, mode, desired, named) => {
    const plan = planChanges(desired, live, mode, { ruleActions })
    expect(plan.problems).toHaveLength(1)
    for (const text of named) expect(plan.problems[0]).toContain(text)
    expect(plan.problems[0]).toMatch(/drop-rule-actions: true/)
  })

  test.each<[string, 'replace' | 'upsert' | 'remove', IngressFile]>([
    ['removing the rules that have actions (remove mode)', 'remove', file(old, shop)],
    ['a replace that leaves them out', 'replace', file(www)],
    ['nothing to write: the file states them as they are live', 'replace', file(www, old, shop)],
    ['a settings-only change: Rules are not sent', 'upsert', { IngressId: 87, RequestTimeout: 30, Rules: [old] }]
  ])('no refusal: %s', (_name, mode, desired) => {
    expect(planChanges(desired, live, mode, { ruleActions }).problems).toEqual([])
  })

  test('with drop-rule-actions the drops are changes of their own, shown in the plan', () => {
    const plan = planChanges(file(preview), live, 'upsert', { ruleActions, dropRuleActions: true })
    expect(plan.problems).toEqual([])
    const changed = plan.rules.filter(change => change.kind === 'changed')
    expect(changed.map(change => change.key)).toEqual(['old.example.com/', 'shop.example.com/cart'])
    expect(changed[0]?.fields).toEqual([{ name: 'ruleActions', before: ruleActions.get('old.example.com/'), after: undefined, implicit: true }])
    expect(renderDiff(plan).split('\n')).toEqual([
      '~ rule old.example.com/: RuleActions redirect → dropped (drop-rule-actions)',
      '+ rule pr-1.example.com/ → app-pr:8080',
      '~ rule shop.example.com/cart: RuleActions rewrite, redirect → dropped (drop-rule-actions)'
    ])
  })

  test('without the live RuleActions (no options) the planner cannot know: callers must pass them', () => {
    expect(planChanges(file(preview), live, 'upsert').problems).toEqual([])
  })
})

describe('a rewrite that the rule\'s own rewritePath makes is sent again with it, not lost', () => {
  const made = (path: string, host = '${host}', query = '${query}') => ({ ActionType: 'rewrite', ActionConfig: JSON.stringify({ host, path, query }) })
  const alb = (actions: Array<{ ActionType?: string; ActionConfig?: string }>): LiveIngress => ({
    Id: 87,
    Rules: [
      { AppId: 'app-w', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' },
      { AppId: 'app-a', ContainerPort: 8080, Domain: 'api.example.com', Path: '/sys/(.*)', RewritePath: '/${1}', RuleActions: actions }
    ]
  })
  const plan = (described: LiveIngress, options: { dropRuleActions?: boolean } = {}) =>
    planChanges(file(preview), normaliseLive(described), 'upsert', { ruleActions: liveRuleActions(described), ...options })

  test('an upsert next to it writes, and the plan says the rewrite is made again', () => {
    const result = plan(alb([made('/${1}')]))
    expect(result.problems).toEqual([])
    expect(result.ruleActions).toEqual([{ key: 'api.example.com/sys/(.*)', reproduced: [{ type: 'rewrite', config: made('/${1}').ActionConfig }], lost: [] }])
    expect(renderDiff(result).split('\n')).toEqual([
      '+ rule pr-1.example.com/ → app-pr:8080',
      '= rule api.example.com/sys/(.*): RuleActions rewrite made again by its rewritePath /${1}'
    ])
  })

  test.each<[string, Array<{ ActionType?: string; ActionConfig?: string }>]>([
    ['a redirect', [{ ActionType: 'redirect', ActionConfig: '{"host":"www.example.com","path":"/"}' }]],
    ['a rewrite to another path', [made('/v2/${1}')]],
    ['a rewrite to another host', [made('/${1}', 'internal.example.com')]],
    ['a rewrite of the query', [made('/${1}', '${host}', 'a=1')]],
    ['a rewrite with more in its config', [{ ActionType: 'rewrite', ActionConfig: JSON.stringify({ host: '${host}', path: '/${1}', query: '${query}', code: 301 }) }]],
    ['a config that cannot be read', [{ ActionType: 'rewrite', ActionConfig: '{not json' }]],
    ['no config', [{ ActionType: 'rewrite' }]],
    ['the rewrite it makes, and a redirect', [made('/${1}'), { ActionType: 'redirect' }]]
  ])('%s is refused, naming the rule and only what would be lost', (_what, actions) => {
    const result = plan(alb(actions))
    expect(result.problems).toHaveLength(1)
    const lost = actions.filter(action => action.ActionConfig !== made('/${1}').ActionConfig)
    expect(result.problems[0]).toContain(`api.example.com/sys/(.*) (${lost.map(action => action.ActionType).join(', ')})`)
    expect(result.ruleActions[0]?.lost.map(action => action.type)).toEqual(lost.map(action => action.ActionType))
  })

  test('a rule without rewritePath makes no rewrite: its rewrite would be lost', () => {
    const described: LiveIngress = { Id: 87, Rules: [{ AppId: 'a', ContainerPort: 8080, Domain: 'a.example.com', Path: '/', RuleActions: [made('/')] }] }
    expect(plan(described).problems).toHaveLength(1)
  })

  test('with drop-rule-actions, only what would be lost is dropped; the plan shows both', () => {
    const result = plan(alb([made('/${1}'), { ActionType: 'redirect' }]), { dropRuleActions: true })
    expect(result.problems).toEqual([])
    expect(renderDiff(result).split('\n')).toEqual([
      '~ rule api.example.com/sys/(.*): RuleActions redirect → dropped (drop-rule-actions)',
      '+ rule pr-1.example.com/ → app-pr:8080',
      '= rule api.example.com/sys/(.*): RuleActions rewrite made again by its rewritePath /${1}'
    ])
  })
})
