// src/stalls.ts: an answer that arrives while the process cannot run waits unread; the watch tells how long.
import { performance } from 'node:perf_hooks'
import { watchStalls } from '../src/engine/apply/stalls.js'

function block(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // busy: no tick can run
  }
}

test('a loop blocked for a while reads as stalled for at least that long, less one tick, going on or ended', async () => {
  const watch = watchStalls(10)
  try {
    const measure = watch.since()
    await new Promise(resolve => setTimeout(resolve, 25))
    block(80)
    expect(measure.longest()).toBeGreaterThanOrEqual(70)
    // The loop runs its timers (a tick) before it reads a socket: the stall is still told once it has ended.
    await new Promise(resolve => setTimeout(resolve, 30))
    expect(measure.longest()).toBeGreaterThanOrEqual(70)
  } finally {
    watch.stop()
  }
})

test('asked for stalls that ended lately, a stall long over does not count', async () => {
  // An answer read now can only have waited through a stall that ended just before (LiveView.networkRttMs, src/live-view.ts).
  const watch = watchStalls(10)
  try {
    const measure = watch.since()
    await new Promise(resolve => setTimeout(resolve, 25))
    block(80)
    await new Promise(resolve => setTimeout(resolve, 30))
    expect(measure.holding(1000)).toBeGreaterThanOrEqual(70)
    await new Promise(resolve => setTimeout(resolve, 200))
    expect(measure.holding(100)).toBeLessThan(70)
    expect(measure.longest()).toBeGreaterThanOrEqual(70)
  } finally {
    watch.stop()
  }
})

test('what can have held an answer read now: the stalls back to back up to now, added up', async () => {
  const watch = watchStalls(10)
  try {
    const measure = watch.since()
    await new Promise(resolve => setTimeout(resolve, 25))
    block(60)
    // A few ticks between the two: they are two stalls, and the answer may have waited through both.
    await new Promise(resolve => setTimeout(resolve, 15))
    block(60)
    await new Promise(resolve => setTimeout(resolve, 15))
    expect(measure.holding(50)).toBeGreaterThanOrEqual(90)
    expect(measure.longest()).toBeLessThan(90)
  } finally {
    watch.stop()
  }
})
