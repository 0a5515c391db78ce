// action.yml and every workflow (.github/workflows/, examples/workflows/) read by GitHub's own parser,
// @actions/workflow-parser (the one behind GitHub's VS Code extension): a file it reports an error in would be
// rejected by github.com, or run differently than written. Then what the workflows must do for this project: the
// actions they call run on Node 24, CI covers every runner OS, releases are checked before they are published.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index'
import type { ActionTemplate } from '@actions/workflow-parser/actions/index'
import { parse as parseYaml } from 'yaml'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')

const yamlFiles = (dir: string) =>
  readdirSync(path.join(ROOT, dir))
    .filter(name => /\.ya?ml$/.test(name))
    .sort()
    .map(name => `${dir}/${name}`)
const WORKFLOWS = [...yamlFiles('.github/workflows'), ...yamlFiles('examples/workflows')]

/** Every error the parser reports for a workflow: YAML, schema, expressions, and job/step semantics. */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  // The conversion adds the checks the schema cannot express (job dependencies, step ids, matrix, ...).
  if (parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value)
  return parsed.context.errors.getErrors().map(error => error.message)
}

/** action.yml read against the action manifest schema (the parser's action-v1.0 schema). */
function parseActionManifest(name: string, content: string): { errors: string[]; action?: ActionTemplate } {
  const parsed = parseAction({ name, content }, new NoOperationTraceWriter())
  const action = parsed.value ? convertActionTemplate(parsed.context, parsed.value) : undefined
  return { errors: parsed.context.errors.getErrors().map(error => error.message), action }
}

describe("GitHub's parser accepts every file", () => {
  test('the workflows are found', () => {
    expect(WORKFLOWS).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/codeql.yml',
        '.github/workflows/release.yml',
        'examples/workflows/manual.yml',
        'examples/workflows/pr-preview.yml',
        'examples/workflows/release.yml'
      ])
    )
  })

  test.each(WORKFLOWS)('%s', async file => {
    expect(await workflowErrors(file, read(file))).toEqual([])
  })

  test('the complete workflows the README shows', async () => {
    const blocks = [...read('README.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map(match => match[1]!)
    const complete = blocks.filter(block => /^on:/m.test(block) && /^jobs:/m.test(block))
    expect(complete.length).toBeGreaterThan(0)
    for (const block of complete) expect(await workflowErrors('README.md', block)).toEqual([])
  })

  test('action.yml, a node24 action whose entry point is committed', () => {
    const { errors, action } = parseActionManifest('action.yml', read('action.yml'))
    expect(errors).toEqual([])
    expect(action?.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' })
    expect(existsSync(path.join(ROOT, 'dist', 'index.js'))).toBe(true)
    expect(action?.inputs?.map(input => input.id)).toContain('ingress-file')
  })
})

// The same checks on files with one known mistake each: proof that an error would be seen, not silently passed.
describe('the parser reports the mistakes it is trusted to catch', () => {
  const job = (body: string) => `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n${body}`
  test.each([
    ['a misspelt key', 'on: push\njobs:\n  build:\n    runs_on: ubuntu-latest\n    steps:\n      - run: make\n', /Unexpected value 'runs_on'/],
    ['a step that both runs and uses', job('    steps:\n      - run: make\n        uses: actions/checkout@v7\n'), /Unexpected value 'uses'/],
    ['a broken expression', job('    steps:\n      - run: echo ${{ github.sha == }}\n'), /Unexpected end of expression/],
    ['an unknown permission', job('    permissions:\n      content: read\n    steps:\n      - run: make\n'), /Unexpected value 'content'/],
    ['a tag filter under the wrong key', 'on:\n  push:\n    tag: [v1]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n', /Unexpected value 'tag'/],
    ['jobs that all wait for each other', job('    needs: build\n    steps:\n      - run: make\n'), /at least one job with no dependencies/],
    ['invalid YAML', job('    steps:\n      - run: make\n  - stray\n'), /block sequence may not be used as an implicit map key/]
  ])('%s', async (_mistake, content, expected) => {
    expect((await workflowErrors('broken.yml', content)).join('\n')).toMatch(expected)
  })

  test('an action manifest with an unknown runtime or no description', () => {
    expect(parseActionManifest('action.yml', 'name: x\ndescription: y\nruns:\n  using: node99\n  main: a.js\n').errors.join('\n')).toMatch(
      /Unexpected value 'node99'/
    )
    expect(parseActionManifest('action.yml', 'name: x\nruns:\n  using: node24\n  main: a.js\n').errors.join('\n')).toMatch(
      /Required property is missing: description/
    )
  })
})

// The first major of each action that runs on node24 (its action.yml says `using: node24`); the current majors as
// of 2026-12 are actions/checkout v7, actions/setup-node v7, github/codeql-action v4 and
// aliyun/configure-aliyun-credentials-action v1 (its v1 tag moved to the node24 release 1.1.x in 2026-05).
const NODE24_SINCE: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'github/codeql-action': 4,
  'aliyun/configure-aliyun-credentials-action': 1,
  // This action, in the examples (a placeholder for the repository's owner/name).
  'sae-ingress/sae-ingress-action': 1
}

interface Uses {
  file: string
  action: string
  ref: string
}

/** Every `uses:` of a step, split into the action's repository (owner/name) and the ref after `@`. */
function usesOf(file: string): Uses[] {
  const workflow = parseYaml(read(file)) as { jobs: Record<string, { steps?: Array<{ uses?: string }> }> }
  return Object.values(workflow.jobs)
    .flatMap(job => job.steps ?? [])
    .flatMap(step => (step.uses && !step.uses.startsWith('./') ? [step.uses] : []))
    .map(uses => {
      const [target = '', ref = ''] = uses.split('@')
      return { file, action: target.split('/').slice(0, 2).join('/'), ref }
    })
}

describe('the actions the workflows call', () => {
  const all = WORKFLOWS.flatMap(usesOf)

  test('are pinned to a major tag or a full commit SHA', () => {
    expect(all.length).toBeGreaterThan(10)
    expect(all.filter(uses => !/^(v\d+|[0-9a-f]{40})$/.test(uses.ref))).toEqual([])
  })

  test('run on node24 (unknown actions need an entry in NODE24_SINCE after checking their action.yml)', () => {
    const tooOld = all.filter(uses => {
      const since = NODE24_SINCE[uses.action]
      return since === undefined || (/^v\d+$/.test(uses.ref) && Number(uses.ref.slice(1)) < since)
    })
    expect(tooOld).toEqual([])
  })

  test('are at the same major in every workflow', () => {
    const majors = new Map<string, Set<string>>()
    for (const uses of all.filter(u => /^v\d+$/.test(u.ref))) majors.set(uses.action, (majors.get(uses.action) ?? new Set()).add(uses.ref))
    expect([...majors].filter(([, refs]) => refs.size > 1)).toEqual([])
  })
})

interface Step {
  name?: string
  uses?: string
  run?: string
  if?: string
  shell?: string
  with?: Record<string, unknown>
}
interface Job {
  'runs-on': string
  needs?: string | string[]
  permissions?: Record<string, string>
  strategy?: { matrix?: Record<string, unknown[]> }
  defaults?: { run?: { shell?: string } }
  steps: Step[]
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  jobs: Record<string, Job>
}
const workflow = (file: string) => parseYaml(read(file)) as Workflow

/** The index of the first step whose `run` matches, for order checks; -1 when none. */
const stepIndex = (job: Job, run: RegExp) => job.steps.findIndex(step => step.run !== undefined && run.test(step.run))

describe('ci.yml', () => {
  const ci = workflow('.github/workflows/ci.yml')

  test('runs the action (uses: ./) on Linux, Windows and macOS, with one shell everywhere', () => {
    const job = Object.values(ci.jobs).find(candidate => candidate.steps.some(step => step.uses === './'))!
    expect(job.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest'])
    expect(job['runs-on']).toBe('${{ matrix.os }}')
    expect(job.defaults?.run?.shell).toBe('bash')
    // The emulator's start waits in node, not in shell tools, so it behaves the same on every runner OS.
    expect(job.steps.map(step => step.run ?? '').join('\n')).not.toMatch(/\bseq\b|\bgrep\b/)
  })

  test('tests on Node 24 (the runtime) and 20 (the oldest supported)', () => {
    expect(ci.jobs.test?.strategy?.matrix?.node).toEqual([24, 20])
    expect(stepIndex(ci.jobs.test!, /^npm test$/)).toBeGreaterThan(stepIndex(ci.jobs.test!, /^npm ci$/))
  })

  test('fails when dist/ is not the bundle of src/', () => {
    const job = ci.jobs['check-dist']!
    expect(stepIndex(job, /git status --porcelain/)).toBeGreaterThan(stepIndex(job, /^npm run bundle$/))
  })

  test('reads with no more than contents: read', () => {
    expect(ci.permissions).toEqual({ contents: 'read' })
    expect(Object.values(ci.jobs).filter(job => job.permissions)).toEqual([])
  })
})

describe('release.yml', () => {
  const release = workflow('.github/workflows/release.yml')
  const verify = release.jobs.verify!
  const publish = release.jobs.release!

  test('runs on version tags only', () => {
    expect(release.on).toEqual({ push: { tags: ['v*.*.*'] } })
  })

  test('checks the tag, dist/ and the tests before anything is published, without write access', () => {
    const order = [/^npm ci$/, /release-notes\.mjs "\$GITHUB_REF_NAME"$/, /^npm run bundle$/, /git status --porcelain/, /^npm test$/].map(run =>
      stepIndex(verify, run)
    )
    expect(order.every(index => index >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(verify.permissions).toBeUndefined()
    expect(release.permissions).toEqual({ contents: 'read' })
  })

  test('publishes after the checks: notes from the CHANGELOG, then the major tag', () => {
    expect(publish.needs).toBe('verify')
    expect(publish.permissions).toEqual({ contents: 'write' })
    const plan = stepIndex(publish, /node scripts\/release-notes\.mjs "\$GITHUB_REF_NAME" --notes-file "\$RUNNER_TEMP\/notes\.md" --tags/)
    const create = stepIndex(publish, /gh release create "\$GITHUB_REF_NAME" --verify-tag .*--notes-file "\$RUNNER_TEMP\/notes\.md"/)
    const moveMajor = stepIndex(publish, /git push --force origin "refs\/tags\/\$MAJOR_TAG"/)
    expect(plan).toBeGreaterThanOrEqual(0)
    expect(create).toBeGreaterThan(plan)
    expect(moveMajor).toBeGreaterThan(create)
    expect(publish.steps[moveMajor]!.if).toBe("steps.plan.outputs.move-major-tag == 'true'")
  })
})

describe('dependabot.yml', () => {
  const config = parseYaml(read('.github/dependabot.yml')) as {
    version: number
    updates: Array<{ 'package-ecosystem': string; directory: string; groups?: Record<string, unknown> }>
  }

  test('updates npm packages and GitHub Actions, grouped', () => {
    expect(config.version).toBe(2)
    expect(config.updates.map(update => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
    for (const update of config.updates) {
      expect(update.directory).toBe('/')
      expect(Object.keys(update.groups ?? {}).length).toBeGreaterThan(0)
    }
  })
})
