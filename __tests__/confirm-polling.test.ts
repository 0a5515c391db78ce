// The confirming reads of a replace-mode deploy, on a fake clock: when each read-back happens after the write's
// answer, and where polling stops when the change never shows. e2e-safe-deploy asserts only what the user sees of the
// same runs (the requests made, their order, the failure); these are the timings behind them.
import { deadlineAfter, type Clock } from '../src/engine/clock.js'
import { deploy, type DeployOptions } from '../src/engine/apply/write-and-confirm.js'
import { silentLog } from '../src/engine/log.js'
import type { IngressFile, UpdateRequest } from '../src/engine/ingress/types.js'
import type { LiveIngress, SaeClient } from '../src/engine/sae/types.js'

/** A clock that only moves when the code under test sleeps; calls to the fake service take no time. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 0
  const slept: number[] = []
  return { slept, now: () => now, random: () => 0.5, sleep: async ms => void (slept.push(ms), (now += ms)) }
}

const seed: LiveIngress = {
  Id: 87,
  ListenerPort: 80,
  RequestTimeout: 30,
  Rules: [{ AppId: 'app-web', AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' }]
}

/** The change: one setting. */
const FILE: IngressFile = { IngressId: 87, RequestTimeout: 60 }

/**
 * A service whose reads show a write only from the `visibleAt`-th read after it (1-based; Infinity: never, as a write
 * that answers success but does not take). Records on the run's clock when each call was made.
 */
function slowService(clock: Clock, visibleAt: number) {
  let state = structuredClone(seed)
  let pending: LiveIngress | undefined
  let readsSinceWrite = 0
  const calls: Array<{ call: 'describe' | 'update'; at: number }> = []
  const client: Pick<SaeClient, 'describeIngress' | 'updateIngress'> = {
    async describeIngress() {
      calls.push({ call: 'describe', at: clock.now() })
      if (pending && ++readsSinceWrite >= visibleAt) [state, pending] = [pending, undefined]
      return { requestId: 'R', attempts: 1, ingress: structuredClone(state) }
    },
    async updateIngress(request: UpdateRequest) {
      calls.push({ call: 'update', at: clock.now() })
      pending = { ...structuredClone(state), RequestTimeout: Number(request.query.RequestTimeout ?? state.RequestTimeout) }
      readsSinceWrite = 0
      return { requestId: 'U', attempts: 1, ingressId: 87 }
    }
  }
  // Only what a deploy calls.
  return { client: client as SaeClient, calls }
}

const OPTIONS: DeployOptions = { ingressId: 87, mode: 'replace', dryRun: false, wait: true, dropRuleActions: false }

function run(visibleAt: number, timeoutMs: number) {
  const clock = fakeClock()
  const sae = slowService(clock, visibleAt)
  const result = deploy(FILE, OPTIONS, { client: sae.client, deadline: deadlineAfter(clock, timeoutMs), log: silentLog, savePrevious: async () => undefined })
  /** When each read-back came, in ms after the write. */
  const readBacks = (): number[] => {
    const write = sae.calls.findIndex(c => c.call === 'update')
    return sae.calls.slice(write + 1).map(c => c.at - sae.calls[write]!.at)
  }
  return { result, clock, sae, readBacks }
}

test('a change that shows at the third read-back: read at once, then 0.5 s later, then 1 s after that', async () => {
  const { result, sae, readBacks } = run(3, 20_000)
  expect((await result).verification).toEqual({ ok: true, unmet: [], reads: 3, reapplies: 0 })
  expect(sae.calls.map(c => c.call)).toEqual(['describe', 'update', 'describe', 'describe', 'describe'])
  expect(readBacks()).toEqual([0, 500, 1500])
})

test('a change that never shows is polled, 0.5 s doubling, and given up before the next poll would pass the deadline', async () => {
  const { result, clock, sae, readBacks } = run(Infinity, 3000)
  const { verification } = await result
  expect(verification).toMatchObject({ ok: false, reads: 3, reapplies: 0 })
  expect(verification?.unmet.join('\n')).toMatch(/RequestTimeout/)
  // Reads at 0, 0.5 and 1.5 s; the next one would come at 3.5 s, past the 3 s timeout: no sleep for it.
  expect(readBacks()).toEqual([0, 500, 1500])
  expect(clock.slept).toEqual([500, 1000])
  expect(clock.now()).toBeLessThanOrEqual(3000)
  expect(sae.calls.filter(c => c.call === 'update')).toHaveLength(1)
})

test('the poll interval stops growing at 4 s', async () => {
  const { result, clock } = run(Infinity, 30_000)
  expect((await result).verification?.ok).toBe(false)
  // 3.5 s, then 4 s steps while a whole one fits in the 30 s: six of them (27.5 s); a seventh would end at 31.5 s.
  expect(clock.slept).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000])
  expect(clock.now()).toBeLessThanOrEqual(30_000)
})
