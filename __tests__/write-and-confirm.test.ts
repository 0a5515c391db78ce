// The deploy loop against an in-memory SAE with a fake clock (support/memory-sae.ts): the orderings that a real
// server only produces by chance (a writer slipping in between our write and our read, slow propagation) happen here
// on purpose.
import { deadlineAfter } from '../src/engine/clock.js'
import { DEFAULT_WRITERS, settleAfterWrite } from '../src/engine/apply/settle.js'
import { applyAndConfirm, deploy, type DeployOptions } from '../src/engine/apply/write-and-confirm.js'
import { PlanRejected } from '../src/engine/failure.js'
import { silentLog } from '../src/engine/log.js'
import type { IngressFile, IngressRule } from '../src/engine/ingress/types.js'
import { SaeApiError } from '../src/engine/sae/errors.js'
import type { LiveIngress, LiveRule } from '../src/engine/sae/types.js'
import { memorySae, virtualClock, type MemorySae } from './support/memory-sae.js'

const live = (domain: string, appId = `app-${domain}`): LiveRule => ({
  AppId: appId,
  AppName: appId.slice(0, 12),
  BackendProtocol: 'http',
  ContainerPort: 8080,
  Domain: domain,
  Path: '/'
})
const rule = (domain: string, appId = `app-${domain}`): IngressRule => ({ appId, containerPort: 8080, domain, path: '/' })

const transient = (code = 'ServiceUnavailable'): SaeApiError => new SaeApiError({ code, message: 'try again', httpStatus: 503, transient: true })

const seed: LiveIngress = { Id: 7, ListenerPort: 80, RequestTimeout: 60, Rules: [live('other.example.com')] }

function run(file: IngressFile, options: Partial<DeployOptions>, sae: MemorySae, timeoutMs = 60_000, savingMs = 0, stalls: number[] = []) {
  const clock = virtualClock()
  const warnings: string[] = []
  const notices: string[] = []
  const infos: string[] = []
  const result = deploy(file, { ingressId: 7, mode: 'replace', dryRun: false, wait: true, dropRuleActions: false, ...options }, {
    client: sae.client,
    deadline: deadlineAfter(clock, timeoutMs),
    log: { ...silentLog, info: message => void infos.push(message), warning: message => void warnings.push(message), notice: message => void notices.push(message) },
    // Saving the previous config stands for this run's own work between its read and its write.
    savePrevious: async () => (savingMs && (await clock.sleep(savingMs)), '/tmp/previous.json'),
    writers: { processingMs: 2000 },
    // How long each answer, in turn, waited unread in a stalled process (none when not given).
    stallsSince: () => {
      const stalled = stalls.shift() ?? 0
      return { longest: () => stalled }
    }
  })
  return { result, clock, warnings, notices, infos }
}

test('nothing to change: one read, no write', async () => {
  const sae = memorySae(seed)
  const { result } = run({ IngressId: 7, Rules: [rule('other.example.com')] }, {}, sae)
  expect((await result).plan.changed).toBe(false)
  expect(sae.calls).toEqual(['describe'])
})

test('a dry run reads and plans but never writes', async () => {
  const sae = memorySae(seed)
  const { result } = run({ IngressId: 7, RequestTimeout: 30 }, { dryRun: true }, sae)
  expect((await result).plan.changed).toBe(true)
  expect(sae.calls).toEqual(['describe'])
})

test('replace: write, then a single confirming read with no sleep before it', async () => {
  const sae = memorySae(seed)
  const { result, clock } = run({ IngressId: 7, Rules: [rule('a.example.com')] }, {}, sae)
  const { verification } = await result
  expect(verification).toMatchObject({ ok: true, reads: 1, reapplies: 0 })
  expect(sae.calls).toEqual(['describe', 'update', 'describe'])
  expect(clock.slept).toEqual([])
})

test('wait: false in replace mode writes without reading back', async () => {
  const sae = memorySae(seed)
  const { result } = run({ IngressId: 7, Rules: [rule('a.example.com')] }, { wait: false }, sae)
  expect((await result).verification).toBeUndefined()
  expect(sae.calls).toEqual(['describe', 'update'])
})

test('upsert confirms with one read, a concurrent writer\'s window after its write, and keeps the other rules', async () => {
  const sae = memorySae(seed)
  const { result, clock } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reads: 1 })
  expect(sae.calls).toEqual(['describe', 'update', 'describe'])
  expect(clock.slept).toEqual([2000])
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com'])
})

test('a slow service is polled, 0.5 s doubling, until the change shows', async () => {
  const sae = memorySae(seed, { staleReads: 3 })
  const { result, clock } = run({ IngressId: 7, RequestTimeout: 30 }, {}, sae)
  expect((await result).verification).toMatchObject({ ok: true, reads: 4, reapplies: 0 })
  expect(clock.slept).toEqual([500, 1000, 2000])
  expect(sae.calls.filter(c => c === 'update')).toHaveLength(1)
})

test('another writer that drops our rule after our write is noticed, merged with, and re-applied', async () => {
  // The other run read the ingress before our write and wrote its own rule over it afterwards.
  const sae = memorySae(seed, {
    afterUpdate: (state, n) => {
      if (n === 1) state.Rules = [live('other.example.com'), live('pr-2.example.com')]
    }
  })
  const { result, warnings } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reapplies: 1 })
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com', 'pr-2.example.com'])
  expect(warnings[0]).toMatch(/changed under this run.*merging again/)
})

test('a writer that strikes during the settle is caught by the confirming read, merged with and written again', async () => {
  const sae = memorySae(seed, {
    // During our settle, a run that read before our write lands its merge: its own rule, without ours.
    beforeRead: (state, n) => {
      if (n === 2) state.Rules = [live('other.example.com'), live('pr-2.example.com')]
    }
  })
  const { result, clock } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reads: 2, reapplies: 1 })
  expect(sae.calls).toEqual(['describe', 'update', 'describe', 'update', 'describe'])
  // Each write is followed by the window before its confirming read.
  expect(clock.slept).toEqual([2000, 2000])
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com', 'pr-2.example.com'])
})

describe('a write leaves within the writers\' processing time of the read it was merged from (upsert and remove)', () => {
  test('a run slower than that reads and merges again first, keeping a rule written meanwhile', async () => {
    const sae = memorySae(seed, {
      // Another writer adds its rule while this run is busy between its first read and its write.
      beforeRead: (state, n) => {
        if (n === 2) state.Rules = [...(state.Rules ?? []), live('pr-2.example.com')]
      }
    })
    const { result, infos } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae, 60_000, 2001)
    expect((await result).verification).toMatchObject({ ok: true, reapplies: 0 })
    expect(sae.calls).toEqual(['describe', 'describe', 'update', 'describe'])
    expect(infos.join('\n')).toMatch(/Merged again from the live ingress/)
    expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com', 'pr-2.example.com'])
  })

  test('time an answer waited unread in a stalled process counts: such a run reads and merges again too', async () => {
    const sae = memorySae(seed)
    await run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae, 60_000, 1000, [1001]).result
    expect(sae.calls).toEqual(['describe', 'describe', 'update', 'describe'])
  })

  test('within the processing time, the first read is written from', async () => {
    const sae = memorySae({ ...seed, Rules: [live('other.example.com'), live('pr-3.example.com')] })
    await run({ IngressId: 7, Rules: [rule('pr-3.example.com')] }, { mode: 'remove' }, sae, 60_000, 2000).result
    expect(sae.calls).toEqual(['describe', 'update', 'describe'])
    const upsert = memorySae(seed)
    await run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, upsert, 60_000, 2000).result
    expect(upsert.calls).toEqual(['describe', 'update', 'describe'])
  })

  test('replace is not held to it: its request is the file, whatever the live state', async () => {
    const sae = memorySae(seed)
    await run({ IngressId: 7, Rules: [rule('a.example.com')] }, {}, sae, 60_000, 5000).result
    expect(sae.calls).toEqual(['describe', 'update', 'describe'])
  })
})

test('an update that never takes fails at the deadline, saying what did not take', async () => {
  const sae = memorySae(seed, { drop: true })
  const { result, clock } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae, 10_000)
  const { verification } = await result
  expect(verification?.ok).toBe(false)
  expect(verification?.unmet.join('\n')).toMatch(/pr-1\.example\.com\/ is missing/)
  expect(clock.now()).toBeLessThanOrEqual(10_000)
  expect(sae.calls.filter(c => c === 'update')).toHaveLength(1)
})

test('remove takes only the file rule away', async () => {
  const sae = memorySae({ ...seed, Rules: [live('other.example.com'), live('pr-3.example.com')] })
  const { result } = run({ IngressId: 7, Rules: [rule('pr-3.example.com')] }, { mode: 'remove' }, sae)
  expect((await result).verification?.ok).toBe(true)
  expect(sae.state().Rules?.map(r => r.Domain)).toEqual(['other.example.com'])
})

describe('a retried write is never a stale merge (upsert and remove)', () => {
  test('a failed attempt is followed by a fresh read and merge, so a rule another writer added meanwhile survives', async () => {
    const sae = memorySae(seed, {
      failUpdate: (n, state) => {
        if (n !== 1) return undefined
        state.Rules = [...(state.Rules ?? []), live('pr-2.example.com')]
        return { error: transient() }
      }
    })
    const { result, clock, infos } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
    const { verification, update } = await result
    expect(verification).toMatchObject({ ok: true, reapplies: 0 })
    expect(update?.requestId).toMatch(/^U/)
    expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com', 'pr-2.example.com'])
    expect(sae.calls.slice(0, 4)).toEqual(['describe', 'update', 'describe', 'update'])
    // Each attempt is one attempt of the client: the loop decides when to try again (after a backoff).
    expect(sae.updateOptions.slice(0, 2)).toEqual([{ retry: false }, { retry: false }])
    expect(clock.slept[0]).toBeGreaterThanOrEqual(250)
    expect(infos.join('\n')).toMatch(/ServiceUnavailable on attempt 1; reading the ingress again and merging/)
  })

  test('remove: a rule added during a failed attempt is kept, ours is still removed', async () => {
    const sae = memorySae({ ...seed, Rules: [live('other.example.com'), live('pr-3.example.com')] }, {
      failUpdate: (n, state) => {
        if (n > 2) return undefined
        state.Rules = [...(state.Rules ?? []), live(`late-${n}.example.com`)]
        return { error: transient('Throttling.User') }
      }
    })
    const { result } = run({ IngressId: 7, Rules: [rule('pr-3.example.com')] }, { mode: 'remove' }, sae)
    expect((await result).verification?.ok).toBe(true)
    expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['late-1.example.com', 'late-2.example.com', 'other.example.com'])
  })

  test('when the failed attempt took after all, the fresh read shows nothing left to write', async () => {
    const sae = memorySae(seed, { failUpdate: n => (n === 1 ? { error: transient(), landed: true } : undefined) })
    const { result } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
    const { verification } = await result
    expect(verification?.ok).toBe(true)
    expect(sae.calls.filter(c => c === 'update')).toHaveLength(1)
  })

  test('a failure that retrying cannot fix is not retried', async () => {
    const denied = new SaeApiError({ code: 'Forbidden.RAM', message: 'no', httpStatus: 403, transient: false })
    const sae = memorySae(seed, { failUpdate: () => ({ error: denied }) })
    const { result } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
    await expect(result).rejects.toMatchObject({ code: 'Forbidden.RAM', action: 'UpdateIngress' })
    expect(sae.calls).toEqual(['describe', 'update'])
  })

  test('transient failures until the deadline end in the last error, with the attempts counted', async () => {
    const sae = memorySae(seed, { failUpdate: () => ({ error: transient() }) })
    const { result, clock } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae, 20_000)
    const err = await result.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SaeApiError)
    expect((err as SaeApiError).attempts).toBeGreaterThan(2)
    expect(clock.now()).toBeLessThanOrEqual(20_000)
  })

  test('a re-read that makes the merge impossible (over 40 rules) stops before writing', async () => {
    const many = Array.from({ length: 40 }, (_, i) => live(`t${i}.example.com`))
    const sae = memorySae(seed, {
      failUpdate: (n, state) => {
        if (n === 1) state.Rules = many
        return n === 1 ? { error: transient() } : undefined
      }
    })
    const { result } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
    await expect(result).rejects.toThrow(/Exceed\.IngressRule.*at most 40/)
    expect(sae.calls.filter(c => c === 'update')).toHaveLength(1)
  })

  test('replace leaves retries to the client: the request is the file, whatever the live state', async () => {
    const sae = memorySae(seed)
    await run({ IngressId: 7, Rules: [rule('a.example.com')] }, {}, sae).result
    expect(sae.updateOptions).toEqual([undefined])
  })
})

describe('what a plan refuses or skips never reaches UpdateIngress', () => {
  const withActions: LiveIngress = {
    ...seed,
    Rules: [{ ...live('other.example.com'), RuleActions: [{ ActionType: 'redirect', ActionConfig: '{"host":"x"}' }] }]
  }

  test('a write that would drop RuleActions is refused before any write, naming the rule', async () => {
    const sae = memorySae(withActions)
    const { plan } = await run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae).result
    expect(plan.problems.join('\n')).toMatch(/other\.example\.com\/ \(redirect\).*drop-rule-actions: true/)
    expect(sae.calls).toEqual(['describe'])
  })

  test('with drop-rule-actions the write goes ahead and the plan names the drop', async () => {
    const sae = memorySae(withActions)
    const { plan, verification } = await run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert', dropRuleActions: true }, sae).result
    expect(plan.problems).toEqual([])
    expect(plan.rules.find(change => change.key === 'other.example.com/')?.kind).toBe('changed')
    expect(verification?.ok).toBe(true)
    expect(sae.state().Rules?.find(r => r.Domain === 'other.example.com')?.RuleActions).toBeUndefined()
  })

  test('removing a rule that is not live writes nothing and says so in a notice', async () => {
    const sae = memorySae(seed)
    const { result, notices } = run({ IngressId: 7, Rules: [rule('pr-9.example.com')] }, { mode: 'remove' }, sae)
    const { plan, update } = await result
    expect(plan.changed).toBe(false)
    expect(update).toBeUndefined()
    expect(sae.calls).toEqual(['describe'])
    expect(notices).toEqual(['Rule pr-9.example.com/ is not on ingress 7: nothing to remove.'])
  })

  test('a rollback that would drop RuleActions is refused too', async () => {
    const sae = memorySae(withActions)
    const clock = virtualClock()
    const deps = {
      client: sae.client,
      deadline: deadlineAfter(clock, 10_000),
      log: silentLog,
      savePrevious: async () => ''
    }
    const options: DeployOptions = { ingressId: 7, mode: 'upsert', dryRun: false, wait: true, dropRuleActions: false }
    const restore = (current: IngressFile): IngressFile => ({ ...current, Rules: [...(current.Rules ?? []), rule('x.example.com')] })
    await expect(applyAndConfirm(restore, options, deps)).rejects.toBeInstanceOf(PlanRejected)
    expect(sae.calls).toEqual(['describe'])
  })
})

describe('the settle before the confirming read: the writers\' processing time plus the write\'s round trip', () => {
  const writers = { processingMs: 100 }
  test.each([
    // the write's round trip on the run's clock, expected wait right after the acknowledgement: write + 100
    [0, 100],
    [50, 150],
    [200, 300],
    // a service that takes 500 ms over each write, 20 ms away: another writer's stale merge may land that much later
    [520, 620]
  ])('write %i ms: %i ms', (writeMs, wait) => {
    expect(settleAfterWrite({ writeMs, ackAt: 1000 }, 1000, writers)).toBe(wait)
  })

  test('the defaults are those', () => expect(DEFAULT_WRITERS).toEqual(writers))

  test('a longer processing time waits longer; time already passed counts', () => {
    expect(settleAfterWrite({ writeMs: 200, ackAt: 0 }, 0, { processingMs: 300 })).toBe(500)
    expect(settleAfterWrite({ writeMs: 200, ackAt: 0 }, 250)).toBe(50)
    expect(settleAfterWrite({ writeMs: 0, ackAt: 0 }, 500)).toBe(0)
  })
})

test('upsert: a change first seen after polling is read once more, a writer\'s window later', async () => {
  // While the write was not visible, other runs could read the ingress without our rule and write that back.
  const sae = memorySae(seed, { staleReads: 2 })
  const { result, clock } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reads: 4, reapplies: 0 })
  expect(clock.slept).toEqual([2000, 500, 1000, 2000])
})

test('upsert: a stale merge that lands while our change is first seen after polling is caught by the read after it', async () => {
  const sae = memorySae(seed, {
    staleReads: 1,
    // Right after our change first shows (read 3), a run that read while it did not lands its merge.
    afterRead: (state, n) => {
      if (n === 3) state.Rules = [live('other.example.com'), live('pr-2.example.com')]
    }
  })
  const { result } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reapplies: 1 })
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com', 'pr-2.example.com'])
})

test('another writer\'s change that keeps our rule holds the confirmation up one window, until nothing changes', async () => {
  // Our rule may have been taken away and put back in between: a run that read while it was away may still land.
  const sae = memorySae(seed, {
    beforeRead: (state, n) => {
      if (n === 2) state.Rules = [...(state.Rules ?? []), live('pr-9.example.com')]
    }
  })
  const { result, clock } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reads: 2, reapplies: 0 })
  expect(sae.calls).toEqual(['describe', 'update', 'describe', 'describe'])
  expect(clock.slept).toEqual([2000, 2000])
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com', 'pr-9.example.com'])
})

test('a rule taken away and put back before the confirming read, then taken away again, is written again', async () => {
  // Ten concurrent upserts on a busy runner did this: B (read before our write) landed without our rule, C (read
  // before B) put it back, our read saw it, then D (read after B) landed without it. Our rule was lost for good.
  const sae = memorySae(seed, {
    beforeRead: (state, n) => {
      if (n === 2) state.Rules = [live('other.example.com'), live('pr-1.example.com'), live('pr-3.example.com')]
    },
    afterRead: (state, n) => {
      if (n === 2) state.Rules = [live('other.example.com'), live('pr-2.example.com'), live('pr-4.example.com')]
    }
  })
  const { result, warnings } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reapplies: 1 })
  expect(sae.calls).toEqual(['describe', 'update', 'describe', 'describe', 'update', 'describe'])
  expect(warnings[0]).toMatch(/changed under this run.*merging again/)
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['other.example.com', 'pr-1.example.com', 'pr-2.example.com', 'pr-4.example.com'])
})

test('an ingress other writers never stop changing is not called confirmed: the timeout says why', async () => {
  const sae = memorySae(seed, {
    beforeRead: (state, n) => {
      if (n > 1) state.Rules = [...(state.Rules ?? []), live(`pr-${100 + n}.example.com`)]
    }
  })
  const { result } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae, 9_000)
  const { verification } = await result
  expect(verification).toMatchObject({ ok: false, reapplies: 0 })
  expect(verification?.reads).toBeGreaterThan(1)
  expect(verification?.unmet).toEqual([expect.stringMatching(/^it was live at the last read, but the ingress kept changing under other writers/)])
})

test('the settle is the write\'s round trip on the run\'s clock plus the writers\' processing time', async () => {
  // First read: 300 ms (it waited for TCP and TLS). Writes take 400 ms (service time): the settle is 400 + 100 ms.
  const sae = memorySae(seed)
  const clock = virtualClock()
  const describe = sae.client.describeIngress.bind(sae.client)
  const update = sae.client.updateIngress.bind(sae.client)
  sae.client.describeIngress = async id => {
    await clock.sleep(sae.calls.length === 0 ? 300 : 100)
    return describe(id)
  }
  sae.client.updateIngress = async (request, options) => {
    await clock.sleep(400)
    return update(request, options)
  }
  const result = await deploy({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { ingressId: 7, mode: 'upsert', dryRun: false, wait: true, dropRuleActions: false }, {
    client: sae.client,
    deadline: deadlineAfter(clock, 60_000),
    log: silentLog,
    savePrevious: async () => '/tmp/previous.json',
    writers: { processingMs: 100 }
  })
  expect(result.verification).toMatchObject({ ok: true, reads: 1 })
  // 400 + 100, after the reads' and the write's own time.
  expect(clock.slept).toEqual([300, 400, 500, 100])
})

test('two live rules with one key (domains differing in case) do not hold an upsert\'s confirmation up', async () => {
  // The planner counts the second of two rules with one key as removed, even comparing an ingress with itself.
  const sae = memorySae({ ...seed, Rules: [live('API.example.com'), live('api.example.com')] })
  const { result } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae)
  expect((await result).verification).toMatchObject({ ok: true, reapplies: 0 })
  expect(sae.calls.filter(c => c === 'describe').length).toBeLessThanOrEqual(3)
  expect(sae.state().Rules?.map(r => r.Domain).sort()).toEqual(['API.example.com', 'api.example.com', 'pr-1.example.com'])
})

test('a re-merge that finds our rule back sends nothing, and the next settle is still the last write\'s round trip', async () => {
  const sae = memorySae(seed, {
    // Another run's stale merge takes our rule away right after our write lands…
    afterUpdate: (state, n) => {
      if (n === 1) state.Rules = [live('other.example.com'), live('pr-2.example.com')]
    },
    // …and a third puts it back while our answer to the read that saw it gone waited unread.
    beforeRead: (state, n) => {
      if (n === 3) state.Rules = [live('other.example.com'), live('pr-2.example.com'), live('pr-1.example.com')]
    }
  })
  const { result, clock } = run({ IngressId: 7, Rules: [rule('pr-1.example.com')] }, { mode: 'upsert' }, sae, 60_000, 0, [0, 2500])
  const update = sae.client.updateIngress.bind(sae.client)
  sae.client.updateIngress = async (request, options) => {
    await clock.sleep(400)
    return update(request, options)
  }
  expect((await result).verification).toMatchObject({ ok: true, reapplies: 0 })
  expect(sae.calls).toEqual(['describe', 'update', 'describe', 'describe', 'describe'])
  // Write 400 ms; settle 400 + 2000; the re-merge read and sent nothing; settle again 400 + 2000, not 2000.
  expect(clock.slept).toEqual([400, 2400, 2400])
})
