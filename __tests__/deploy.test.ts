import { deadlineAfter, type Clock } from '../src/clock.js'
import { deploy, type DeployOptions } from '../src/deploy.js'
import type { IngressFile, IngressRule, UpdateRequest } from '../src/ingress/types.js'
import type { LiveIngress, LiveRule, SaeClient } from '../src/sae/types.js'

/**
 * The deploy loop against an in-memory SAE with a fake clock: the orderings that a real server only produces
 * by chance (a writer slipping in between our write and our read, slow propagation) happen here on purpose.
 */
function fakeClock(): Clock & { slept: number[] } {
  let now = 0
  const slept: number[] = []
  return { slept, now: () => now, random: () => 0, sleep: async ms => void (slept.push(ms), (now += ms)) }
}

const live = (domain: string, appId = `app-${domain}`): LiveRule => ({
  AppId: appId,
  AppName: appId.slice(0, 12),
  BackendProtocol: 'http',
  ContainerPort: 8080,
  Domain: domain,
  Path: '/'
})
const rule = (domain: string, appId = `app-${domain}`): IngressRule => ({ appId, containerPort: 8080, domain, path: '/' })

interface Hooks {
  /** Runs after each UpdateIngress lands; may change state like another writer would. */
  afterUpdate?: (state: LiveIngress, n: number) => void
  /** How many reads after an update still show the state from before it. */
  staleReads?: number
  /** The update answers success but never takes. */
  drop?: boolean
}

function fakeSae(initial: LiveIngress, hooks: Hooks = {}) {
  let state = structuredClone(initial)
  let shown = state
  let stale = 0
  const calls: string[] = []
  const client: SaeClient = {
    async describeIngress() {
      calls.push('describe')
      const view = stale > 0 ? shown : state
      stale = Math.max(0, stale - 1)
      return { requestId: 'R', attempts: 1, ingress: structuredClone(view) }
    },
    async updateIngress(request: UpdateRequest) {
      calls.push('update')
      shown = structuredClone(state)
      stale = hooks.staleReads ?? 0
      if (!hooks.drop) {
        const next = structuredClone(state)
        if (request.rules !== undefined) {
          next.Rules = (JSON.parse(request.rules) as IngressRule[]).map(r => ({
            AppId: r.appId,
            AppName: r.appName ?? r.appId.slice(0, 12),
            BackendProtocol: r.backendProtocol ?? 'http',
            ContainerPort: r.containerPort,
            Domain: r.domain,
            Path: r.path
          }))
        }
        if (request.query.RequestTimeout) next.RequestTimeout = Number(request.query.RequestTimeout)
        state = next
        hooks.afterUpdate?.(state, calls.filter(c => c === 'update').length)
      }
      return { requestId: `U${calls.length}`, attempts: 1, ingressId: initial.Id }
    }
  }
  return { client, calls, state: () => state }
}

const seed: LiveIngress = { Id: 7, ListenerPort: 80, RequestTimeout: 60, Rules: [live('other.example.com')] }

function run(file: IngressFile, options: Partial<DeployOptions>, sae: ReturnType<typeof fakeSae>, timeoutMs = 60_000) {
  const clock = fakeClock()
  const warnings: string[] = []
  const result = deploy(file, { ingressId: 7, mode: 'replace', dryRun: false, wait: true, dropRuleActions: false, ...options }, {
    client: sae.client,
    deadline: deadlineAfter(clock, timeoutMs),
    log: { info: () => {}, warning: message => warnings.push(message), notice: () => {} },
    savePrevious: async () => '/tmp/previous.json',
    settleMs: [2000, 3000]
  })
  return { result, clock, warnings }
}

test('nothing to change: one read, no write', async () => {
  const sae = fakeSae(seed)
  const { result } = run({ IngressId: 7, Rules: [rule('other.example.com')] }, {}, sae)
  expect((await result).plan.changed).toBe(false)
  expect(sae.calls).toEqual(['describe'])
})

test('a dry run reads and plans but never writes', async () => {
  const sae = fakeSae(seed)
  const { result } = run({ IngressId: 7, RequestTimeout: 30 }, { dryRun: true }, sae)
  expect((await result).plan.changed).toBe(true)
  expect(sae.calls).toEqual(['describe'])
})

test('replace: write, then a single confirming read with no sleep before it', async () => {
  const sae = fakeSae(seed)
  const { result, clock } = run({ IngressId: 7, Rules: [rule('a.example.com')] }, {}, sae)
  const { verification } = await result
  expect(verification).toMatchObject({ ok: true, reads: 1, reapplies: 0 })
  expect(sae.calls).toEqual(['describe', 'update', 'describe'])
  expect(clock.slept).toEqual([])
})

test('wait: false in replace mode writes without reading back', async () => {
  const sae = fakeSae(seed)
  const { result } = run({ IngressId: 7, Rules: [rule('a.example.com')] }, { wait: false }, sae)
  expect((await result).verification).toBeUndefined()
  expect(sae.calls).toEqual(['describe', 'update'])
})

test('upsert confirms twice, a jittered settle period apart, and keeps the other rules', async () => {
  const sae = fakeSae(seed)
  const { result, clock } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reads: 2 })
  expect(clock.slept).toEqual([2000])
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com'])
})

test('a slow service is polled, 0.5 s doubling, until the change shows', async () => {
  const sae = fakeSae(seed, { staleReads: 3 })
  const { result, clock } = run({ IngressId: 7, RequestTimeout: 30 }, {}, sae)
  expect((await result).verification).toMatchObject({ ok: true, reads: 4, reapplies: 0 })
  expect(clock.slept).toEqual([500, 1000, 2000])
  expect(sae.calls.filter(c => c === 'update')).toHaveLength(1)
})

test('another writer that drops our rule after our write is noticed, merged with, and re-applied', async () => {
  // The other run read the ingress before our write and wrote its own rule over it afterwards.
  const sae = fakeSae(seed, {
    afterUpdate: (state, n) => {
      if (n === 1) state.Rules = [live('other.example.com'), live('pr-2.example.com')]
    }
  })
  const { result, warnings } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reapplies: 1 })
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com', 'pr-2.example.com'])
  expect(warnings[0]).toMatch(/changed under this run.*merging again/)
})

test('a writer that strikes during the settle period is caught by the second confirmation', async () => {
  const sae = fakeSae(seed)
  let reads = 0
  const describe = sae.client.describeIngress.bind(sae.client)
  sae.client.describeIngress = async id => {
    reads++
    // Between our first confirmation (read 2) and our second, someone writes a stale rule set.
    if (reads === 3) sae.state().Rules = [live('other.example.com')]
    return describe(id)
  }
  const { result } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reapplies: 1 })
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com'])
})

test('an update that never takes fails at the deadline, saying what did not take', async () => {
  const sae = fakeSae(seed, { drop: true })
  const { result, clock } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae, 10_000)
  const { verification } = await result
  expect(verification?.ok).toBe(false)
  expect(verification?.unmet.join('\n')).toMatch(/pr-1\.example\.com\/ is missing/)
  expect(clock.now()).toBeLessThanOrEqual(10_000)
  expect(sae.calls.filter(c => c === 'update')).toHaveLength(1)
})

test('remove takes only the file rule away', async () => {
  const sae = fakeSae({ ...seed, Rules: [live('other.example.com'), live('pr-3.example.com')] })
  const { result } = run({ IngressId: 7, Rules: [rule('pr-3.example.com')] }, { mode: 'remove' }, sae)
  expect((await result).verification?.ok).toBe(true)
  expect(sae.state().Rules?.map(r => r.Domain)).toEqual(['other.example.com'])
})
