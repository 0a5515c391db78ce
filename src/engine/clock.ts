/** Time, sleep and randomness in one seam so tests never wait on real timers. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  random(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  random: () => Math.random()
}

/** A bound on all API work of one run, retries included (the `timeout` input). */
export interface Deadline {
  readonly clock: Clock
  remainingMs(): number
  expired(): boolean
}

export function deadlineAfter(clock: Clock, ms: number): Deadline {
  const end = clock.now() + ms
  return {
    clock,
    remainingMs: () => Math.max(0, end - clock.now()),
    expired: () => clock.now() >= end
  }
}
