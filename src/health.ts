import type { Deadline } from './clock.js'
import type { StatusRange } from './parse.js'

import type { HealthResult } from './model/outcome.js'

export type { HealthResult } from './model/outcome.js'

/** One GET; returns the status or throws. The default uses node's own fetch so nothing is added to the bundle. */
export type StatusProbe = (url: string, timeoutMs: number) => Promise<number>

export const fetchStatus: StatusProbe = async (url, timeoutMs) => {
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
  await response.body?.cancel()
  return response.status
}

const accepts = (ranges: readonly StatusRange[], status: number): boolean =>
  ranges.some(([low, high]) => status >= low && status <= high)

/** Requests the URL until it answers with an accepted status or the deadline passes; backs off from 1 s to 5 s. */
export async function waitUntilHealthy(
  url: string,
  accepted: readonly StatusRange[],
  deadline: Deadline,
  probe: StatusProbe = fetchStatus
): Promise<HealthResult> {
  const result: HealthResult = { url, ok: false, attempts: 0 }
  for (let delay = 1000; ; delay = Math.min(delay * 2, 5000)) {
    result.attempts++
    try {
      result.status = await probe(url, Math.max(1, Math.min(deadline.remainingMs(), 10_000)))
      result.error = undefined
      if (accepts(accepted, result.status)) return { ...result, ok: true }
    } catch (err) {
      result.status = undefined
      result.error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)
    }
    if (deadline.remainingMs() <= delay) return result
    await deadline.clock.sleep(delay)
  }
}
