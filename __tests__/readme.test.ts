// The README is the action's user manual: it must stay true to action.yml (every input and output, with its
// default), keep the "Try it" commands on its first screen, and link only to things that exist.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const ACTION = parseYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
}

/** The lines of a `## title` section, up to the next `## ` heading. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`)
  if (start === -1) throw new Error(`README has no "## ${title}" section`)
  const rest = README.slice(start + title.length + 5)
  const end = rest.search(/^## /m)
  return end === -1 ? rest : rest.slice(0, end)
}

/** First-column names and second-column text of a table's rows: | `name` | second | ... */
function tableRows(text: string): Array<{ name: string; second: string }> {
  return [...text.matchAll(/^\| `([^`]+)` \|\s*([^|]*?)\s*\|/gm)].map(match => ({ name: match[1]!, second: match[2]!.trim() }))
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

describe('inputs and outputs match action.yml', () => {
  const inputs = tableRows(section('Inputs'))

  test('every input, in action.yml order, and no other', () => {
    expect(inputs.map(row => row.name)).toEqual(Object.keys(ACTION.inputs))
  })

  test('the defaults action.yml declares', () => {
    const wrong = inputs.filter(row => {
      const declared = ACTION.inputs[row.name]!
      if (declared.required) return row.second !== '(required)'
      return declared.default !== undefined && !row.second.includes(`\`${declared.default}\``)
    })
    expect(wrong).toEqual([])
  })

  test('every output, in action.yml order, and no other', () => {
    expect(tableRows(section('Outputs')).map(row => row.name)).toEqual(Object.keys(ACTION.outputs))
  })
})

describe('the first screen tells a new user what it does and how to try it', () => {
  test('"Try it: two commands" comes right after the introduction, with both commands', () => {
    const headings = [...README.matchAll(/^## (.+)$/gm)].map(match => match[1])
    expect(headings[0]).toBe('Try it: two commands')
    expect(section('Try it: two commands')).toContain('npm ci && npm start')
    expect(section('Try it: two commands')).toContain('npm ci && npm test')
    expect(README.indexOf('## Try it: two commands')).toBeLessThan(2000)
  })

  test('the sections users look for are there', () => {
    for (const title of [
      'Quick start',
      'Versions and pinning',
      'Inputs',
      'Outputs',
      'The ingress file',
      'Ingresses by name',
      'Flows',
      'Credentials',
      'Local use: the `sae-ingress` CLI',
      'Concurrency',
      'Reliability',
      'Security',
      'Proxies',
      'Troubleshooting',
      'Performance',
      'Known limits',
      'Try the action on your own file',
      'GitHub Enterprise Server'
    ]) {
      expect(section(title).trim().length).toBeGreaterThan(50)
    }
    expect(README).toMatch(/^### Debugging$/m)
  })

  test('a manual, not a report: about 450 lines at most', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(460)
  })

  test('the quick start serialises writers with a concurrency group that keeps every pending run', () => {
    const quickStart = section('Quick start')
    expect(quickStart).toMatch(/concurrency:\n\s+group: .+\n\s+cancel-in-progress: false.*\n\s+queue: max/)
  })

  test('Local use names the four commands and the exit codes plan and apply keep to', () => {
    const local = section('Local use: the `sae-ingress` CLI')
    for (const command of ['validate', 'plan', 'apply', 'export']) expect(local).toContain(`npx sae-ingress ${command} `)
    expect(local).toContain('0 no changes, 2 changes, 1 error')
    expect(local).toContain('~/.aliyun/config.json')
  })

  test('no project history in user documentation', () => {
    for (const file of ['README.md', 'SECURITY.md', 'CHANGELOG.md']) {
      expect(readFileSync(path.join(ROOT, file), 'utf8')).not.toMatch(/\bissue #?\d+|\(#\d+\)|\bPR #\d+/i)
    }
  })
})

describe('what the README points at exists', () => {
  test('the $schema URL serves schema/ingress.schema.json from the major tag', () => {
    const urls = [...README.matchAll(/https:\/\/raw\.githubusercontent\.com\/[^/\s]+\/[^/\s]+\/v1\/(schema\/[\w.-]+)/g)]
    expect(urls.length).toBeGreaterThan(0)
    for (const [, file] of urls) expect(existsSync(path.join(ROOT, file!))).toBe(true)
  })

  test('relative links name files of this repository, and #anchors name its headings', () => {
    const anchors = new Set([...README.matchAll(/^#{1,4} (.+)$/gm)].map(match => slug(match[1]!)))
    const broken: string[] = []
    for (const [, target] of README.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^https?:/.test(target!)) continue
      const [file, anchor] = target!.split('#')
      if (file) {
        if (!existsSync(path.join(ROOT, file))) broken.push(target!)
      } else if (!anchors.has(anchor!)) broken.push(target!)
    }
    expect(broken).toEqual([])
  })

  test('the minimum runner for node24 is named', () => {
    expect(README).toContain('https://github.com/actions/runner/releases/tag/v2.327.1')
  })
})

describe('the emulator, as documented', () => {
  test('holds the ingresses of examples/emulator-seed.json and accepts the keys npm start signs with', () => {
    const seed = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'emulator-seed.json'), 'utf8')) as { ingresses: Array<{ Id: number }> }
    const emulatorText = section('Try the action on your own file')
    for (const { Id } of seed.ingresses) expect(emulatorText).toContain(`ingress \`${Id}\``)
    const start = readFileSync(path.join(ROOT, 'scripts', 'start.mjs'), 'utf8')
    const keys = /accessKeyId: '([^']+)', accessKeySecret: '([^']+)'/.exec(start)
    expect(keys).not.toBeNull()
    expect(emulatorText).toContain(`\`${keys![1]}\` / \`${keys![2]}\``)
  })
})
