// Issue 10.1: the README and the example workflows pass outputs (and any other expression) to scripts through `env:`,
// never as `${{ … }}` inside a `run:` script, where the runner would paste the value into the script's source.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './support/run-action.js'

/** Every `run:` script of a YAML text (inline or block), with the line it starts on. */
export function runScripts(yaml: string): Array<{ line: number; script: string }> {
  const lines = yaml.split('\n')
  const scripts: Array<{ line: number; script: string }> = []
  lines.forEach((text, index) => {
    const match = /^(\s*)(?:- )?run:\s*(.*)$/.exec(text)
    if (!match) return
    const indent = match[1]!.length
    if (!/^[|>]/.test(match[2]!)) return void scripts.push({ line: index + 1, script: match[2]! })
    const body: string[] = []
    for (const next of lines.slice(index + 1)) {
      if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break
      body.push(next)
    }
    scripts.push({ line: index + 1, script: body.join('\n') })
  })
  return scripts
}

const examples = readdirSync(path.join(ROOT, 'examples', 'workflows'))
  .filter(name => name.endsWith('.yml'))
  .map(name => path.join('examples', 'workflows', name))

test.each([...examples, 'README.md'])('%s: no ${{ }} inside a run: script', file => {
  const text = readFileSync(path.join(ROOT, file), 'utf8')
  const scripts = runScripts(text)
  // The scanner finds every script a file has (a workflow that only uses actions, like drift.yml, has none).
  expect(scripts.length).toBe(text.match(/^\s*(?:- )?run:/gm)?.length ?? 0)
  expect(scripts.filter(({ script }) => script.includes('${{')).map(({ line }) => `${file}:${line}`)).toEqual([])
})

test('the scanner finds expressions in inline and block scripts', () => {
  const yaml = ['steps:', '  - run: echo ${{ steps.a.outputs.urls }}', '  - name: x', '    run: |', '      echo ok', '      echo "${{ github.head_ref }}"', '  - run: echo "$URLS"'].join('\n')
  expect(runScripts(yaml).map(({ line, script }) => [line, script.includes('${{')])).toEqual([
    [2, true],
    [4, true],
    [7, false]
  ])
})
