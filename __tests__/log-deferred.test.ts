// Before the toolkit loads (a run loads it while its first request travels), src/log.ts keeps what is written and
// writes it once loaded: in order, masks first, each text made safe with the secrets known when it was written.
import * as log from '../src/log.js'
import { runnerCommands } from './support/workflow-commands.js'

let written: string[] = []
const realWrite = process.stdout.write.bind(process.stdout)
beforeEach(() => {
  written = []
  process.stdout.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof process.stdout.write
})
afterEach(() => {
  process.stdout.write = realWrite
  process.exitCode = undefined
})

test('nothing is written before the toolkit loads; then everything is, in the order it was written', async () => {
  log.addSecret('s3cret-value-1')
  const grouped = log.group('Validate', async () => {
    log.info('inside s3cret-value-1')
    log.debug('a debug line')
  })
  await grouped
  log.warning('careful', { file: 'ingress.json', startLine: 3 })
  log.setFailed('it failed')
  expect(written.join('')).toBe('')
  expect(process.exitCode).toBeUndefined()

  await log.loadToolkit()
  const lines = written.join('').trimEnd().split('\n')
  expect(lines).toEqual([
    '::add-mask::s3cret-value-1',
    ...lines.slice(1, -6),
    '::group::Validate',
    'inside ***',
    '::debug::a debug line',
    '::endgroup::',
    '::warning file=ingress.json,line=3::careful',
    '::error::it failed'
  ])
  // Between the first mask and the group: only the masks of the secret's other spellings.
  expect(runnerCommands(lines.slice(1, -6).join('\n')).every(c => c.name === 'add-mask')).toBe(true)
  expect(process.exitCode).toBe(1)
})

test('once loaded, a write goes out at once', async () => {
  await log.loadToolkit()
  log.info('now')
  expect(written.join('')).toBe('now\n')
})
