import type { LiveIngress } from '../emulator/index.mjs'
import { unplannedChanges, type PlannedRun } from './support/integrity.js'

/** The judge of the suite-wide invariant: it must catch what it exists for, and accept what plans name. */
const seed = (): LiveIngress => ({
  Id: 87,
  Name: 'lb-80',
  RequestTimeout: 30,
  DefaultRule: { AppId: 'app-w', AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080 },
  Rules: [
    { AppId: 'app-w', AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' },
    {
      AppId: 'app-o',
      AppName: 'old',
      BackendProtocol: 'https',
      ContainerPort: 8443,
      Domain: 'Old.example.com',
      Path: '/',
      RewritePath: '/v2',
      RuleActions: [{ ActionType: 'redirect', ActionConfig: '{}' }]
    }
  ]
})
const state = (live: LiveIngress | undefined) => new Map([[87, live]])
const plan = (...lines: string[]): PlannedRun => ({ ingressId: 87, diff: lines.join('\n') })
const judge = (after: LiveIngress, ...plans: PlannedRun[]) => unplannedChanges(state(seed()), [], state(after), plans)

describe('unplannedChanges', () => {
  test('nothing changed: nothing to say, with or without a plan', () => {
    expect(judge(seed())).toEqual([])
    expect(judge(seed(), plan('~ RequestTimeout: 30 → 60'))).toEqual([])
  })

  test('AppName (derived) and an explicit http are no changes', () => {
    const after = seed()
    after.Rules![0] = { ...after.Rules![0]!, AppName: 'app-w-derived', BackendProtocol: undefined }
    after.DefaultRule = { ...after.DefaultRule!, AppName: 'other' }
    expect(judge(after)).toEqual([])
  })

  test('an unplanned removal, addition and setting change are each named', () => {
    const after = seed()
    after.Rules = [after.Rules![0]!, { AppId: 'x', ContainerPort: 1, Domain: 'new.example.com', Path: '/' }]
    after.RequestTimeout = 60
    expect(judge(after, plan('~ IdleTimeout: 15 → 10'))).toEqual([
      'ingress 87: setting RequestTimeout changed (30 → 60), but no plan named it',
      expect.stringMatching(/^ingress 87: rule old\.example\.com\/ removed \(.*\), but no plan named it$/),
      expect.stringMatching(/^ingress 87: rule new\.example\.com\/ added \(none → .*\), but no plan named it$/)
    ])
  })

  test('planned changes pass: added, removed, changed, settings', () => {
    const after = seed()
    after.Rules = [{ ...after.Rules![0]!, ContainerPort: 9090 }, { AppId: 'x', ContainerPort: 1, Domain: 'new.example.com', Path: '/' }]
    after.RequestTimeout = 60
    const named = plan('~ rule www.example.com/: containerPort 8080 → 9090', '- rule old.example.com/', '+ rule new.example.com/ → x:1', '~ RequestTimeout: 30 → 60')
    expect(judge(after, named)).toEqual([])
  })

  test('a changed rule whose plan names one field but which lost another (RuleActions, rewrite) is caught', () => {
    const after = seed()
    after.Rules![1] = { ...after.Rules![1]!, ContainerPort: 9090, RuleActions: undefined, RewritePath: undefined }
    expect(judge(after, plan('~ rule old.example.com/: containerPort 8443 → 9090'))).toEqual([
      'ingress 87: rule old.example.com/: rewritePath changed ("/v2" → none), but its plan did not name that field',
      expect.stringMatching(/^ingress 87: rule old\.example\.com\/: RuleActions changed \(\[.*\] → none\), but its plan did not name that field$/)
    ])
    const named = plan('~ rule old.example.com/: containerPort 8443 → 9090, rewritePath /v2 → unset (not in the file: back to the default), RuleActions redirect → dropped (drop-rule-actions)')
    expect(judge(after, named)).toEqual([])
  })

  test('a service-only field (Name) can never be named by a plan', () => {
    expect(judge({ ...seed(), Name: 'renamed' }, plan('~ Description: a → b'))).toEqual([
      'ingress 87: setting Name changed ("lb-80" → "renamed"), but no plan named it'
    ])
  })

  test('another writer\'s scripted change is expected; undoing it is not', () => {
    const theirs = seed()
    theirs.Rules!.push({ AppId: 'y', ContainerPort: 2, Domain: 'theirs.example.com', Path: '/' })
    const external = [{ id: 87, state: theirs }]
    const ours = { AppId: 'z', ContainerPort: 3, Domain: 'pr-1.example.com', Path: '/' }
    const kept = { ...theirs, Rules: [...theirs.Rules!, ours] }
    const lost = { ...seed(), Rules: [...seed().Rules!, ours] }
    const upsert = plan('+ rule pr-1.example.com/ → z:3')
    expect(unplannedChanges(state(seed()), external, state(kept), [upsert])).toEqual([])
    expect(unplannedChanges(state(seed()), external, state(lost), [upsert])).toEqual([
      expect.stringMatching(/^ingress 87: rule theirs\.example\.com\/ removed/)
    ])
  })

  test('a plan for another ingress names nothing here', () => {
    const after = { ...seed(), RequestTimeout: 60 }
    expect(judge(after, { ingressId: 88, diff: '~ RequestTimeout: 30 → 60' })).toHaveLength(1)
  })
})
