// The example workflows (examples/workflows/*.yml) and action.yml stay loadable and in step with the
// action: no YAML plain scalar that a parser would reject, every `with:` key of a step using this action
// is one of its inputs, and examples/preview-rule.json is a valid ingress file. There is no YAML parser
// among the dependencies, so this reads the few shapes these files use, line by line.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { loadIngressFile } from '../src/engine/ingress/load.js'
import { ROOT } from './support/run-action.js'

const WORKFLOWS = path.join(ROOT, 'examples', 'workflows')
const workflowFiles = readdirSync(WORKFLOWS).filter(name => name.endsWith('.yml'))
const read = (file: string) => readFileSync(file, 'utf8')

interface Line {
  number: number
  indent: number
  text: string
}

/** Lines that carry YAML structure: no blanks, no comment lines, no block-scalar content (`run: |`). */
function structuralLines(source: string): Line[] {
  const lines: Line[] = []
  let blockIndent: number | undefined
  source.split('\n').forEach((raw, i) => {
    const indent = raw.length - raw.trimStart().length
    const text = raw.trim()
    if (text === '' || text.startsWith('#')) return
    if (blockIndent !== undefined && indent > blockIndent) return
    blockIndent = undefined
    lines.push({ number: i + 1, indent, text })
    if (/:\s*[|>][-+]?\d*\s*(#.*)?$/.test(text)) blockIndent = indent
  })
  return lines
}

/** `key: value` (also as a sequence item); undefined for lines that are not a mapping entry. */
function entry(line: Line): { key: string; value: string; indent: number } | undefined {
  const item = line.text.startsWith('- ') ? 2 : 0
  const match = /^([A-Za-z0-9_.-]+|"[^"]*"|'[^']*'):(?:\s+(.*))?$/.exec(line.text.slice(item))
  return match ? { key: match[1]!, value: match[2] ?? '', indent: line.indent + item } : undefined
}

/** A plain (unquoted) scalar may not contain `: ` (YAML: "mapping values are not allowed here"). */
function plainScalarProblems(source: string): string[] {
  const problems: string[] = []
  for (const line of structuralLines(source)) {
    const found = entry(line)
    if (!found || /^["'|>[{&*!]/.test(found.value)) continue
    const value = found.value.replace(/\s+#.*$/, '')
    if (/:\s/.test(value) || value.endsWith(':')) problems.push(`line ${line.number}: quote the value of ${found.key}`)
  }
  return problems
}

function actionInputs(): string[] {
  const lines = structuralLines(read(path.join(ROOT, 'action.yml')))
  const start = lines.findIndex(line => line.indent === 0 && line.text === 'inputs:')
  const inputs: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (line.indent === 0) break
    if (line.indent === 2) inputs.push(entry(line)!.key)
  }
  return inputs
}

/** For every step `uses: <prefix>...`, the keys of its `with:` mapping. */
function withKeysOfSteps(source: string, usesPrefix: string): Array<{ line: number; keys: string[] }> {
  const lines = structuralLines(source)
  const steps: Array<{ line: number; keys: string[] }> = []
  lines.forEach((line, i) => {
    const uses = entry(line)
    if (uses?.key !== 'uses' || !uses.value.startsWith(usesPrefix)) return
    // The step's own keys sit at the indentation of `uses`; it ends at the next line left of them.
    const stepIndent = uses.indent
    let first = i
    while (first > 0 && !(lines[first]!.text.startsWith('- ') && lines[first]!.indent + 2 === stepIndent)) first--
    const keys: string[] = []
    let inWith = false
    for (const next of lines.slice(first)) {
      if (next !== lines[first] && next.indent < stepIndent) break
      const found = entry(next)
      if (found && found.indent === stepIndent) inWith = found.key === 'with'
      else if (found && inWith && found.indent === stepIndent + 2) keys.push(found.key)
    }
    steps.push({ line: line.number, keys })
  })
  return steps
}

test('action.yml has no plain scalar a YAML parser would reject', () => {
  expect(plainScalarProblems(read(path.join(ROOT, 'action.yml')))).toEqual([])
  expect(actionInputs()).toEqual(expect.arrayContaining(['ingress-file', 'rules-mode', 'dry-run', 'allowed-ingress-ids', 'rollback-on-failure']))
})

test('the lint catches an unquoted description with ": " in it', () => {
  expect(plainScalarProblems('inputs:\n  a:\n    description: Needs `permissions: id-token: write`.\n')).toEqual(['line 3: quote the value of description'])
  expect(plainScalarProblems('inputs:\n  a:\n    description: "Needs `permissions: id-token: write`."\n')).toEqual([])
})

test('there are the four example workflows', () => {
  expect(workflowFiles.sort()).toEqual(['drift.yml', 'manual.yml', 'pr-preview.yml', 'release.yml'])
})

describe.each(workflowFiles)('examples/workflows/%s', name => {
  const source = read(path.join(WORKFLOWS, name))

  test('has no plain scalar a YAML parser would reject, and no tabs', () => {
    expect(plainScalarProblems(source)).toEqual([])
    expect(source).not.toMatch(/\t/)
  })

  test('passes only declared inputs to this action and to configure-aliyun-credentials-action', () => {
    const inputs = actionInputs()
    const ours = withKeysOfSteps(source, 'sae-ingress/sae-ingress-action@v1')
    expect(ours.length).toBeGreaterThan(0)
    for (const step of ours) {
      expect(step.keys).toContain('ingress-file')
      expect({ line: step.line, unknown: step.keys.filter(key => !inputs.includes(key)) }).toEqual({ line: step.line, unknown: [] })
    }
    // aliyun/configure-aliyun-credentials-action@v1's inputs.
    const aliyun = ['role-to-assume', 'oidc-provider-arn', 'audience', 'role-session-name', 'role-session-expiration', 'resource-role-to-assume']
    for (const step of withKeysOfSteps(source, 'aliyun/configure-aliyun-credentials-action@')) {
      expect(step.keys.filter(key => !aliyun.includes(key))).toEqual([])
    }
  })

  test('keys every job that writes an ingress to a concurrency group per ingress, never cancelling', () => {
    const groups = [...source.matchAll(/^\s+group: (.*)$/gm)].map(match => match[1])
    expect(groups.length).toBeGreaterThan(0)
    for (const group of groups) expect(group).toMatch(/^sae-ingress-/)
    expect(source).not.toMatch(/cancel-in-progress: true/)
  })
})

test('the line reader finds with-keys of a step', () => {
  const source = 'steps:\n  - uses: actions/checkout@v4\n  - name: x\n    uses: sae-ingress/sae-ingress-action@v1\n    with:\n      ingress-file: a.json\n      dry-run: "true"\n    env:\n      A: b\n  - run: |\n      a: b\n'
  expect(withKeysOfSteps(source, 'sae-ingress/')).toEqual([{ line: 4, keys: ['ingress-file', 'dry-run'] }])
})

test('examples/preview-rule.json is a valid ingress file with one rule per pull request', async () => {
  const loaded = await loadIngressFile(readFileSync(path.join(ROOT, 'examples', 'preview-rule.json')), { PR_NUMBER: '42' })
  expect(loaded.ok).toBe(true)
  if (!loaded.ok) return
  expect(Object.keys(loaded.ingress).filter(key => key !== '$schema').sort()).toEqual(['IngressId', 'Rules'])
  expect(loaded.ingress.Rules).toEqual([expect.objectContaining({ domain: 'pr-42.preview.example.com', path: '/' })])
  expect((await loadIngressFile(readFileSync(path.join(ROOT, 'examples', 'preview-rule.json')), {})).ok).toBe(false)
})
