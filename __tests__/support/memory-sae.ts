// An in-memory SAE and a virtual clock for the engine's in-process tests: the orderings that a real server only
// produces by chance (a writer slipping in between our write and our read, slow propagation, a write that never
// takes) happen here on purpose, and time moves only when the code under test sleeps.
import type { Clock, Deadline } from '../../src/engine/clock.js'
import type { IngressRule, UpdateRequest } from '../../src/engine/ingress/types.js'
import type { SaeApiError } from '../../src/engine/sae/errors.js'
import type { SaeSession } from '../../src/engine/sae/session.js'
import type { LiveIngress, SaeClient, UpdateOptions } from '../../src/engine/sae/types.js'

/** A clock that only moves when the code under test sleeps (each sleep recorded); calls to the fakes take no time. */
export function virtualClock(random = 0): Clock & { slept: number[] } {
  let now = 0
  const slept: number[] = []
  return { slept, now: () => now, random: () => random, sleep: async ms => void (slept.push(ms), (now += ms)) }
}

export interface MemorySaeHooks {
  /** Runs after each UpdateIngress lands; may change state like another writer would. */
  afterUpdate?: (state: LiveIngress, n: number) => void
  /** Run before the nth DescribeIngress (1-based) is served, and after it: may change state like another writer. */
  beforeRead?: (state: LiveIngress, n: number) => void
  afterRead?: (state: LiveIngress, n: number) => void
  /** How many reads after an update still show the state from before it. */
  staleReads?: number
  /** The update answers success but never takes. */
  drop?: boolean
  /**
   * Makes the nth UpdateIngress attempt (1-based) fail with the error returned, like one attempt of the real client
   * with `retry: false`; `state` may be changed first, as another writer would. `landed`: the write took anyway.
   */
  failUpdate?: (n: number, state: LiveIngress) => { error: SaeApiError; landed?: boolean } | undefined
}

export interface MemorySae {
  client: SaeClient
  /** 'describe' and 'update', in the order they were served. */
  calls: string[]
  /** The options of each UpdateIngress, in order. */
  updateOptions: Array<UpdateOptions | undefined>
  /** The ingress as it is now (not as a stale read shows it). */
  state(): LiveIngress
  /** Replaces the ingress behind the client's back, as another writer would. */
  set(next: LiveIngress): void
}

/**
 * One ingress in memory, served by DescribeIngress and replaced by UpdateIngress as the service does: the rule set
 * sent replaces the live one whole (RuleActions, which no request carries, are gone), RequestTimeout is set when sent.
 */
export function memorySae(initial: LiveIngress, hooks: MemorySaeHooks = {}): MemorySae {
  let state = structuredClone(initial)
  let shown = state
  let stale = 0
  const calls: string[] = []
  const updateOptions: Array<UpdateOptions | undefined> = []
  const client: SaeClient = {
    listIngresses: () => Promise.reject(new Error('not asked for here')),
    async describeIngress() {
      calls.push('describe')
      const n = calls.filter(c => c === 'describe').length
      hooks.beforeRead?.(state, n)
      const view = stale > 0 ? shown : state
      stale = Math.max(0, stale - 1)
      const answer = { requestId: 'R', attempts: 1, ingress: structuredClone(view) }
      hooks.afterRead?.(state, n)
      return answer
    },
    async updateIngress(request: UpdateRequest, options?: UpdateOptions) {
      calls.push('update')
      updateOptions.push(options)
      const failure = hooks.failUpdate?.(calls.filter(c => c === 'update').length, state)
      if (failure && !failure.landed) throw failure.error
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
            Path: r.path,
            ...(r.rewritePath ? { RewritePath: r.rewritePath } : {})
          }))
        }
        if (request.query.RequestTimeout) next.RequestTimeout = Number(request.query.RequestTimeout)
        state = next
        hooks.afterUpdate?.(state, calls.filter(c => c === 'update').length)
      }
      if (failure) throw failure.error
      return { requestId: `U${calls.length}`, attempts: 1, ingressId: initial.Id }
    }
  }
  return { client, calls, updateOptions, state: () => state, set: next => void (state = structuredClone(next)) }
}

/** A session over an in-memory client, as openSaeSession gives one over the real client: every deadline, one SAE. */
export function memorySession(sae: Pick<MemorySae, 'client'>, deadline: Deadline, endpoint = 'https://sae.cn-hangzhou.aliyuncs.com'): SaeSession & { closed(): boolean } {
  let closed = false
  return {
    endpoint,
    deadline,
    credentialsFrom: 'the in-memory test credentials',
    client: () => sae.client,
    stats: () => ({ requests: 0, connections: 0, tlsHandshakes: 0 }),
    close: () => void (closed = true),
    closed: () => closed
  }
}
