import type { IngressFile, IngressRule } from '../src/engine/ingress/types.js'
import { rollbackTarget } from '../src/engine/apply/rollback.js'
import { sameIngress } from '../src/engine/plan/equivalence.js'

const rule = (domain: string, appId = 'app-1', containerPort = 8080): IngressRule => ({ appId, containerPort, domain, path: '/' })
const before: IngressFile = { IngressId: 5, RequestTimeout: 60, Rules: [rule('a.example.com'), rule('b.example.com', 'app-old')] }

test('replace: settings the file set and the whole rule set go back to how they were', () => {
  const file: IngressFile = { IngressId: 5, RequestTimeout: 30, Description: 'new', Rules: [rule('c.example.com')] }
  const live: IngressFile = { IngressId: 5, RequestTimeout: 30, Description: 'new', Rules: [rule('c.example.com')] }
  // Description had no earlier value, so there is nothing to restore it to.
  expect(rollbackTarget(file, 'replace', before, live)).toEqual({ IngressId: 5, RequestTimeout: 60, Rules: before.Rules })
})

test('upsert: only the rules this run touched are restored; rules others added meanwhile stay', () => {
  const file: IngressFile = { IngressId: 5, Rules: [rule('b.example.com', 'app-new'), rule('pr.example.com')] }
  const live: IngressFile = {
    IngressId: 5,
    Rules: [rule('a.example.com'), rule('b.example.com', 'app-new'), rule('pr.example.com'), rule('someone-else.example.com')]
  }
  expect(rollbackTarget(file, 'upsert', before, live).Rules).toEqual([
    rule('a.example.com'),
    rule('someone-else.example.com'),
    rule('b.example.com', 'app-old')
  ])
})

test('remove: the removed rule comes back as it was', () => {
  const file: IngressFile = { IngressId: 5, Rules: [rule('b.example.com', 'ignored')] }
  const live: IngressFile = { IngressId: 5, Rules: [rule('a.example.com')] }
  expect(rollbackTarget(file, 'remove', before, live).Rules).toEqual([rule('a.example.com'), rule('b.example.com', 'app-old')])
})

test('a file without rules never touches rules on rollback', () => {
  expect(rollbackTarget({ IngressId: 5, RequestTimeout: 10 }, 'replace', before, before)).toEqual({ IngressId: 5, RequestTimeout: 60 })
})

test('two reads of the same ingress are the same whatever order the service lists rules in', () => {
  const reordered = { ...before, Rules: [...(before.Rules ?? [])].reverse() }
  expect(sameIngress(before, reordered)).toBe(true)
  expect(sameIngress(before, { ...before, RequestTimeout: 61 })).toBe(false)
})
