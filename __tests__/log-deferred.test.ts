// Before the toolkit loads (a run loads it while its first request travels), src/log.ts keeps what is written and
// writes it once loaded: in order, masks first, each text made safe with the secrets known when it was written.
import * as log from '../src/action/log.js'
import { secretForms } from '../src/engine/text/secrets.js'
import { captureStdout } from './support/stdout.js'
import { runnerCommands } from './support/workflow-commands.js'

const stdout = captureStdout()
afterEach(() => {
  process.exitCode = undefined
})

test('nothing is written before the toolkit loads; then everything is, in the order it was written', async () => {
  log.addSecret('s3cret/val+ue 1')
  const grouped = log.group('Validate', async () => {
    log.info('inside s3cret/val+ue 1')
    log.debug('a debug line')
  })
  await grouped
  log.warning('careful', { file: 'ingress.json', startLine: 3 })
  log.setFailed('it failed')
  expect(stdout.text()).toBe('')
  expect(process.exitCode).toBeUndefined()

  await log.loadToolkit()
  const lines = stdout.text().trimEnd().split('\n')
  expect(lines).toEqual([
    '::add-mask::s3cret/val+ue 1',
    ...lines.slice(1, -6),
    '::group::Validate',
    'inside ***',
    '::debug::a debug line',
    '::endgroup::',
    '::warning file=ingress.json,line=3::careful',
    '::error::it failed'
  ])
  // Between the first mask and the group: the masks of the secret's other spellings, each once.
  const masks = runnerCommands(lines.slice(1, -6).join('\n'))
  expect(masks.map(c => c.name)).toEqual(secretForms('s3cret/val+ue 1').slice(1).map(() => 'add-mask'))
  expect(new Set(masks.map(c => c.data))).toEqual(new Set(secretForms('s3cret/val+ue 1').slice(1)))
  expect(process.exitCode).toBe(1)
})

test('once loaded, a write goes out at once', async () => {
  await log.loadToolkit()
  log.info('now')
  expect(stdout.text()).toBe('now\n')
})
