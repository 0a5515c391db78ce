// @ts-check
// The emulator's source of truth for ingresses, kept in the DescribeIngress `Data` shape
// (LiveIngress, PascalCase). Reads through the API can lag behind writes by propagationDelayMs,
// because the real control plane is eventually consistent and the action's "verify after apply"
// step has to survive that.

/** @typedef {import('../src/engine/sae/types.js').LiveIngress} LiveIngress */
/** @typedef {import('../src/engine/sae/types.js').LiveRule} LiveRule */

/**
 * The service invents an AppName from the application; the emulator has no app registry, so it
 * derives a stable, recognisable one from the id.
 * @param {string} appId
 */
export function appNameFor(appId) {
  return `app-${appId.slice(0, 8)}`
}

/**
 * Fills in what the service reports even when nobody set it (reference notes 1.4 defaults).
 * @param {LiveIngress} live
 * @param {(appId: string) => string} [appNameOf] the service's name for an app
 * @returns {LiveIngress}
 */
export function withServiceDefaults(live, appNameOf = appNameFor) {
  const out = structuredClone(live)
  out.RequestTimeout ??= 60
  out.IdleTimeout ??= 15
  out.ListenerProtocol ??= 'HTTP'
  if (out.DefaultRule) {
    out.DefaultRule.AppName ??= appNameOf(out.DefaultRule.AppId)
    out.DefaultRule.BackendProtocol ??= 'http'
  }
  if (out.Rules) {
    for (const rule of out.Rules) {
      rule.AppName ??= appNameOf(rule.AppId)
      rule.BackendProtocol ??= 'http'
    }
  }
  return out
}

/**
 * @typedef {object} Version
 * @property {LiveIngress} state
 * @property {number} at  when it was written; -Infinity for state that was always visible
 */

export class IngressStore {
  /**
   * @param {LiveIngress[]} seeds
   * @param {{ now: () => number, propagationDelayMs: number }} options
   */
  constructor(seeds, options) {
    this.now = options.now
    this.propagationDelayMs = options.propagationDelayMs
    /** @type {Map<number, Version[]>} */
    this.versions = new Map()
    /** @type {Map<number, number>} */
    this.createdAt = new Map()
    /**
     * The apps the service knows, by id: AppName is derived from the app, so a rule re-sent without a name keeps
     * the one it had. Learnt from seeded and replaced state; other apps get appNameFor.
     * @type {Map<string, string>}
     */
    this.appNames = new Map()
    for (const seed of seeds) this.replace(seed)
  }

  /** The service's name for an app. @param {string} appId */
  appNameOf(appId) {
    return this.appNames.get(appId) ?? appNameFor(appId)
  }

  /** What the service really holds now. @param {number} id */
  current(id) {
    const versions = this.versions.get(id)
    const last = versions?.[versions.length - 1]
    return last ? structuredClone(last.state) : undefined
  }

  /** What DescribeIngress/ListIngresses return now, possibly stale. @param {number} id */
  visible(id) {
    const versions = this.versions.get(id)
    if (!versions || versions.length === 0) return undefined
    const cutoff = this.now() - this.propagationDelayMs
    let index = 0
    for (let i = versions.length - 1; i >= 0; i--) {
      if (/** @type {Version} */ (versions[i]).at <= cutoff) {
        index = i
        break
      }
    }
    // Versions older than the one readers see now can never be seen again.
    versions.splice(0, index)
    return structuredClone(/** @type {Version} */ (versions[0]).state)
  }

  /** A write through UpdateIngress: readers keep seeing the old state for a while. @param {LiveIngress} state */
  commit(state) {
    const versions = this.versions.get(state.Id)
    if (!versions) throw new Error(`ingress ${state.Id} does not exist`)
    versions.push({ state: structuredClone(state), at: this.now() })
  }

  /** A change made behind the action's back (another operator, the console): visible at once. @param {LiveIngress} live */
  replace(live) {
    if (!Number.isSafeInteger(live.Id)) throw new Error(`LiveIngress.Id must be an integer, got ${String(live.Id)}`)
    for (const rule of [live.DefaultRule, ...(live.Rules ?? [])]) {
      if (rule?.AppId && rule.AppName && !this.appNames.has(rule.AppId)) this.appNames.set(rule.AppId, rule.AppName)
    }
    this.versions.set(live.Id, [{ state: withServiceDefaults(live, (appId) => this.appNameOf(appId)), at: -Infinity }])
    if (!this.createdAt.has(live.Id)) this.createdAt.set(live.Id, this.now())
  }

  /** @returns {number[]} */
  ids() {
    return [...this.versions.keys()].sort((a, b) => a - b)
  }
}

/**
 * ListIngresses reports a slightly different item shape than DescribeIngress: ListenerPort is a
 * string there, and CreateTime is added (reference notes 1.4).
 * @param {LiveIngress} live
 * @param {number} createTime
 */
export function toListItem(live, createTime) {
  const { ListenerPort, ...rest } = live
  return {
    ...rest,
    ...(ListenerPort === undefined ? {} : { ListenerPort: String(ListenerPort) }),
    CreateTime: createTime
  }
}
