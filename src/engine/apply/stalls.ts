// How long the event loop could not run: the process was busy, or the machine gave it no CPU. An answer that arrived
// meanwhile waited that long unread, which is part of a writer's read-to-write window that its own reading of the
// clock does not show (see ConcurrentWriters in ./settle.ts). When the process runs again, the loop runs its timers
// before it reads the sockets, so a stall is told by the gaps between ticks, not by the last tick alone.
import type { Clock } from '../clock.js'

/** The longest stall since a measure started (ms), the one going on included. */
export interface StallMeasure {
  longest(): number
}

export interface StallWatch {
  since(): StallMeasure
  stop(): void
}

/** A gap between ticks counted as a stall: a few ticks' worth, so that timer jitter is not one. */
const MIN_STALL_TICKS = 2
/** Stalls remembered: a run's reads are few and short, so only the latest matter. */
const KEPT = 64

/** Ticks every `intervalMs` (without keeping the process alive), reading `clock`, and remembers the gaps. */
export function watchStalls(clock: Clock, intervalMs = 10): StallWatch {
  let lastTick = clock.now()
  const stalls: Array<{ endedAt: number; ms: number }> = []
  const timer = setInterval(() => {
    const now = clock.now()
    const gap = now - lastTick - intervalMs
    if (gap >= MIN_STALL_TICKS * intervalMs) {
      stalls.push({ endedAt: now, ms: gap })
      if (stalls.length > KEPT) stalls.shift()
    }
    lastTick = now
  }, intervalMs)
  timer.unref()
  return {
    since: () => {
      const from = clock.now()
      return {
        longest: () =>
          stalls.filter(stall => stall.endedAt >= from).reduce((worst, stall) => Math.max(worst, stall.ms), Math.max(0, clock.now() - lastTick - intervalMs))
      }
    },
    stop: () => clearInterval(timer)
  }
}
