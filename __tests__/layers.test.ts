// The layers of src/ are lint rules (eslint.config.js): this holds the rules to what docs/development.md draws, by
// linting imports that would break them, so a rule that silently stopped matching (a moved folder, a resolver that
// no longer resolves) fails here instead of letting the structure drift.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const eslint = new ESLint({ cwd: ROOT })

/** The layer rules' messages for `source` as if it were the file `file` of src/. */
async function layerProblems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) })
  return result!.messages.filter(m => m.ruleId === 'import-x/no-restricted-paths' || m.ruleId === 'no-restricted-imports').map(m => m.message)
}

test.each([
  ['the file format imports the planner', 'src/engine/ingress/types.ts', "export { renderDiff } from '../plan/render-diff.js'\n"],
  ['the file format imports the SAE client', 'src/engine/ingress/load.ts', "export { openSaeSession } from '../sae/session.js'\n"],
  ['the planner imports the network', 'src/engine/plan/plan.ts', "export { parseEndpoint } from '../net/endpoint.js'\n"],
  ['the planner imports the apply loop', 'src/engine/plan/plan.ts', "export { applyIngress } from '../apply/deploy.js'\n"],
  ['the network imports the file format', 'src/engine/net/agent.ts', "export { loadIngressFile } from '../ingress/load.js'\n"],
  ['the engine imports the action', 'src/engine/apply/deploy.ts', "export { run } from '../../action/main.js'\n"],
  ['the engine imports the CLI', 'src/engine/sae/session.ts', "export { main } from '../../cli/main.js'\n"],
  ['the engine imports the toolkit', 'src/engine/log.ts', "export { info } from '@actions/core'\n"],
  ['the action imports the CLI', 'src/action/main.ts', "export { main } from '../cli/main.js'\n"],
  ['the CLI imports the action', 'src/cli/main.ts', "export { run } from '../action/main.js'\n"]
])('refused: %s', async (_what, file, source) => {
  expect(await layerProblems(file, source)).toHaveLength(1)
})

test.each([
  ['the planner imports the file format', 'src/engine/plan/plan.ts', "export { loadIngressFile } from '../ingress/load.js'\n"],
  ['the apply loop imports the SAE client', 'src/engine/apply/deploy.ts', "export { openSaeSession } from '../sae/session.js'\n"],
  ['a front end imports the engine', 'src/cli/main.ts', "export { applyIngress } from '../engine/apply/deploy.js'\n"],
  ['the action imports the toolkit', 'src/action/log.ts', "export { info } from '@actions/core'\n"]
])('allowed: %s', async (_what, file, source) => {
  expect(await layerProblems(file, source)).toEqual([])
})
