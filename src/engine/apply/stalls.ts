// How long the event loop could not run: the process was busy, or the machine gave it no CPU. An answer that arrived
// meanwhile waited that long unread, which is part of a writer's read-to-write window that its own clock does not
// show (see ConcurrentWriters in ./settle.ts). When the process runs again, the loop runs its timers
// before it reads the sockets, so the stall is told by the gaps between ticks, not by the last tick alone.
import { performance } from 'node:perf_hooks'

/** Stalls since a measure started (ms), the one going on included. */
export interface StallMeasure {
  /** The longest. */
  longest(): number
  /**
   * What can have held an answer read just now: the stall going on or that ended at most `endedWithinMs` ago, plus
   * the one that ended at most that long before it started, and so on (the stalls back to back up to now), added up.
   */
  holding(endedWithinMs: number): number
}

export interface StallWatch {
  since(): StallMeasure
  stop(): void
}

/** A gap between ticks counted as a stall: a few ticks' worth, so that timer jitter is not one. */
const MIN_STALL_TICKS = 2
/** Stalls remembered: a run's reads are few and short, so only the latest matter. */
const KEPT = 64

/** Ticks every `intervalMs` (without keeping the process alive) and remembers the gaps between ticks. */
export function watchStalls(intervalMs = 10): StallWatch {
  let lastTick = performance.now()
  const stalls: Array<{ endedAt: number; ms: number }> = []
  const timer = setInterval(() => {
    const now = performance.now()
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
      const from = performance.now()
      const ended = (): Array<{ endedAt: number; ms: number }> => stalls.filter(stall => stall.endedAt >= from)
      const ongoing = (now: number): number => Math.max(0, now - lastTick - intervalMs)
      return {
        longest: () => ended().reduce((worst, stall) => Math.max(worst, stall.ms), ongoing(performance.now())),
        holding: endedWithinMs => {
          const now = performance.now()
          let held = ongoing(now)
          let edge = now - held
          for (const stall of ended().reverse()) {
            if (stall.endedAt < edge - endedWithinMs) break
            held += stall.ms
            edge = stall.endedAt - stall.ms
          }
          return held
        }
      }
    },
    stop: () => clearInterval(timer)
  }
}
