// End to end (issue #3): several workflows sharing one ingress. UpdateIngress replaces the whole
// rule set and has no compare-and-swap, so concurrent `rules-mode: upsert` runs (one preview per
// pull request) can overwrite each other; the action must notice on read-back, merge its rule into
// whatever is live and write again, until its rule stays put.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startEmulator, type Emulator, type LiveIngress, type RecordedRequest } from '../emulator/index.mjs'
import { runChecked as runAction } from './support/integrity.js'
import { ROOT, type ActionRun } from './support/run-action.js'
import {
  CREDENTIALS_ENV,
  domainsOf,
  emulatorInputs,
  rulesExcept,
  seedIngress as seedShared,
  startHealthServer,
  updatesOf
} from './support/e2e-fixtures.js'

/** One preview rule per pull request: examples/preview-rule.json itself, as pr-preview.yml uses it. */
const PREVIEW_FILE = readFileSync(path.join(ROOT, 'examples', 'preview-rule.json'), 'utf8')
const PREVIEW_INGRESS_ID: number = JSON.parse(PREVIEW_FILE).IngressId
const APP_PREVIEW: string = JSON.parse(PREVIEW_FILE).Rules[0].appId

/** The shared preview ingress, holding other teams' rules. */
const seedIngress = (): LiveIngress => ({ ...seedShared(), Id: PREVIEW_INGRESS_ID })

const preview = (pr: number) => `pr-${pr}.preview.example.com`

let emu: Emulator
afterEach(async () => {
  await emu?.close()
})

/**
 * Runs `hook` as each DescribeIngress reaches the emulator, before it is answered: another writer acting at a point
 * of the run, not after some time. (A dropUpdate fault changes nothing on a read: it is there only for its onApply.)
 * `hook` gets the requests so far, this read last.
 */
function beforeEachRead(hook: (requests: readonly RecordedRequest[]) => void): void {
  emu.inject({ kind: 'dropUpdate', action: 'DescribeIngress', times: Infinity, onApply: () => hook(emu.requests) })
}

/** How many UpdateIngress requests `requests` holds, and how many DescribeIngress came after the last of them. */
function sinceLastWrite(requests: readonly RecordedRequest[]): { writes: number; reads: number } {
  const actions = requests.map(r => r.action)
  const last = actions.lastIndexOf('UpdateIngress')
  return { writes: actions.filter(a => a === 'UpdateIngress').length, reads: last < 0 ? 0 : actions.slice(last + 1).filter(a => a === 'DescribeIngress').length }
}

/** Another team's rule set: the one it read before our write (so without our rule), plus its own preview. */
function theirs(pr: number): LiveIngress {
  const live = seedIngress()
  live.Rules!.push({ AppId: APP_PREVIEW, ContainerPort: 8080, Domain: preview(pr), Path: '/' })
  return live
}

function upsert(pr: number, extra: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: emulatorInputs(emu, {
      'ingress-file': 'deploy/preview-rule.json',
      'rules-mode': 'upsert',
      'allowed-ingress-ids': String(PREVIEW_INGRESS_ID),
      timeout: '60',
      ...extra
    }),
    files: { 'deploy/preview-rule.json': PREVIEW_FILE },
    env: { ...CREDENTIALS_ENV, PR_NUMBER: String(pr), ...env },
    killAfterMs: 90_000
  })
}

test('six concurrent upserts of different rules all end up live, next to every rule that was there before', async () => {
  emu = await startEmulator({ ingresses: [seedIngress()] })
  const othersBefore = rulesExcept(emu.getIngress(PREVIEW_INGRESS_ID))
  const prs = [101, 102, 103, 104, 105, 106]

  const runs = await Promise.all(prs.map(pr => upsert(pr)))

  runs.forEach((run, i) => {
    expect({ pr: prs[i], code: run.code, stderr: run.stderr }).toEqual({ pr: prs[i], code: 0, stderr: '' })
    expect(run.outputs.changed).toBe('true')
    expect(run.outputs.urls).toBe(JSON.stringify([`http://${preview(prs[i]!)}/`]))
  })
  const live = emu.getIngress(PREVIEW_INGRESS_ID)
  expect(domainsOf(live)).toEqual([...prs.map(preview), 'old.example.com', 'pay.example.com', 'www.example.com'].sort())
  // The pre-existing rules survive untouched, AppName, BackendProtocol and RewritePath included.
  expect(rulesExcept(live, ...prs.map(preview))).toBe(othersBefore)
  // Each run wrote (at least once: a run that lost a race merged and wrote again).
  expect(updatesOf(emu).length).toBeGreaterThanOrEqual(prs.length)
}, 120_000)

test('a run whose rule is overwritten between update and confirmation merges it back in', async () => {
  emu = await startEmulator({ ingresses: [seedIngress()] })
  // Once our write has landed, as the read that is to confirm it arrives, another writer puts back the rule set it
  // read earlier plus its own rule: our rule is gone again.
  let overwritten = false
  beforeEachRead(requests => {
    if (overwritten || sinceLastWrite(requests).writes === 0) return
    overwritten = true
    emu.setIngress(theirs(8))
  })

  const run = await upsert(7)
  expect(run.code).toBe(0)
  expect(overwritten).toBe(true)
  expect(domainsOf(emu.getIngress(PREVIEW_INGRESS_ID))).toEqual([preview(7), preview(8), 'old.example.com', 'pay.example.com', 'www.example.com'].sort())
  expect(updatesOf(emu)).toHaveLength(2)
  expect(run.annotations).toContainEqual(
    expect.objectContaining({ level: 'warning', message: expect.stringMatching(/changed under this run \(rule pr-7\.preview\.example\.com\/ is missing\); merging again/) })
  )
  expect(run.stdout).toMatch(/Confirmed: the live ingress matches \(\d+ read\(s\), 1 re-apply\(s\)\)/)
})

test('a rule overwritten while the write is still propagating is merged back in', async () => {
  // Reads lag our writes for as long as the emulator's clock stands still (a propagation delay that never ends by
  // itself), so the first read after our write still shows the old rule set. As the second read arrives, another
  // team's write (visible at once) drops our rule; from then on the clock moves, so our merge shows when read.
  const DELAY = 60_000
  let now = Date.now()
  emu = await startEmulator({ ingresses: [seedIngress()], propagationDelayMs: DELAY, now: () => now })
  let overwritten = false
  beforeEachRead(requests => {
    const { writes, reads } = sinceLastWrite(requests)
    if (writes === 1 && reads === 2 && !overwritten) {
      overwritten = true
      emu.setIngress(theirs(10))
    }
    if (writes > 1) now += DELAY
  })

  const run = await upsert(9)
  expect(run.code).toBe(0)
  expect(overwritten).toBe(true)
  expect(domainsOf(emu.getIngress(PREVIEW_INGRESS_ID))).toEqual([preview(9), preview(10), 'old.example.com', 'pay.example.com', 'www.example.com'].sort())
  expect(updatesOf(emu)).toHaveLength(2)
  expect(run.annotations).toContainEqual(
    expect.objectContaining({ level: 'warning', message: expect.stringMatching(/changed under this run \(rule pr-9\.preview\.example\.com\/ is missing\); merging again/) })
  )
  expect(run.stdout).toMatch(/Confirmed: the live ingress matches \(\d+ read\(s\), 1 re-apply\(s\)\)/)
})

test('rolling back an unhealthy upsert removes only its own rule and keeps a rule another team added meanwhile', async () => {
  emu = await startEmulator({ ingresses: [seedIngress()] })
  const othersBefore = rulesExcept(emu.getIngress(PREVIEW_INGRESS_ID))
  // While our health check fails, another team adds its preview.
  const health = await startHealthServer(n => {
    if (n === 0) {
      const live = emu.getIngress(PREVIEW_INGRESS_ID)!
      live.Rules!.push({ AppId: APP_PREVIEW, ContainerPort: 8080, Domain: 'pr-12.preview.example.com', Path: '/' })
      emu.setIngress(live)
    }
    return 500
  })
  try {
    const run = await upsert(11, { 'health-check-url': `${health.url}/`, 'rollback-on-failure': 'true', timeout: '8' })
    expect(run.code).toBe(1)
    expect(run.annotations.find(a => a.level === 'error')?.message).toMatch(/Health check failed: .* Rolled back: yes/)
    const live = emu.getIngress(PREVIEW_INGRESS_ID)
    expect(domainsOf(live)).toEqual([preview(12), 'old.example.com', 'pay.example.com', 'www.example.com'].sort())
    expect(rulesExcept(live, preview(12))).toBe(othersBefore)
  } finally {
    await health.close()
  }
}, 30_000)
