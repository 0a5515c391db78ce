// End to end (issue #3): several workflows sharing one ingress. UpdateIngress replaces the whole
// rule set and has no compare-and-swap, so concurrent `rules-mode: upsert` runs (one preview per
// pull request) can overwrite each other; the action must notice on read-back, merge its rule into
// whatever is live and write again, until its rule stays put.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startEmulator, type Emulator, type LiveIngress } from '../emulator/index.mjs'
import { runChecked as runAction } from './support/integrity.js'
import { ROOT, type ActionRun } from './support/run-action.js'
import {
  CREDENTIALS_ENV,
  domainsOf,
  emulatorInputs,
  rulesExcept,
  seedIngress as seedShared,
  startHealthServer,
  updatesOf,
  waitFor
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
  const running = upsert(7)

  // As soon as our write has been answered, another writer puts back the rule set it read earlier
  // plus its own rule: our rule is gone again.
  await waitFor(() => emu.requests.some(r => r.action === 'UpdateIngress' && r.status === 200))
  const intruder = seedIngress()
  intruder.Rules!.push({ AppId: APP_PREVIEW, ContainerPort: 8080, Domain: 'pr-8.preview.example.com', Path: '/' })
  emu.setIngress(intruder)

  const run = await running
  expect(run.code).toBe(0)
  expect(domainsOf(emu.getIngress(PREVIEW_INGRESS_ID))).toEqual([preview(7), preview(8), 'old.example.com', 'pay.example.com', 'www.example.com'].sort())
  expect(updatesOf(emu)).toHaveLength(2)
  expect(run.annotations).toContainEqual(
    expect.objectContaining({ level: 'warning', message: expect.stringMatching(/changed under this run \(rule pr-7\.preview\.example\.com\/ is missing\); merging again/) })
  )
  expect(run.stdout).toMatch(/Confirmed: the live ingress matches \(\d+ read\(s\), 1 re-apply\(s\)\)/)
})

test('a rule overwritten while the write is still propagating is merged back in', async () => {
  // Reads lag writes by 700 ms, so the first reads after our write still show the old rule set;
  // meanwhile another team's write (visible at once) drops our rule.
  emu = await startEmulator({ ingresses: [seedIngress()], propagationDelayMs: 700 })
  const running = upsert(9)
  await waitFor(() => emu.requests.some(r => r.action === 'UpdateIngress' && r.status === 200))
  await new Promise(resolve => setTimeout(resolve, 300))
  const other = seedIngress()
  other.Rules!.push({ AppId: APP_PREVIEW, ContainerPort: 8080, Domain: 'pr-10.preview.example.com', Path: '/' })
  emu.setIngress(other)

  const run = await running
  expect(run.code).toBe(0)
  expect(domainsOf(emu.getIngress(PREVIEW_INGRESS_ID))).toEqual(expect.arrayContaining([preview(9), preview(10)]))
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
