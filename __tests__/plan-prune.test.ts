// Which live rules a prune file's templates find (pure): a rule is a candidate only when its domain and path are a
// template's with one number in the slot, and a remove of the candidates touches no other rule.
import type { IngressFile, IngressRule } from '../src/engine/ingress/types.js'
import { ruleKey } from '../src/engine/plan/equivalence.js'
import { planChanges } from '../src/engine/plan/plan.js'
import { pruneCandidates } from '../src/engine/plan/prune.js'

const rule = (domain: string, path = '/', appId = 'preview'): IngressRule => ({ appId, containerPort: 8080, domain, path })
const TEMPLATE = rule('pr-${PR_NUMBER}.preview.example.com')

test.each<[string, IngressRule[], IngressRule[], Array<[string, number]>]>([
  ['the number in the slot, any case of the domain', [TEMPLATE], [rule('pr-12.preview.example.com'), rule('PR-3.Preview.Example.com')], [['pr-12.preview.example.com/', 12], ['pr-3.preview.example.com/', 3]]],
  ['another path, another domain, no number: not found', [TEMPLATE], [rule('pr-1.preview.example.com', '/x'), rule('pr-1.other.example.com'), rule('pr-x.preview.example.com'), rule('pr-.preview.example.com')], []],
  ['a leading zero or a sign is not a pull request number', [TEMPLATE], [rule('pr-01.preview.example.com'), rule('pr-0.preview.example.com'), rule('pr--1.preview.example.com')], []],
  ['the template is text, not a pattern: its dots match dots only', [TEMPLATE], [rule('pr-1xpreviewxexample.com'), rule('pr-1.preview.example.com.evil.example')], []],
  ['a slot in the path', [rule('preview.example.com', '/pr-${N}/')], [rule('preview.example.com', '/pr-7/'), rule('preview.example.com', '/pr-7/x')], [['preview.example.com/pr-7/', 7]]],
  ['the same slot in domain and path must hold one number', [rule('pr-${N}.example.com', '/${N}')], [rule('pr-4.example.com', '/4'), rule('pr-4.example.com', '/5')], [['pr-4.example.com/4', 4]]],
  ['two templates finding one rule list it once', [TEMPLATE, rule('pr-${N}.preview.example.com')], [rule('pr-9.preview.example.com')], [['pr-9.preview.example.com/', 9]]],
  ['a domain that is the template only under Unicode case folding (KELVIN SIGN) is not found', [rule('pr-${N}.kube.example.com')], [rule('pr-1.\u212Aube.example.com')], []]
])('%s', (_name, templates, live, found) => {
  expect(pruneCandidates(templates, live).map(c => [c.key, c.number])).toEqual(found)
})

test('removing the candidates leaves every other rule, even one whose domain folds to a candidate\'s in Unicode', () => {
  const kelvin = rule('pr-1.\u212Aube.example.com', '/', 'team-b')
  const live: IngressFile = { IngressId: 87, Rules: [rule('pr-1.kube.example.com'), kelvin, rule('www.example.com', '/', 'web')] }
  const candidates = pruneCandidates([rule('pr-${N}.kube.example.com')], live.Rules!)
  expect(ruleKey(kelvin)).not.toBe(candidates[0]!.key)
  const plan = planChanges({ IngressId: 87, Rules: candidates.map(c => c.rule) }, live, 'remove')
  expect(plan.rules.filter(change => change.kind !== 'unchanged').map(change => change.key)).toEqual(['pr-1.kube.example.com/'])
  expect(plan.send?.Rules?.map(r => r.domain)).toEqual(['pr-1.\u212Aube.example.com', 'www.example.com'])
})
