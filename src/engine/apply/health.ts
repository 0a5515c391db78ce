// The health check after a deploy: GET the URL until it answers with an accepted status. The URL may come from a
// pull request, so the request can never be pointed inward: link-local and metadata addresses are refused after DNS
// resolution (and as literal hosts), redirects are never followed (a 3xx is just a status), and the answer's body
// is never read beyond a small cap. It goes through the proxy the environment names, like every other request.
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import type { Deadline } from '../clock.js'
import { hostOf } from '../net/address.js'
import { createAgent, type NetAgent } from '../net/agent.js'
import { AddressNotAllowedError, describeNetworkError } from '../net/errors.js'
import { isInternalAddress, refusingInternalAddresses } from '../net/internal-addresses.js'
import type { ProxyVariables } from '../net/proxy.js'
import type { HealthResult } from '../model/outcome.js'

export type { HealthResult } from '../model/outcome.js'

/** Statuses from low to high, both included: `200-399` is [200, 399]. */
export type StatusRange = readonly [number, number]

/** What to check after a deploy: the URL (placeholders already filled) and the statuses that count as healthy. */
export interface HealthCheck {
  url: string
  accepted: readonly StatusRange[]
  /** The health-check-allow-internal input: let the URL reach link-local and metadata addresses. */
  allowInternal: boolean
}

/** One GET; returns the status or throws. */
export type StatusProbe = (url: string, timeoutMs: number) => Promise<number>

export interface HealthCheckOptions {
  /** How the proxy variables are read: the health check goes through the proxy like every other request. */
  proxies: ProxyVariables
  /** Let the URL reach link-local and metadata addresses (HealthCheck.allowInternal). */
  allowInternal?: boolean
  /** Replaces the HTTP probe (tests of the retry loop). */
  probe?: StatusProbe
  /** DNS for direct requests; default dns.lookup (tests map names to loopback). */
  lookup?: LookupFunction
  /** CA certificates to trust instead of the bundled ones (tests). */
  ca?: string | string[]
}

/** The health check never needs the body; a small cap keeps a chatty endpoint from costing anything. */
const MAX_HEALTH_BODY_BYTES = 64 * 1024

class ProbeTimeoutError extends Error {
  readonly code = 'Timeout'
  constructor(ms: number) {
    super(`no answer within ${ms} ms`)
    this.name = 'ProbeTimeoutError'
  }
}

/**
 * A probe with one agent for the whole check, so attempts reuse one connection. `close()` releases it.
 * Literal IP hosts are vetted here (no DNS happens for them); names are vetted by the agent's lookup, which only
 * runs for direct connections: through a proxy, DNS is the proxy's.
 */
export function createHttpProbe(url: string, options: HealthCheckOptions): { probe: StatusProbe; close(): void; agent: NetAgent } {
  const target = new URL(url)
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`health-check-url must be http:// or https://, got ${target.protocol}`)
  const lookup = options.allowInternal ? options.lookup : refusingInternalAddresses(options.lookup)
  const agent = createAgent(target, { proxies: options.proxies, lookup, ca: options.ca, maxResponseBytes: MAX_HEALTH_BODY_BYTES })
  const transport = target.protocol === 'https:' ? https : http
  const probe: StatusProbe = (probeUrl, timeoutMs) =>
    new Promise<number>((resolve, reject) => {
      const address = new URL(probeUrl)
      if (!options.allowInternal && isInternalAddress(address.hostname)) {
        return reject(new AddressNotAllowedError(address.hostname, hostOf(address)))
      }
      const req = transport.request(address, { agent, method: 'GET', headers: { accept: '*/*' } }, res => {
        // The status is all we need; the rest drains within the agent's cap so the connection can be reused.
        res.on('error', () => undefined)
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.setTimeout(timeoutMs, () => req.destroy(new ProbeTimeoutError(timeoutMs)))
      req.on('error', reject)
      req.end()
    })
  return { probe, agent, close: () => agent.destroy() }
}

const FINAL_CODES = new Set(['AddressNotAllowed', 'ProxyAuthenticationRequired', 'ProxyConfigInvalid'])

const accepts = (ranges: readonly StatusRange[], status: number): boolean =>
  ranges.some(([low, high]) => status >= low && status <= high)

function errorText(err: unknown, url: string, agent: NetAgent | undefined): string {
  const host = URL.canParse(url) ? new URL(url).hostname : url
  const described = describeNetworkError(err, { host, inputHint: 'health-check-url', proxy: agent?.proxyAddress })
  if (described) return described.message
  return err instanceof Error ? err.message : String(err)
}

/** Requests the URL until it answers with an accepted status or the deadline passes; backs off from 1 s to 5 s. */
export async function waitUntilHealthy(check: HealthCheck, deadline: Deadline, probing: Omit<HealthCheckOptions, 'allowInternal'>): Promise<HealthResult> {
  const { url, accepted } = check
  const options: HealthCheckOptions = { ...probing, allowInternal: check.allowInternal }
  const result: HealthResult = { url, ok: false, attempts: 0 }
  let own: ReturnType<typeof createHttpProbe> | undefined
  try {
    if (!options.probe) own = createHttpProbe(url, options)
  } catch (err) {
    return { ...result, error: errorText(err, url, undefined) }
  }
  const probe = options.probe ?? own!.probe
  try {
    for (let delay = 1000; ; delay = Math.min(delay * 2, 5000)) {
      result.attempts++
      try {
        result.status = await probe(url, Math.max(1, Math.min(deadline.remainingMs(), 10_000)))
        result.error = undefined
        if (accepts(accepted, result.status)) return { ...result, ok: true }
      } catch (err) {
        result.status = undefined
        result.error = errorText(err, url, own?.agent)
        // A refused address or a proxy that wants other credentials will not change within the timeout; anything
        // else might (a new DNS record, a certificate being issued, a service starting).
        if (FINAL_CODES.has(String((err as { code?: unknown }).code))) return result
      }
      if (deadline.remainingMs() <= delay) return result
      await deadline.clock.sleep(delay)
    }
  } finally {
    own?.close()
  }
}
