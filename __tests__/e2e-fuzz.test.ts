import fc from 'fast-check'
import { startEmulator, type Emulator } from '../emulator/index.mjs'
import { FUZZ_SAMPLE } from './support/fuzz-runs.js'
import { invalidFile } from './support/ingress-arbitraries.js'
import { runAction } from './support/run-action.js'

/**
 * A sample of the fuzzer's invalid files, run through the bundled action as the runner runs it: every one must fail
 * the step with a located annotation and without a single request reaching the API.
 */
let emulator: Emulator
beforeAll(async () => (emulator = await startEmulator({ ingresses: [{ Id: 87, ListenerPort: 80, Rules: [] }] })))
afterAll(() => emulator.close())

const samples = fc.sample(invalidFile, { numRuns: FUZZ_SAMPLE.runs, seed: FUZZ_SAMPLE.seed })

test.each(samples.map((sample, i) => [i, sample.kind, sample] as const))('invalid file #%i (%s) fails with no API call', async (_i, _kind, sample) => {
  const run = await runAction({
    files: { 'ingress.json': sample.content },
    inputs: { 'ingress-file': 'ingress.json', endpoint: emulator.url, timeout: '10' },
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'testAccessKeyId', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'testAccessKeySecret', PR: 'pr' }
  })
  expect(run.code).toBe(1)
  const located = run.annotations.filter(a => a.level === 'error' && a.file === 'ingress.json')
  expect(located.length).toBeGreaterThan(0)
  for (const annotation of located) expect(annotation.line).toBeGreaterThanOrEqual(1)
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m)
  expect(emulator.requests).toHaveLength(0)
})
