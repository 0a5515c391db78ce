// The WAN bench's sleep probe (scripts/bench-wan/sleep-probe.mjs), preloaded into a real node process: it records
// the timers that fired while keeping the process alive, whichever setTimeout armed them, with the stack that did.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { deliberateSleeps, type ProbeRecord } from '../scripts/bench-wan/analysis.mjs'

const PROBE = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'bench-wan', 'sleep-probe.mjs')).href

function probe(script: string): ProbeRecord[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'sleep-probe-'))
  try {
    const file = path.join(dir, 'sleeps.json')
    const main = path.join(dir, 'main.mjs')
    writeFileSync(main, script)
    const run = spawnSync(process.execPath, ['--import', PROBE, main], { env: { PATH: process.env.PATH, BENCH_SLEEP_FILE: file }, encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    return JSON.parse(readFileSync(file, 'utf8'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('records the sleeps the program waits on, through the global setTimeout and node:timers/promises, with who slept', () => {
  const records = probe(`
    import { setTimeout as wait } from 'node:timers/promises'
    const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
    async function settle() { await sleep(30) }
    async function poll() { await wait(20) }
    await settle()
    await poll()
  `)
  expect(records.map(r => r.ms)).toEqual([30, 20])
  expect(records.every(r => r.firedAt !== undefined && r.firedAt >= r.armedAt)).toBe(true)
  expect(deliberateSleeps(records).sleeps.map(s => s.reason)).toEqual(['settle (main.mjs)', 'poll (main.mjs)'])
})

test('leaves out timers that were cleared, unref’d, or too short to be a wait', () => {
  const records = probe(`
    const cleared = setTimeout(() => {}, 50)
    clearTimeout(cleared)
    // Fires (timers fire in the order they are due) during the sleep below, but keeps nothing alive.
    setTimeout(() => {}, 20).unref()
    await new Promise(resolve => setTimeout(resolve, 1))
    await new Promise(resolve => setTimeout(resolve, 60))
  `)
  expect(records.map(r => r.ms)).toEqual([60])
})

test('without BENCH_SLEEP_FILE it changes nothing', () => {
  const run = spawnSync(process.execPath, ['--import', PROBE, '-e', 'console.log(setTimeout.name)'], { env: { PATH: process.env.PATH }, encoding: 'utf8' })
  expect(run.stdout.trim()).toBe('setTimeout')
})
