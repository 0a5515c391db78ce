// Preload for `npm run bench:wan`: records the timers the action's own code arms, to measure its deliberate sleeps
// (settle, poll and retry waits, health-check backoff) from outside the action, with no change to src/.
//
//   node --import ./scripts/bench-wan/sleep-probe.mjs dist/index.js   with BENCH_SLEEP_FILE=<path>
//
// Wraps setTimeout (the global one, and node:timers' and node:timers/promises' exports, in case the clock moves to
// them) for delays of at least 10 ms. At exit it writes, as JSON, every such timer that fired while still keeping
// the process alive (an unref'd timer is housekeeping, not a wait) with its requested delay and the stack that armed
// it; scripts/bench-wan/analysis.mjs decides which of them are the action's sleeps and why.
import { writeFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { performance } from 'node:perf_hooks'
import timers from 'node:timers'
import timersPromises from 'node:timers/promises'

const MIN_MS = 10
const out = process.env.BENCH_SLEEP_FILE
const fired = []

/**
 * The frames as the bundle has them (`at fn (file:line:col)`): formatted here without source maps, which the action
 * turns on and which would make the first timer of each bundle chunk cost the child milliseconds of map parsing.
 * The harness maps them to src/ afterwards (./source-positions.mjs).
 */
function rawStack() {
  const saved = Error.prepareStackTrace
  Error.prepareStackTrace = (_error, sites) =>
    sites.map(site => {
      const where = `${site.getFileName() ?? '<anonymous>'}:${site.getLineNumber()}:${site.getColumnNumber()}`
      const fn = site.getFunctionName() ?? site.getMethodName()
      return `at ${site.isAsync() ? 'async ' : ''}${fn ? `${fn} (${where})` : where}`
    })
  try {
    // The first two frames are this function's callers in the probe: record and the wrapper.
    return /** @type {string[]} */ (/** @type {unknown} */ (new Error().stack)).slice(2, 12)
  } finally {
    Error.prepareStackTrace = saved
  }
}

function record(ms) {
  return { ms, armedAt: performance.now(), firedAt: undefined, stack: rawStack() }
}

function wrapCallback(original) {
  const wrapped = function (callback, ms, ...args) {
    if (typeof callback !== 'function' || !(Number(ms) >= MIN_MS)) return original.call(this, callback, ms, ...args)
    const entry = record(Number(ms))
    const handle = original.call(
      this,
      function (...callArgs) {
        entry.firedAt = performance.now()
        if (typeof handle?.hasRef !== 'function' || handle.hasRef()) fired.push(entry)
        return callback.apply(this, callArgs)
      },
      ms,
      ...args
    )
    return handle
  }
  for (const key of Reflect.ownKeys(original)) {
    if (!(key in wrapped)) Object.defineProperty(wrapped, key, Object.getOwnPropertyDescriptor(original, key))
  }
  return wrapped
}

function wrapPromise(original) {
  return async function (ms, value, options) {
    if (!(Number(ms) >= MIN_MS) || options?.ref === false) return original.call(this, ms, value, options)
    const entry = record(Number(ms))
    const result = await original.call(this, ms, value, options)
    entry.firedAt = performance.now()
    fired.push(entry)
    return result
  }
}

if (out) {
  const patched = wrapCallback(globalThis.setTimeout)
  globalThis.setTimeout = patched
  timers.setTimeout = patched
  timersPromises.setTimeout = wrapPromise(timersPromises.setTimeout)
  syncBuiltinESMExports()
  process.on('exit', () => writeFileSync(out, JSON.stringify(fired)))
}
