import { readFileSync, readdirSync } from 'node:fs'
import { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser'
import { parseAction, convertActionTemplate } from '@actions/workflow-parser/actions/index'
test('try', async () => {
const files = ['.github/workflows/ci.yml', ...readdirSync('examples/workflows').map(f => 'examples/workflows/' + f)]
for (const name of files) {
  const r = parseWorkflow({ name, content: readFileSync(name, 'utf8') }, new NoOperationTraceWriter())
  const errs = r.context.errors.getErrors().map(e => e.message)
  let t
  if (r.value) { t = await convertWorkflowTemplate(r.context, r.value); }
  console.log(name, errs, r.context.errors.getErrors().length, t?.errors)
}
const a = parseAction({ name: 'action.yml', content: readFileSync('action.yml', 'utf8') }, new NoOperationTraceWriter())
console.log('action', a.context.errors.getErrors().map(e => e.message))
const at = convertActionTemplate(a.context, a.value!)
console.log(at.runs, at.inputs?.length, a.context.errors.getErrors())
})
