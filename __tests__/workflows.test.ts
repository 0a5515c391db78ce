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
        'examples/workflows/drift.yml',
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
    ['invalid YAML', job('    steps:\n      - run: make\n  - stray\n'), /block sequence may not be used as an implicit map key/],
    ['an unknown concurrency queue mode', job('    concurrency:\n      group: g\n      queue: all\n    steps:\n      - run: make\n'), /Unexpected value 'all'/]
  ])('%s', async (_mistake, content, expected) => {
    expect((await workflowErrors('broken.yml', content)).join('\n')).toMatch(expected)
  })

  // The parser's schema (workflow-v1.0: concurrency-mapping has group, cancel-in-progress and queue, whose
  // concurrency-queue type allows `single` and `max`) knows `queue`, at the job and the workflow level. It does not
  // know that GitHub allows `queue: max` only with `cancel-in-progress: false`: that is checked below, in the examples.
  test('knows queue: single and max, but not that max needs cancel-in-progress: false', async () => {
    const steps = '    steps:\n      - run: make\n'
    for (const queue of ['single', 'max']) {
      const atJob = job(`    concurrency:\n      group: g\n      cancel-in-progress: false\n      queue: ${queue}\n${steps}`)
      const atWorkflow = `on: push\nconcurrency:\n  group: g\n  queue: ${queue}\n${job(steps).replace('on: push\n', '')}`
      expect(await workflowErrors('ok.yml', atJob)).toEqual([])
      expect(await workflowErrors('ok.yml', atWorkflow)).toEqual([])
    }
    const cancelling = job(`    concurrency:\n      group: g\n      cancel-in-progress: true\n      queue: max\n${steps}`)
    expect(await workflowErrors('loose.yml', cancelling)).toEqual([])
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
  id?: string
  uses?: string
  run?: string
  if?: string
  shell?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
}
interface Job {
  'runs-on': string
  if?: string
  needs?: string | string[]
  permissions?: Record<string, string>
  outputs?: Record<string, string>
  environment?: string | { name: string; url?: string }
  concurrency?: string | { group: string; 'cancel-in-progress'?: boolean | string; queue?: string }
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

  describe('the npm job', () => {
    const npm = release.jobs.npm!
    const publishStep = npm.steps.find(step => step.run !== undefined && /\bnpm publish\b/.test(step.run))!

    test('publishes last: after the checks and after the release job (default branch, notes, major tag)', () => {
      expect(npm.needs).toEqual(['verify', 'release'])
      expect(publishStep).toBeDefined()
    })

    test('with provenance: an OIDC token and nothing to write in the repository; the only job with id-token', () => {
      expect(npm.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
      expect(Object.entries(release.jobs).filter(([, job]) => job.permissions?.['id-token'] !== undefined).map(([name]) => name)).toEqual(['npm'])
      expect(publishStep.run).toMatch(/^npm publish --provenance --access public --tag "\$DIST_TAG"$/m)
    })

    test('to registry.npmjs.org with the NPM_TOKEN secret, given to the publishing step only', () => {
      const setup = npm.steps.find(step => step.uses?.startsWith('actions/setup-node@'))
      expect(setup?.with).toMatchObject({ 'node-version-file': '.node-version', 'registry-url': 'https://registry.npmjs.org' })
      expect(npm.steps.indexOf(setup!)).toBeLessThan(npm.steps.indexOf(publishStep))
      expect(publishStep.env?.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}')
      const withToken = Object.values(release.jobs).flatMap(job => job.steps).filter(step => JSON.stringify(step).includes('secrets.NPM_TOKEN'))
      expect(withToken).toEqual([publishStep])
    })

    test("the dist-tag and version of the release plan (latest only for the newest release)", () => {
      expect(release.jobs.release!.outputs).toEqual({
        version: '${{ steps.plan.outputs.version }}',
        'npm-dist-tag': '${{ steps.plan.outputs.npm-dist-tag }}'
      })
      expect(publishStep.env).toMatchObject({ VERSION: '${{ needs.release.outputs.version }}', DIST_TAG: '${{ needs.release.outputs.npm-dist-tag }}' })
    })

    test('the tagged commit as checked out, which verify proved is the bundle of src/: nothing is built or installed', () => {
      const checkout = npm.steps.find(step => step.uses?.startsWith('actions/checkout@'))
      expect(checkout?.with).toEqual({ 'persist-credentials': false }) // no ref: the tag's commit, GITHUB_SHA
      expect(npm.steps.filter(step => step.run !== undefined && /\bnpm (ci|install|run|exec|pack)\b|\bnpx\b|\bncc\b/.test(step.run.replace(/`npx [^`]*`/g, '')))).toEqual([])
    })

    test('a re-run skips a version npm already has instead of failing on it', () => {
      const check = publishStep.run!.indexOf('npm view "$name@$VERSION" version')
      expect(check).toBeGreaterThanOrEqual(0)
      expect(check).toBeLessThan(publishStep.run!.indexOf('npm publish'))
    })
  })
})

interface Concurrency {
  group: string
  'cancel-in-progress'?: boolean | string
  queue?: string
}
const ACTION = 'sae-ingress/sae-ingress-action@'
const EXAMPLES = yamlFiles('examples/workflows')
/** Every job of the examples, with its file, name and steps running this action. */
const exampleJobs = EXAMPLES.flatMap(file =>
  Object.entries(workflow(file).jobs).map(([name, job]) => ({ file, name, job, ours: job.steps.filter(step => step.uses?.startsWith(ACTION)) }))
)
/** A step that may write: not `dry-run: 'true'` (an expression, as in manual.yml, may be false). */
const writes = (step: Step) => String(step.with?.['dry-run'] ?? 'false') !== 'true'

describe('examples/workflows', () => {
  test('every job that may write an ingress waits its turn in the group of that ingress, never cancelling, keeping every pending run', () => {
    const writers = exampleJobs.filter(({ ours }) => ours.some(writes))
    expect(writers.map(({ file, name }) => `${file}:${name}`)).toEqual(
      expect.arrayContaining([
        'examples/workflows/release.yml:ingress',
        'examples/workflows/manual.yml:apply',
        'examples/workflows/pr-preview.yml:deploy',
        'examples/workflows/pr-preview.yml:remove',
        'examples/workflows/pr-preview.yml:prune'
      ])
    )
    for (const { file, name, job, ours } of writers) {
      const concurrency = job.concurrency as Concurrency | undefined
      expect({ job: `${file}:${name}`, concurrency }).toEqual({
        job: `${file}:${name}`,
        concurrency: { group: expect.stringMatching(/^sae-ingress-/), 'cancel-in-progress': false, queue: 'max' }
      })
      // Keyed by the ingress the job may touch: every workflow writing it computes the same group.
      const ids = new Set(ours.map(step => String(step.with?.['allowed-ingress-ids'])))
      expect(ids.size).toBe(1)
      // `sae-ingress-87`, or in manual.yml the same expression as allowed-ingress-ids after `sae-ingress-`.
      expect(concurrency!.group).toBe(`sae-ingress-${[...ids][0]}`)
    }
  })

  test('queue: max only with cancel-in-progress: false, in every workflow and the README (the parser does not check it)', () => {
    const blocks = [...read('README.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map(match => match[1]!).filter(block => /^on:/m.test(block) && /^jobs:/m.test(block))
    const all = [...WORKFLOWS.map(file => parseYaml(read(file)) as Workflow & { concurrency?: unknown }), ...blocks.map(block => parseYaml(block) as Partial<Workflow> & { concurrency?: unknown })]
    const concurrencies = all.flatMap(file => [file.concurrency, ...Object.values(file.jobs ?? {}).map(job => job.concurrency)]).filter(
      (concurrency): concurrency is Concurrency => typeof concurrency === 'object' && concurrency !== null
    )
    const queued = concurrencies.filter(concurrency => concurrency.queue === 'max')
    expect(queued.length).toBeGreaterThanOrEqual(6)
    expect(queued.filter(concurrency => concurrency['cancel-in-progress'] !== false)).toEqual([])
    expect(concurrencies.filter(concurrency => concurrency['cancel-in-progress'] === true)).toEqual([])
  })

  test('drift-issue only with dry-run, prune only without PR_NUMBER and with pull-requests read', () => {
    for (const { file, job, ours } of exampleJobs) {
      for (const step of ours) {
        if (step.with?.['drift-issue'] === 'true') expect({ file, dryRun: step.with['dry-run'] }).toEqual({ file, dryRun: 'true' })
        if (step.with?.['rules-mode'] !== 'prune') continue
        expect([workflow(file), job, step].filter(scope => 'env' in scope && 'PR_NUMBER' in ((scope as { env: object }).env ?? {}))).toEqual([])
        expect(['read', 'write']).toContain(job.permissions?.['pull-requests'])
      }
    }
  })

  describe('pr-preview.yml', () => {
    const preview = workflow('examples/workflows/pr-preview.yml')
    const { deploy, remove, prune, fork } = preview.jobs as Record<'deploy' | 'remove' | 'prune' | 'fork', Job>
    const ourStep = (job: Job) => job.steps.find(step => step.uses?.startsWith(ACTION))!

    test('runs on pull request events, and nightly', () => {
      expect(preview.on.pull_request).toEqual({ types: ['opened', 'synchronize', 'reopened', 'closed'] })
      expect(preview.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }])
      for (const job of [deploy, remove, fork]) expect(job.if).toMatch(/^github\.event_name == 'pull_request' && /)
      expect(prune.if).toMatch(/github\.event_name == 'schedule'/)
    })

    test("deploy upserts the pull request's rule in the environment pr-<number>, whose URL is the step's url output", () => {
      expect(deploy.environment).toEqual({ name: 'pr-${{ github.event.number }}', url: '${{ steps.upsert.outputs.url }}' })
      const upsert = deploy.steps.find(step => step.id === 'upsert')!
      expect(upsert.uses).toMatch(/^sae-ingress\/sae-ingress-action@/)
      expect(upsert.with?.['rules-mode']).toBe('upsert')
      expect(deploy.if).toMatch(/github\.event\.action != 'closed'/)
      expect(remove.if).toMatch(/github\.event\.action == 'closed'/)
      expect(ourStep(remove).with?.['rules-mode']).toBe('remove')
    })

    test('prune runs the same preview file with the token, pull-requests: read, in the same group as deploy and remove', () => {
      const step = ourStep(prune)
      expect(step.with).toMatchObject({ 'rules-mode': 'prune', 'github-token': '${{ github.token }}', 'ingress-file': ourStep(deploy).with?.['ingress-file'] })
      expect(prune.permissions).toMatchObject({ 'pull-requests': 'read', 'id-token': 'write' })
      expect(prune.concurrency).toEqual(deploy.concurrency)
      expect(remove.concurrency).toEqual(deploy.concurrency)
      expect(ourStep(deploy).with?.['allowed-ingress-ids']).toBe(step.with?.['allowed-ingress-ids'])
    })
  })

  describe('drift.yml', () => {
    const drift = workflow('examples/workflows/drift.yml')
    const jobs = Object.values(drift.jobs)

    test('runs daily and on demand', () => {
      expect(Object.keys(drift.on).sort()).toEqual(['schedule', 'workflow_dispatch'])
      expect(drift.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }])
    })

    test('plans the production file without writing and keeps the drift issue, with issues: write and keyless credentials', () => {
      expect(jobs).toHaveLength(1)
      const [job] = jobs
      const ours = job!.steps.filter(step => step.uses?.startsWith(ACTION))
      expect(ours).toHaveLength(1)
      expect(ours[0]!.with).toMatchObject({ 'ingress-file': 'deploy/ingress.prod.json', 'dry-run': 'true', 'drift-issue': 'true', 'allowed-ingress-ids': '87' })
      expect(job!.permissions).toEqual({ contents: 'read', 'id-token': 'write', issues: 'write' })
      // The same credentials as the other examples: an OIDC role through configure-aliyun-credentials-action.
      const credentials = job!.steps.findIndex(step => step.uses?.startsWith('aliyun/configure-aliyun-credentials-action@'))
      expect(credentials).toBeGreaterThanOrEqual(0)
      expect(credentials).toBeLessThan(job!.steps.indexOf(ours[0]!))
    })
  })
})

describe('dependabot.yml', () => {
  const config = parseYaml(read('.github/dependabot.yml')) as {
    version: number
    updates: Array<{ 'package-ecosystem': string; directory: string; groups?: Record<string, { patterns?: string[]; 'dependency-type'?: string }> }>
  }

  test('updates npm packages and GitHub Actions, grouped', () => {
    expect(config.version).toBe(2)
    expect(config.updates.map(update => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
    for (const update of config.updates) {
      expect(update.directory).toBe('/')
      expect(Object.keys(update.groups ?? {}).length).toBeGreaterThan(0)
    }
  })

  // Every dependency is a devDependency (the bundles carry them: see package.test.ts), so the group of what dist/ is
  // built from names its packages: each one src/ loads at run time, and ajv, which compiles the schema's validator.
  test('groups what the bundles are built from apart from the tools', () => {
    const sources = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap(entry =>
        entry.isDirectory() ? sources(`${dir}/${entry.name}`) : entry.name.endsWith('.ts') ? [read(`${dir}/${entry.name}`)] : []
      )
    const loaded = new Set(['ajv'])
    for (const source of sources('src')) {
      for (const match of source.matchAll(/^import (?!type )[^'\n]*from '([^.'][^']*)'|\)\('([^.'][^']*)'\)/gm)) {
        const specifier = (match[1] ?? match[2])!
        if (specifier.startsWith('node:')) continue
        loaded.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'))
      }
    }
    expect([...loaded]).toEqual(expect.arrayContaining(['@actions/core', '@alicloud/pop-core', '@alicloud/credentials', 'commander']))
    const runtime = config.updates.find(update => update['package-ecosystem'] === 'npm')!.groups!.runtime!.patterns!
    const matches = (name: string) => runtime.some(pattern => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name))
    expect([...loaded].filter(name => !matches(name))).toEqual([])
    const { devDependencies = {} } = JSON.parse(read('package.json')) as { devDependencies?: Record<string, string> }
    expect([...loaded].filter(name => !(name in devDependencies))).toEqual([])
  })
})
