import type { Deadline } from '../clock.js'
import { SaeApiError } from './errors.js'

export interface RetryPolicy {
  baseDelayMs: number
  maxDelayMs: number
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 8000 }

/**
 * The least time worth giving an attempt after a wait: one with less would only end in a timeout, whose message says
 * less than the error it replaces (a throttle, a gateway page, an answer that is not JSON).
 */
export const MIN_ATTEMPT_MS = 1000

/**
 * Runs `attempt` until it succeeds, fails for a reason that retrying cannot fix, or the deadline would leave the next
 * attempt less than MIN_ATTEMPT_MS after its wait.
 * Exponential backoff with jitter (each wait 50–100 % of its step), so parallel workflows hitting the same
 * throttle spread out.
 */
export async function withRetry<T>(
  attempt: (attemptTimeoutMs: number) => Promise<T>,
  deadline: Deadline,
  policy: RetryPolicy,
  onRetry: (err: SaeApiError, attempt: number, delayMs: number) => void
): Promise<{ value: T; attempts: number }> {
  const { clock } = deadline
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(Math.max(1, deadline.remainingMs())), attempts: n }
    } catch (thrown) {
      if (!(thrown instanceof SaeApiError)) throw thrown
      thrown.attempts = n
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1))
      const delay = Math.round(ceiling * (0.5 + clock.random() / 2))
      if (!thrown.transient || deadline.remainingMs() < delay + MIN_ATTEMPT_MS) throw thrown
      onRetry(thrown, n, delay)
      await clock.sleep(delay)
    }
  }
}
