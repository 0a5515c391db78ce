// Writes bench/ingress-{1,10,40}.json: the files `npm run bench` applies to time the action
// against rule count. Deterministic; re-run only if the ingress file format changes.
//
//   node scripts/bench-fixtures.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const hex = (n, width) => n.toString(16).padStart(width, '0')

/** An ingress file with `count` rules, all different from examples/emulator-seed.json (so applying it writes). */
export function ingressWithRules(count) {
  const rules = []
  for (let i = 0; i < count; i++) {
    rules.push({
      appId: `${hex(0x395b60e4 + (i % 8), 8)}-0550-458d-9c54-a265d036${hex(i, 4)}`,
      containerPort: 8080 + (i % 4),
      domain: `svc${i % 10}.example.com`,
      path: `/bench/${Math.floor(i / 10)}`
    })
  }
  // The settings of examples/ingress.json, so only the rule count differs from what `npm start` applies.
  const { Rules: _example, ...settings } = JSON.parse(readFileSync(path.join(root, 'examples', 'ingress.json'), 'utf8'))
  return { ...settings, $schema: '../schema/ingress.schema.json', Rules: rules }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const count of [1, 10, 40]) {
    const file = path.join(root, 'bench', `ingress-${count}.json`)
    const rules = ingressWithRules(count).Rules.map(rule => `    ${JSON.stringify(rule)}`).join(',\n')
    const { Rules: _rules, ...head } = ingressWithRules(count)
    const text = JSON.stringify(head, null, 2).replace(/\n}$/, `,\n  "Rules": [\n${rules}\n  ]\n}\n`)
    JSON.parse(text)
    writeFileSync(file, text)
    console.log(`wrote ${path.relative(root, file)}`)
  }
}
