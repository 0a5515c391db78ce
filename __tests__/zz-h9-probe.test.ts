import { loadIngressFile } from '../src/ingress/load.js'
test('probe', () => {
  for (const n of [10000, 40000]) {
    const rules = Array.from({ length: 1 }, () => ({ appId: 'a', containerPort: 80, domain: 'd.example.com', path: '/' }))
    const doc = { IngressId: 1, Description: '${X}'.repeat(n), Rules: rules }
    const t0 = performance.now()
    loadIngressFile(JSON.stringify(doc), { X: 'y' })
    const t1 = performance.now()
    const docs = { IngressId: 1, Description: Array.from({length:n},(_, i) => '${M' + i + '}').join(''), Rules: rules }
    loadIngressFile(JSON.stringify(docs), {})
    const t2 = performance.now()
    const many = { IngressId: 1, Rules: Array.from({length: n}, (_, i) => ({ appId: '${A}', containerPort: 80, domain: 'd' + i + '.example.com', path: '/${B}' })) }
    loadIngressFile(JSON.stringify(many), {})
    const t3 = performance.now()
    console.log(n, 'set', Math.round(t1 - t0), 'missing-one-string', Math.round(t2 - t1), 'missing-many-strings', Math.round(t3 - t2))
  }
})
