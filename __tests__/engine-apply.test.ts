// The engine's apply (src/engine/apply/deploy.ts) end to end in process: plan against the live ingress, write,
// confirm, health check, rollback, over an in-memory SAE (support/memory-sae.ts) on a virtual clock. Both front ends
// call applyIngress with a session and an EngineContext; here the session's client is the in-memory one, the health
// check probes a real loopback server, and no assertion reads a wall clock. The end-to-end suites (e2e-apply,
// e2e-safe-deploy) run the same paths through the bundle, where no coverage sees them.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as proxies from '@actions/http-client/lib/proxy'
import { applyIngress, type ApplyOptions, type EngineContext, type SafetyNet } from '../src/engine/apply/deploy.js'
import { deadlineAfter } from '../src/engine/clock.js'
import { PlanRejected } from '../src/engine/failure.js'
import type { IngressFile, IngressRule } from '../src/engine/ingress/types.js'
import type { Plan } from '../src/engine/plan/types.js'
import { SaeApiError } from '../src/engine/sae/errors.js'
import type { LiveIngress, LiveRule } from '../src/engine/sae/types.js'
import { SecretRegistry } from '../src/engine/text/secrets.js'
import { memorySae, memorySession, virtualClock, type MemorySae, type MemorySaeHooks } from './support/memory-sae.js'
import { useProxyEnv } from './support/proxy-env.js'
import { recordingLog } from './support/recording-log.js'

useProxyEnv()

const live = (domain: string, extra: Partial<LiveRule> = {}): LiveRule => ({
  AppId: `app-${domain.split('.')[0]}`,
  AppName: domain.split('.')[0],
  BackendProtocol: 'http',
  ContainerPort: 8080,
  Domain: domain,
  Path: '/',
  ...extra
})
const rule = (domain: string): IngressRule => ({ appId: `app-${domain.split('.')[0]}`, containerPort: 8080, domain, path: '/' })

const SEED: LiveIngress = { Id: 87, ListenerPort: 80, RequestTimeout: 60, Rules: [live('www.example.com')] }
/** The change most tests make: a setting and a rule added next to the live one. */
const FILE: IngressFile = { IngressId: 87, RequestTimeout: 30, Rules: [rule('www.example.com'), rule('new.example.com')] }
const OPTIONS: ApplyOptions = { ingressId: 87, mode: 'replace', dryRun: false, wait: true, dropRuleActions: false }

const domains = (ingress: LiveIngress): string[] => (ingress.Rules ?? []).map(r => r.Domain).sort()

/** One apply of `file` against `sae` (a fresh one over SEED unless given), with the run's time `timeoutMs`. */
function apply(
  file: IngressFile,
  options: Partial<ApplyOptions> = {},
  setup: { sae?: MemorySae; hooks?: MemorySaeHooks; net?: SafetyNet; timeoutMs?: number; secrets?: string[] } = {}
) {
  const clock = virtualClock(0.5)
  const sae = setup.sae ?? memorySae(SEED, setup.hooks)
  const { log, said } = recordingLog()
  const secrets = new SecretRegistry()
  for (const secret of setup.secrets ?? []) secrets.add(secret)
  const ctx: EngineContext = { log, secrets, clock, proxies }
  const session = memorySession(sae, deadlineAfter(clock, setup.timeoutMs ?? 60_000))
  const result = applyIngress(file, { ...OPTIONS, ...options }, session, ctx, setup.net)
  return { result, sae, clock, said }
}

describe('a replace with changes', () => {
  test('is written, read back, and ends updated with the write and the confirmation it made', async () => {
    const { result, sae, said, clock } = apply(FILE)
    const done = await result
    expect(done.outcome).toBe('updated')
    expect(done.error).toBeUndefined()
    expect(sae.calls).toEqual(['describe', 'update', 'describe'])
    expect(sae.state().RequestTimeout).toBe(30)
    expect(domains(sae.state())).toEqual(['new.example.com', 'www.example.com'])
    expect(done.update).toMatchObject({ requestId: 'U2', attempts: 1 })
    expect(done.verification).toEqual({ ok: true, unmet: [], reads: 1, reapplies: 0 })
    // `live` is the ingress before the write, in file shape: what a rollback or the previous-config output restores.
    expect(done.live).toMatchObject({ IngressId: 87, RequestTimeout: 60, Rules: [rule('www.example.com')] })
    expect(done.plan.settings).toEqual([expect.objectContaining({ name: 'RequestTimeout', before: 60, after: 30 })])
    expect(done.plan.rules.map(r => [r.kind, r.key])).toEqual([
      ['added', 'new.example.com/'],
      ['unchanged', 'www.example.com/']
    ])
    expect(said.groups).toEqual(['Plan', 'Apply', 'Confirm'])
    expect(said.info[0]).toBe('Planning ingress 87 at https://sae.cn-hangzhou.aliyuncs.com (replace mode, credentials from the in-memory test credentials).')
    // Replace reads back at once: no time passed.
    expect(clock.slept).toEqual([])
  })

  test('keeps the live ingress as it was before the write in the previous-config directory, its secrets redacted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sae-previous-'))
    const sae = memorySae({ ...SEED, Description: 'deploy key sk-previous-config-secret' })
    const { result } = apply(FILE, { previousConfigDir: path.join(dir, 'nested') }, { sae, secrets: ['sk-previous-config-secret'] })
    const done = await result
    expect(done.outcome).toBe('updated')
    expect(done.previousConfig).toBe(path.join(dir, 'nested', 'sae-ingress-87-previous-0.json'))
    expect(readdirSync(path.join(dir, 'nested'))).toEqual(['sae-ingress-87-previous-0.json'])
    const saved = JSON.parse(readFileSync(done.previousConfig!, 'utf8')) as IngressFile
    expect(saved).toMatchObject({ IngressId: 87, RequestTimeout: 60, Description: 'deploy key ***', Rules: [rule('www.example.com')] })
    // Only the runner's user may read it.
    expect(statSync(done.previousConfig!).mode & 0o777).toBe(0o600)
  })
})

test('a file that matches the live ingress is read once and never written', async () => {
  const { result, sae } = apply({ IngressId: 87, RequestTimeout: 60, Rules: [rule('www.example.com')] })
  const done = await result
  expect(done.outcome).toBe('unchanged')
  expect(done.plan.changed).toBe(false)
  expect(done.update).toBeUndefined()
  expect(sae.calls).toEqual(['describe'])
})

test('a dry run plans the change and writes nothing', async () => {
  const { result, sae, said } = apply(FILE, { dryRun: true })
  const done = await result
  expect(done.outcome).toBe('planned')
  expect(done.plan.changed).toBe(true)
  expect(done.update).toBeUndefined()
  expect(sae.calls).toEqual(['describe'])
  expect(sae.state()).toEqual(SEED)
  expect(said.info.join('\n')).toMatch(/Plan for ingress 87 \(replace\):[\s\S]*new\.example\.com/)
})

describe('approval between the plan and the write', () => {
  test('a plan the person declines is not written, and the apply says declined', async () => {
    const asked: Plan[] = []
    const { result, sae } = apply(FILE, { approve: async plan => (asked.push(plan), false) })
    const done = await result
    expect(done.outcome).toBe('declined')
    expect(asked).toHaveLength(1)
    expect(asked[0]!.settings.map(s => s.name)).toEqual(['RequestTimeout'])
    expect(done.update).toBeUndefined()
    expect(sae.calls).toEqual(['describe'])
    expect(sae.state()).toEqual(SEED)
  })

  test('an approval that took its time is checked against a fresh read, and written when the plan still holds', async () => {
    const clock = virtualClock()
    const sae = memorySae(SEED)
    const { log } = recordingLog()
    const session = memorySession(sae, deadlineAfter(clock, 60_000))
    const approve = async () => (await clock.sleep(30_000), true)
    const done = await applyIngress(FILE, { ...OPTIONS, approve }, session, { log, secrets: new SecretRegistry(), clock, proxies })
    expect(done.outcome).toBe('updated')
    expect(sae.calls).toEqual(['describe', 'describe', 'update', 'describe'])
  })

  test('an ingress that changed while the person decided is refused: nothing is written', async () => {
    const clock = virtualClock()
    const sae = memorySae(SEED)
    const { log } = recordingLog()
    const session = memorySession(sae, deadlineAfter(clock, 60_000))
    const approve = async () => {
      await clock.sleep(30_000)
      // Someone else's rule lands meanwhile: the replace approved would now remove it too.
      sae.set({ ...SEED, Rules: [live('www.example.com'), live('someone-else.example.com')] })
      return true
    }
    const applied = applyIngress(FILE, { ...OPTIONS, approve }, session, { log, secrets: new SecretRegistry(), clock, proxies })
    await expect(applied).rejects.toThrow(PlanRejected)
    await expect(applied).rejects.toThrow('Ingress 87 changed while the plan waited for approval; nothing was written. Plan again.')
    expect(sae.calls).toEqual(['describe', 'describe'])
    expect(domains(sae.state())).toEqual(['someone-else.example.com', 'www.example.com'])
  })
})

test('wait: false writes and does not read back', async () => {
  const { result, sae, said } = apply(FILE, { wait: false })
  const done = await result
  expect(done.outcome).toBe('updated')
  expect(done.verification).toBeUndefined()
  expect(sae.calls).toEqual(['describe', 'update'])
  expect(said.groups).toEqual(['Plan', 'Apply'])
})

test('upsert adds its rule next to the live ones and confirms after a concurrent writer\'s window', async () => {
  const { result, sae, clock } = apply({ IngressId: 87, Rules: [rule('pr-7.example.com')] }, { mode: 'upsert' })
  const done = await result
  expect(done.outcome).toBe('updated')
  expect(done.verification).toMatchObject({ ok: true, reads: 1 })
  expect(domains(sae.state())).toEqual(['pr-7.example.com', 'www.example.com'])
  // The writers' 100 ms processing time (the write itself took none on this clock).
  expect(clock.slept).toEqual([100])
})

describe('RuleActions set up in the console', () => {
  const withRedirect = { ...SEED, Rules: [live('www.example.com', { RuleActions: [{ ActionType: 'redirect', ActionConfig: '{"host":"example.org"}' }] })] }

  test('a write that would drop them is refused before anything is sent', async () => {
    const { result, sae } = apply(FILE, {}, { sae: memorySae(withRedirect) })
    const done = await result
    expect(done.outcome).toBe('failed')
    expect(done.error).toMatch(/^The plan cannot be applied: RuleActions would be lost: .*rule www\.example\.com\/ \(redirect\).*drop-rule-actions: true/)
    expect(done.plan.problems).toHaveLength(1)
    expect(sae.calls).toEqual(['describe'])
    expect(sae.state()).toEqual(withRedirect)
  })

  test('with drop-rule-actions the write goes ahead and the actions are gone', async () => {
    const { result, sae } = apply(FILE, { dropRuleActions: true }, { sae: memorySae(withRedirect) })
    const done = await result
    expect(done.outcome).toBe('updated')
    expect(done.plan.rules.find(r => r.key === 'www.example.com/')).toMatchObject({ kind: 'changed', fields: [expect.objectContaining({ name: 'ruleActions' })] })
    expect(sae.state().Rules?.find(r => r.Domain === 'www.example.com')?.RuleActions).toBeUndefined()
  })
})

test('a write the service refuses is thrown, named UpdateIngress, and not tried again', async () => {
  const refused = new SaeApiError({ code: 'Exceed.IngressRule', message: 'too many rules', httpStatus: 400, transient: false })
  const { result, sae } = apply({ IngressId: 87, Rules: [rule('pr-7.example.com')] }, { mode: 'upsert' }, { hooks: { failUpdate: () => ({ error: refused }) } })
  await expect(result).rejects.toBe(refused)
  expect(refused.action).toBe('UpdateIngress')
  expect(sae.calls).toEqual(['describe', 'update'])
  expect(sae.state()).toEqual(SEED)
})

describe('the safety net after a write', () => {
  let server: http.Server
  let status = 200
  let hits = 0
  let url = ''

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits++
      res.writeHead(status).end()
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  })
  beforeEach(() => {
    status = 200
    hits = 0
  })

  const check = (rollbackOnFailure: boolean): SafetyNet => ({ rollbackOnFailure, healthCheck: { url, accepted: [[200, 399]], allowInternal: false } })

  test('a healthy service after the write: updated, with the health check that passed', async () => {
    const { result, sae, said } = apply(FILE, {}, { net: check(true) })
    const done = await result
    expect(done.outcome).toBe('updated')
    expect(done.health).toEqual({ url, ok: true, attempts: 1, status: 200 })
    expect(done.rollback).toBeUndefined()
    expect(sae.state().RequestTimeout).toBe(30)
    expect(said.groups).toEqual(['Plan', 'Apply', 'Confirm', 'Health check'])
  })

  test('a failed health check rolls the change back: the ingress is as it was, and the apply failed', async () => {
    status = 503
    const { result, sae, said, clock } = apply(FILE, {}, { net: check(true), timeoutMs: 20_000 })
    const done = await result
    expect(done.outcome).toBe('failed')
    expect(done.health).toMatchObject({ ok: false, status: 503 })
    expect(done.health!.attempts).toBe(hits)
    expect(done.rollback).toEqual({ ok: true, requestId: 'U5', message: 'the previous configuration is live again' })
    expect(done.error).toBe(
      `Health check failed: ${url} answered HTTP 503 after ${hits} attempt(s). Rolled back: yes (the previous configuration is live again).`
    )
    // The write, its confirmation, then the rollback's read, write and confirmation.
    expect(sae.calls).toEqual(['describe', 'update', 'describe', 'describe', 'update', 'describe'])
    expect(sae.state()).toMatchObject({ RequestTimeout: 60 })
    expect(domains(sae.state())).toEqual(['www.example.com'])
    expect(said.groups).toEqual(['Plan', 'Apply', 'Confirm', 'Health check', 'Rollback'])
    // The health check gave up within the three quarters of the timeout kept from the rollback.
    expect(clock.now()).toBeLessThanOrEqual(15_000)
  })

  test('the rollback has the quarter of the timeout kept for it, after the health check used up the rest', async () => {
    status = 503
    // Each write shows only at the fifth read after it: every confirmation polls 7.5 s (0.5 + 1 + 2 + 4).
    const { result, sae, clock } = apply(FILE, {}, { hooks: { staleReads: 4 }, net: check(true), timeoutMs: 40_000 })
    const done = await result
    expect(done.rollback).toMatchObject({ ok: true, message: 'the previous configuration is live again' })
    expect(sae.state()).toMatchObject({ RequestTimeout: 60 })
    // The write and the health check ended within three quarters of the 40 s; the rollback went on past them.
    expect(clock.now()).toBeGreaterThan(30_000)
    expect(clock.now()).toBeLessThanOrEqual(40_000)
  })

  test('without rollback-on-failure a failed health check fails the apply and leaves the change live', async () => {
    status = 500
    const { result, sae } = apply(FILE, {}, { net: check(false), timeoutMs: 5_000 })
    const done = await result
    expect(done.outcome).toBe('failed')
    expect(done.error).toMatch(/^Health check failed: .* answered HTTP 500 after \d+ attempt\(s\)\.$/)
    expect(done.rollback).toBeUndefined()
    expect(sae.calls).toEqual(['describe', 'update', 'describe'])
    expect(sae.state().RequestTimeout).toBe(30)
  })

  test('a write that never takes fails the apply; its rollback finds nothing to undo', async () => {
    const { result, sae } = apply(FILE, {}, { hooks: { drop: true }, net: check(true), timeoutMs: 8_000 })
    const done = await result
    expect(done.outcome).toBe('failed')
    expect(done.verification).toMatchObject({ ok: false })
    expect(done.error).toMatch(/^The change did not take within the timeout: .*RequestTimeout.* Rolled back: yes \(the previous configuration is live again\)\.$/)
    // No health check for a change that is not live; the rollback read the ingress, found it as before, wrote nothing.
    expect(done.health).toBeUndefined()
    expect(hits).toBe(0)
    expect(sae.calls.filter(c => c === 'update')).toHaveLength(1)
    expect(done.rollback).toEqual({ ok: true, requestId: undefined, message: 'the previous configuration is live again' })
  })
})
