// src/action/log.ts, the action's one way out: whatever text reaches it, the runner reads no command the action did not write, no
// secret in any spelling, no invisible character, and no unbounded line. Captures what @actions/core writes to stdout
// (and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files), as the runner would see it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ActionLog, LINE_LIMIT, MESSAGE_LIMIT } from '../src/action/log.js'
import { SecretRegistry, secretsFromEnvironment } from '../src/engine/text/secrets.js'
import { neutraliseCommands, printable, showInvisible } from '../src/engine/text/visible.js'
import { parseAnnotations, parseOutputFile } from './support/run-action.js'
import { captureStdout } from './support/stdout.js'
import { foreignCommands, runnerCommands } from './support/workflow-commands.js'

const secrets = new SecretRegistry()
const log = new ActionLog(secrets)

const captured = captureStdout()
const stdout = captured.text

/** Each hostile shape from the issue, with text that must never become a command's data on its own. */
const HOSTILE = [
  ['a line feed then ::stop-commands::', 'value\n::stop-commands::STOPPED'],
  ['a carriage return then ::warning::', 'value\r::warning::INJECTED'],
  ['CRLF, indentation and ::error', 'value\r\n   \t::error file=a.ts::INJECTED'],
  ['a no-break space before ::', 'value\n\u00a0::warning::INJECTED'],
  ['a next-line character (U+0085) before ::', 'value\n\u0085::warning::INJECTED'],
  ['a soft hyphen before ::', 'value\n\u00ad::warning::INJECTED'],
  ['a line separator (U+2028) then ::', 'value\u2028::warning::INJECTED'],
  ['the legacy syntax mid-line', 'value ##[warning]INJECTED'],
  ['the legacy syntax with a zero-width space', 'value #\u200b#[error]INJECTED'],
  ['an add-mask that would hide the log', 'value\n::add-mask::INJECTED'],
  ['a literal %0A', 'value%0A::warning::INJECTED']
] as const
const INJECTED = ['STOPPED', 'INJECTED']

describe('no value can issue a workflow command', () => {
  const printers: Array<[string, (text: string) => Promise<void> | void]> = [
    ['info', text => log.info(`Plan: ${text}`)],
    ['info, the value first', text => log.info(text)],
    ['debug', text => log.debug(text)],
    ['warning', text => log.warning(text)],
    ['notice', text => log.notice(text, { title: 'x' })],
    ['error with a file', text => log.error(text, { file: `dir/${text}.json`, startLine: 1 })],
    ['setFailed', text => log.setFailed(text)],
    ['a group title', text => log.group(text, async () => log.info('inside'))]
  ]
  describe.each(printers)('%s', (_printer, print) => {
    test.each(HOSTILE)('%s', async (_shape, text) => {
      await print(text)
      process.exitCode = undefined
      expect(foreignCommands(stdout(), INJECTED)).toEqual([])
      // The text is still there to read, neutralised rather than dropped.
      expect(stdout()).toContain(text.endsWith('STOPPED') ? 'STOPPED' : 'INJECTED')
    })
  })

  test('the neutralised text is visible: a leading :: becomes %3A:, ##[ becomes #%23[', () => {
    log.info('a\n::stop-commands::x\r  ::warning::y ##[error]z')
    expect(stdout()).toBe('a\n%3A:stop-commands::x\n  %3A:warning::y #%23[error]z\n')
  })

  test('%0A in a value stays the three characters %0A in an annotation, never a line break', () => {
    log.warning('value %0A::warning::INJECTED and %0D')
    const [annotation] = parseAnnotations(stdout())
    expect(annotation!.message).toBe('value %0A::warning::INJECTED and %0D')
  })

  test('a file name with line breaks stays one annotation on that file', () => {
    log.error('bad', { file: 'deploy/\n::stop-commands::x.json', startLine: 2 })
    expect(runnerCommands(stdout()).map(c => c.name)).toEqual(['error'])
    expect(parseAnnotations(stdout())[0]).toMatchObject({ file: 'deploy/\n::stop-commands::x.json', message: 'bad' })
  })
})

describe('secrets are redacted on every way out', () => {
  const secret = 'l0g-Secret/Value+1='
  beforeAll(() => secrets.add(secret))

  test('registering a secret masks it in the runner log, in each spelling', () => {
    secrets.add('an0ther-secret/x')
    expect(runnerCommands(stdout()).filter(c => c.name === 'add-mask').map(c => c.data)).toEqual(
      expect.arrayContaining(['an0ther-secret/x', 'an0ther-secret%2Fx'])
    )
  })

  test.each<[string, (text: string) => void]>([
    ['info', text => log.info(text)],
    ['debug', text => log.debug(text)],
    ['warning', text => log.warning(text)],
    ['error', text => log.error(text)],
    ['setFailed', text => log.setFailed(text)]
  ])('%s: raw, URL-encoded and as a credential shape', (_name, print) => {
    print(`raw ${secret} encoded ${encodeURIComponent(secret)} header x-acs-security-token: CAISany`)
    process.exitCode = undefined
    const printed = stdout().replace(/^::add-mask::.*$/gm, '')
    expect(printed).not.toContain(secret)
    expect(printed).not.toContain(encodeURIComponent(secret))
    expect(printed).not.toContain('CAISany')
    expect(printed).toContain('raw *** encoded *** header x-acs-security-token: ***')
  })

  test('outputs and the job summary (nothing masks those)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'log-test-'))
    const outputFile = path.join(dir, 'output')
    const summaryFile = path.join(dir, 'summary')
    writeFileSync(outputFile, '')
    writeFileSync(summaryFile, '')
    const saved = { GITHUB_OUTPUT: process.env.GITHUB_OUTPUT, GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY }
    Object.assign(process.env, { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile })
    try {
      await log.setOutputs([['diff', `~ Description: ${secret}\n+ x`], ['urls', '["http://a.example.com/"]']])
      await log.appendSummary(`| secret | ${encodeURIComponent(secret)} |`)
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name]; else process.env[name] = value
    }
    expect(parseOutputFile(readFileSync(outputFile, 'utf8'))).toEqual({ diff: '~ Description: ***\n+ x', urls: '["http://a.example.com/"]' })
    expect(readFileSync(summaryFile, 'utf8')).toBe('| secret | *** |')
  })

  test('proxy credentials and the ID-token request token from the environment', () => {
    for (const found of secretsFromEnvironment({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-token-1234', HTTPS_PROXY: 'http://me:pr0xy%21pw@proxy:3128' })) secrets.add(found)
    log.info('req-token-1234 pr0xy%21pw pr0xy!pw')
    expect(stdout().split('\n').filter(line => !line.startsWith('::add-mask::'))).toEqual(['*** *** ***', ''])
  })
})

describe('what a log line shows', () => {
  test('bidi and zero-width characters are shown as their code points', () => {
    log.info('admin\u202Enimda\u200B end')
    expect(stdout()).toBe('admin[U+202E]nimda[U+200B] end\n')
  })

  test('emoji keep their variation selector; tabs stay', () => {
    expect(showInvisible('✏️\tok')).toBe('✏️\tok')
  })

  test('a long value adds a bounded amount: each line is cut with a marker', () => {
    log.info(`Description: ${'x'.repeat(10_000)}\nnext`)
    const [first, second] = stdout().split('\n')
    expect(first!.length).toBeLessThan(LINE_LIMIT + 40)
    expect(first).toMatch(/… \[\d+ more characters\]$/)
    expect(second).toBe('next')
  })

  test('a message of many lines is cut as a whole', () => {
    log.info('line\n'.repeat(1_000_000))
    expect(stdout().length).toBeLessThan(MESSAGE_LIMIT + 100)
  })

  test.each([
    ['a line', () => LINE_LIMIT],
    ['a message', () => MESSAGE_LIMIT]
  ])('a secret is redacted before %s is cut, so no part of it survives the cut', (_what, limit) => {
    const secret = `cut-${'s'.repeat(30)}-secret`
    secrets.add(secret)
    captured.clear()
    const before = ('x'.repeat(99) + '\n').repeat(Math.floor(limit() / 100)).slice(0, limit() - 10)
    log.info(`${before}${secret}`)
    expect(stdout()).not.toContain('cut-ssss')
  })
})

test('printable text never starts a command, whatever precedes the colons', () => {
  for (const lead of ['', ' ', '\t', '\u00a0', '\u3000', '\u0085', '\u200b', '\ufeff', '\u00ad', '\u034f', '\ufe0f', '\u180e']) {
    expect(foreignCommands(printable(`x\n${lead}::stop-commands::STOPPED`), ['STOPPED'])).toEqual([])
    expect(foreignCommands(neutraliseCommands(`x\n${lead}::stop-commands::STOPPED`), ['STOPPED'])).toEqual([])
  }
})
