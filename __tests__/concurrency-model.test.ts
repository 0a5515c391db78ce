// A discrete-event model of concurrent upserts (docs/concurrency.md): N runs of the real deploy() against one
// in-memory ingress on one virtual clock, with the network's delays chosen by fast-check within what the settle
// before the confirming read (settleAfterWrite) assumes. The claim checked: every run ends confirmed, and a rule a
// run confirmed stays live for good, next to every rule that was there before.
//
// What a settle of W + P needs (W: our write's round trip on our clock, P: processingMs). A run X whose read was
// served before our write applied lands its merge at (read served) + back_r + P + to_w + service_w at the latest;
// our write applied one way-back (back_o, plus any time its answer waited unread) before our ack; our confirming read
// is served one to_q after it is sent. So the read sees X's merge when
// back_r + to_w + service_w ≤ W + back_o + to_q:
// - a service that answers writes at once: every one-way delay in [d, 1.5·d] suffices (W + back_o + to_q ≥ 4d, the
//   left side ≤ 3d).
// - a service that takes time over writes: one-way delays d, and every write's service time within one network
//   round trip (2d) of every other's, i.e. W_X ≤ W + 2d.
// In both, answers may also wait unread in a stalled runner, reported as src/engine/apply/stalls.ts would.
// Outside the second (service times further apart than the round trip) a rule can be lost; docs/concurrency.md says
// so, and the scripted schedule at the end shows it.
import fc from 'fast-check'
import { deadlineAfter, type Clock } from '../src/engine/clock.js'
import { DEFAULT_WRITERS } from '../src/engine/apply/settle.js'
import { deploy, type DeployResult } from '../src/engine/apply/write-and-confirm.js'
import { silentLog } from '../src/engine/log.js'
import type { IngressRule, UpdateRequest } from '../src/engine/ingress/types.js'
import type { LiveIngress, SaeClient } from '../src/engine/sae/types.js'

/** One request, ms: to the server, the service's time before it applies a write, back, then unread in the runner. */
interface Trip {
  to: number
  service: number
  back: number
  unread: number
}

interface Schedule {
  /** When each run starts; one run per entry, each upserting its own rule. */
  starts: number[]
  /** The run's `n`th (0-based) read or write. */
  trip(run: number, kind: 'read' | 'write', n: number): Trip
  /** The run's own work between its first read and its write (where it saves the previous config). */
  processing(run: number): number
}

const INGRESS_ID = 7
const liveRule = (domain: string) => ({ AppId: `app-${domain}`, ContainerPort: 8080, Domain: domain, Path: '/' })
/** The shared ingress before the runs, with other teams' rules. */
const SEED: LiveIngress = {
  Id: INGRESS_ID,
  ListenerPort: 80,
  RequestTimeout: 60,
  Rules: [liveRule('team-a.example.com'), liveRule('team-b.example.com')]
}
const domain = (run: number): string => `pr-${run}.example.com`

/**
 * Runs every deploy to its end on one virtual clock; returns the ingress left and each run's result or error.
 * `trace` (to debug a counterexample) gets a line per read served and per write applied.
 */
async function simulate(
  schedule: Schedule,
  trace?: string[],
  /** Runs that do not tell how long an answer waited unread (a broken stall measure). */
  blind = false
): Promise<{ final: LiveIngress; results: Array<DeployResult | Error> }> {
  let now = 0
  // Events by time; those at one instant in the order they were scheduled.
  const queue: Array<{ at: number; fire: () => void }> = []
  const at = (time: number, fire: () => void): void => {
    let i = queue.length
    while (i > 0 && queue[i - 1]!.at > time) i--
    queue.splice(i, 0, { at: time, fire })
  }
  const clock: Clock = { now: () => now, random: () => 0.5, sleep: ms => new Promise(resolve => at(now + ms, resolve)) }
  let state = structuredClone(SEED)

  const runs = schedule.starts.map(async (start, run): Promise<DeployResult | Error> => {
    await new Promise<void>(resolve => at(start, resolve))
    const sent = { read: 0, write: 0 }
    // How long the last read's answer waited unread: what stallsSince() would have measured over that read.
    let unread = 0
    // Each request is served (a read) or applied (a write) at one instant at the server, and answered after.
    const call = <T>(kind: 'read' | 'write', serve: () => T): Promise<T> =>
      new Promise(resolve => {
        const trip = schedule.trip(run, kind, sent[kind]++)
        at(now + trip.to + trip.service, () => {
          const answer = serve()
          const rules = state.Rules?.map(r => r.Domain.split('.')[0]).join(' ')
          trace?.push(`${now} run ${run} ${kind === 'read' ? 'read, served' : 'write, applied'}: ${rules}`)
          at(now + trip.back + trip.unread, () => {
            if (kind === 'read') unread = trip.unread
            resolve(answer)
          })
        })
      })
    const client: SaeClient = {
      listIngresses: () => Promise.reject(new Error('not asked for here')),
      describeIngress: () => call('read', () => ({ requestId: 'R', attempts: 1, ingress: structuredClone(state) })),
      updateIngress: (request: UpdateRequest) =>
        call('write', () => {
          const rules = JSON.parse(request.rules ?? '[]') as IngressRule[]
          state = { ...state, Rules: rules.map(r => ({ ...liveRule(r.domain), AppId: r.appId, ContainerPort: r.containerPort, Path: r.path })) }
          return { requestId: 'U', attempts: 1, ingressId: INGRESS_ID }
        })
    }
    const file = { IngressId: INGRESS_ID, Rules: [{ appId: `app-${run}`, containerPort: 8080, domain: domain(run), path: '/' }] }
    try {
      return await deploy(file, { ingressId: INGRESS_ID, mode: 'upsert', dryRun: false, wait: true, dropRuleActions: false }, {
        client,
        deadline: deadlineAfter(clock, 120_000),
        log: silentLog,
        savePrevious: async () => {
          if (schedule.processing(run) > 0) await clock.sleep(schedule.processing(run))
          return '/tmp/previous.json'
        },
        writers: DEFAULT_WRITERS,
        stallsSince: () => ({ longest: () => (blind ? 0 : unread) })
      })
    } catch (err) {
      return err as Error
    }
  })

  for (;;) {
    // Every promise chain runs on (the deploys react to what the last event resolved) before time moves.
    await new Promise(resolve => setImmediate(resolve))
    const next = queue.shift()
    if (!next) break
    now = next.at
    next.fire()
  }
  return { final: state, results: await Promise.all(runs) }
}

/** Why the ingress left breaks the claim (empty when it holds): a confirmed rule missing, or a seeded one. */
function lost({ final, results }: Awaited<ReturnType<typeof simulate>>): string[] {
  const live = new Set((final.Rules ?? []).map(r => r.Domain))
  const confirmed = results.flatMap((result, run) => (!(result instanceof Error) && result.verification?.ok ? [domain(run)] : []))
  return [...(SEED.Rules ?? []).map(r => r.Domain), ...confirmed].filter(d => !live.has(d))
}

/** Every run ended confirmed: none failed, none gave up. */
const unconfirmed = ({ results }: Awaited<ReturnType<typeof simulate>>): unknown[] =>
  results.filter(result => result instanceof Error || !result.verification?.ok)

// ---------------------------------------------------------------------------------------------------------------
// Random schedules within the assumptions. Each run has its own delays, used in turn (cyclically).

const P = DEFAULT_WRITERS.processingMs
// The ends of each band, where the settle has no slack, come up often.
const fraction = fc.oneof(fc.constantFrom(0, 100), fc.integer({ min: 0, max: 100 }))
const scenario = fc.record({
  /** Instant write service with jittery legs, or write service time over a steady network (see the top). */
  serviceMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 })),
  d: fc.integer({ min: 5, max: 100 }),
  runs: fc.array(
    fc.record({
      start: fc.integer({ min: 0, max: 1000 }),
      // Sometimes over P: that run reads and merges again before writing.
      processing: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: P + 50 })),
      legs: fc.array(fraction, { minLength: 1, maxLength: 12 }),
      service: fc.array(fraction, { minLength: 1, maxLength: 6 }),
      // The run's first answers may wait unread (over P: it must read again); later ones are read at once.
      unread: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * P })), { maxLength: 4 })
    }),
    { minLength: 3, maxLength: 10 }
  )
})
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

function randomSchedule({ serviceMs: s0, d, runs }: Scenario): Schedule {
  const answers = runs.map(() => 0)
  const legs = runs.map(() => 0)
  const pick = (list: number[], i: number): number => list[i % list.length]!
  // Jitter only when writes are answered at once: one-way delays in [d, 1.5·d].
  const leg = (run: number): number => d + (s0 ? 0 : Math.floor((d / 2) * pick(runs[run]!.legs, legs[run]!++) / 100))
  return {
    starts: runs.map(r => r.start),
    processing: run => runs[run]!.processing,
    trip(run, kind, n) {
      const { service, unread } = runs[run]!
      const waited = unread[answers[run]!++] ?? 0
      // Every write's service time within [s0, s0 + 2d]: its round trip within one network round trip of any other's.
      const serviceTime = kind === 'write' && s0 ? s0 + Math.floor(2 * d * pick(service, n) / 100) : 0
      // Any answer may wait unread: the run's measure of it (stallsSince) counts toward its read-to-write window.
      return { to: leg(run), service: serviceTime, back: leg(run), unread: waited }
    }
  }
}

test('concurrent upserts within the assumptions: every confirmed rule stays live, and every other rule', async () => {
  const property = fc.asyncProperty(scenario, async s => {
    const outcome = await simulate(randomSchedule(s))
    // Every run gets its rule confirmed before its timeout, and no confirmed rule is gone at the end.
    expect(unconfirmed(outcome)).toEqual([])
    expect(lost(outcome)).toEqual([])
  })
  await fc.assert(property, { numRuns: 500, seed: 20240611 })
})

// ---------------------------------------------------------------------------------------------------------------
// Schedules written by hand. Trips: [to, service, back, unread] for a run's reads and writes in turn, the last one
// repeated.

type Tuple = [number, number, number, number]
function scripted(starts: number[], runs: Array<{ read: Tuple[]; write: Tuple[]; processing?: number }>): Schedule {
  const nth = (list: Tuple[], n: number): Trip => {
    const [to, service, back, unread] = list[Math.min(n, list.length - 1)]!
    return { to, service, back, unread }
  }
  return { starts, processing: run => runs[run]!.processing ?? 0, trip: (run, kind, n) => nth(runs[run]![kind], n) }
}

describe('scripted schedules', () => {
  // Run 0 writes its rule (applied at 15, acknowledged at 20, so its confirming read is served at 135). Run 1's read
  // was served at 14, just before, but its answer waited 150 ms unread in a stalled runner.
  const stalled = scripted([0, 9], [
    { read: [[5, 0, 5, 0]], write: [[5, 0, 5, 0]] },
    { read: [[5, 0, 5, 150], [5, 0, 5, 0]], write: [[5, 0, 5, 0]] }
  ])

  test('an answer that waited unread past the writers\' processing time is read again before anything is written', async () => {
    const outcome = await simulate(stalled)
    expect(unconfirmed(outcome)).toEqual([])
    expect(lost(outcome)).toEqual([])
  })

  test('(the same schedule loses run 0\'s rule when the wait goes unmeasured: the schedule tests something)', async () => {
    const outcome = await simulate(stalled, undefined, true)
    expect(lost(outcome)).toEqual(['pr-0.example.com'])
  })

  test('outside the assumptions, with write service times further apart than the round trip, a rule can be lost', async () => {
    // What docs/concurrency.md says. Network round trip 10 ms; run 0's write takes 100 ms at the service (applied at
    // 115, confirming read served at 335), run 1's 155 ms: it read at 114 and lands its merge at 379.
    const outcome = await simulate(
      scripted([0, 109], [
        { read: [[5, 0, 5, 0]], write: [[5, 100, 5, 0]] },
        { read: [[5, 0, 5, 0]], write: [[5, 155, 5, 0]], processing: P }
      ])
    )
    expect(unconfirmed(outcome)).toEqual([])
    expect(lost(outcome)).toEqual(['pr-0.example.com'])
  })
})
