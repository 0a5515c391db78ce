import { deadlineAfter, type Clock } from '../src/engine/clock.js'
import { SaeApiError } from '../src/engine/sae/errors.js'
import { withRetry } from '../src/engine/sae/retry.js'

/** A clock that only moves when the code under test sleeps. */
function fakeClock(random = 0.5): Clock & { slept: number[] } {
  let now = 0
  const slept: number[] = []
  return { slept, now: () => now, random: () => random, sleep: async ms => void (slept.push(ms), (now += ms)) }
}

const transient = () => new SaeApiError({ code: 'Throttling.User', message: 'slow down', transient: true })
const permanent = () => new SaeApiError({ code: 'InvalidParameter.Obviously', message: 'no', transient: false })

function failing(errors: SaeApiError[]) {
  let calls = 0
  return {
    get calls() {
      return calls
    },
    attempt: async () => {
      const err = errors[calls++]
      if (err) throw err
      return 'done'
    }
  }
}

const policy = { baseDelayMs: 500, maxDelayMs: 8000 }

test('transient failures are retried with growing, jittered delays until the call works', async () => {
  const clock = fakeClock(0.5)
  const op = failing([transient(), transient(), transient()])
  const result = await withRetry(op.attempt, deadlineAfter(clock, 60_000), policy, () => {})
  expect(result).toEqual({ value: 'done', attempts: 4 })
  // 75 % of 500, 1000, 2000 with random() = 0.5.
  expect(clock.slept).toEqual([375, 750, 1500])
})

test('delays stop growing at the ceiling', async () => {
  const clock = fakeClock(1)
  const op = failing(Array.from({ length: 7 }, transient))
  await withRetry(op.attempt, deadlineAfter(clock, 600_000), policy, () => {})
  expect(clock.slept).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000])
})

test('a failure retrying cannot fix is thrown at once', async () => {
  const clock = fakeClock()
  const op = failing([permanent()])
  await expect(withRetry(op.attempt, deadlineAfter(clock, 60_000), policy, () => {})).rejects.toMatchObject({
    code: 'InvalidParameter.Obviously',
    attempts: 1
  })
  expect(clock.slept).toEqual([])
})

test('retries end when the next wait would pass the deadline, with the last error and the attempt count', async () => {
  const clock = fakeClock(1)
  const op = failing(Array.from({ length: 100 }, transient))
  await expect(withRetry(op.attempt, deadlineAfter(clock, 3000), policy, () => {})).rejects.toMatchObject({
    code: 'Throttling.User',
    attempts: 3
  })
  expect(clock.now()).toBeLessThanOrEqual(3000)
})

test('no retry is made that would leave its attempt under a second: the real error is reported, not a timeout', async () => {
  const clock = fakeClock(1)
  const op = failing(Array.from({ length: 100 }, transient))
  // After 500 ms of wait, 1900 ms are left: a wait of 1000 ms would leave 900 ms for the attempt.
  await expect(withRetry(op.attempt, deadlineAfter(clock, 2400), policy, () => {})).rejects.toMatchObject({ code: 'Throttling.User', attempts: 2 })
  expect(clock.slept).toEqual([500])
})

test('each attempt is told how much time is left, so a hung call cannot outlive the deadline', async () => {
  const clock = fakeClock(1)
  const seen: number[] = []
  const op = failing([transient(), transient()])
  await withRetry(ms => (seen.push(ms), op.attempt()), deadlineAfter(clock, 10_000), policy, () => {})
  expect(seen).toEqual([10_000, 9500, 8500])
})

test('every retry is announced with the error, attempt and delay', async () => {
  const clock = fakeClock(0.5)
  const announced: string[] = []
  await withRetry(failing([transient()]).attempt, deadlineAfter(clock, 60_000), policy, (err, n, delay) =>
    announced.push(`${err.code} ${n} ${delay}`)
  )
  expect(announced).toEqual(['Throttling.User 1 375'])
})
