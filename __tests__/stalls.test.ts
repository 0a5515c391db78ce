// src/engine/apply/stalls.ts: an answer that arrives while the process cannot run waits unread; the watch tells how
// long. The ticks and the clock move together here, as they do in a process that runs; a stall is the clock moving
// on while no tick could run.
import { jest } from '@jest/globals'
import type { Clock } from '../src/engine/clock.js'
import { watchStalls } from '../src/engine/apply/stalls.js'

let now = 0
const clock: Clock = { now: () => now, sleep: async () => undefined, random: () => 0.5 }

/** The loop runs: `ms` of ticks every 10 ms. */
function run(ms: number): void {
  for (let passed = 0; passed < ms; passed += 10) {
    now += 10
    jest.advanceTimersByTime(10)
  }
}

/** The loop cannot run for `ms`: the clock moves, no tick does. */
function stall(ms: number): void {
  now += ms
}

beforeEach(() => {
  jest.useFakeTimers()
  now = 0
})
afterEach(() => jest.useRealTimers())

test('a stall reads as at least its length less one tick, while it goes on and once it has ended', () => {
  const watch = watchStalls(clock, 10)
  const measure = watch.since()
  run(30)
  stall(80)
  expect(measure.longest()).toBeGreaterThanOrEqual(70)
  // The loop runs its timers (a tick) before it reads a socket: the stall is still told once it has ended.
  run(30)
  expect(measure.longest()).toBeGreaterThanOrEqual(70)
  watch.stop()
})

test('ticks on time are no stall, and a stall before the measure started does not count', () => {
  const watch = watchStalls(clock, 10)
  run(20)
  stall(200)
  run(20)
  const measure = watch.since()
  run(100)
  expect(measure.longest()).toBe(0)
  watch.stop()
})

test('the longest of several stalls', () => {
  const watch = watchStalls(clock, 10)
  const measure = watch.since()
  run(20)
  stall(40)
  run(20)
  stall(120)
  run(20)
  stall(50)
  run(20)
  expect(measure.longest()).toBeGreaterThanOrEqual(110)
  expect(measure.longest()).toBeLessThan(130)
  watch.stop()
})
