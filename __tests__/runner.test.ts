import * as core from '@actions/core'
import { jest } from '@jest/globals'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as runner from '../src/runner.js'

/**
 * src/runner.ts speaks the runner's protocol without loading @actions/core (whose entry drags in undici).
 * These tests hold it to the real thing: the same calls through both must produce the same bytes.
 */
function captureStdout(fn: () => void): string {
  let out = ''
  const core = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => ((out += String(chunk)), true))
  const ours = jest.spyOn(runner.stdout, 'write').mockImplementation(text => void (out += text))
  try {
    fn()
  } finally {
    core.mockRestore()
    ours.mockRestore()
  }
  return out
}

const annotations: Array<[string, runner.AnnotationProperties | undefined]> = [
  ['plain message', undefined],
  ['multi\nline 100% with\r\nbreaks', undefined],
  ['located', { file: 'deploy/ingress.json', startLine: 12, startColumn: 7 }],
  ['titled, with : and , in properties', { title: 'Invalid: a, b', file: 'dir,x/a:b.json', startLine: 1, startColumn: 1, endLine: 2, endColumn: 3 }],
  ['zero line is left out like core does', { file: 'a.json', startLine: 0 }]
]

describe.each(['error', 'warning', 'notice'] as const)('%s annotations', level => {
  test.each(annotations)('%s', (message, properties) => {
    expect(captureStdout(() => runner[level](message, properties))).toBe(captureStdout(() => core[level](message, properties)))
  })
})

test.each(['plain', 'with\nnewline', '100% secret'])('setSecret(%p) masks exactly like core', secret => {
  expect(captureStdout(() => runner.setSecret(secret))).toBe(captureStdout(() => core.setSecret(secret)))
})

test('info writes a plain line like core', () => {
  expect(captureStdout(() => runner.info('hello :: world'))).toBe(captureStdout(() => core.info('hello :: world')))
})

test('setFailed sets exit code 1 and prints an error, like core', () => {
  const saved = process.exitCode
  const ours = captureStdout(() => runner.setFailed('boom\nsecond line'))
  expect(process.exitCode).toBe(1)
  process.exitCode = undefined
  const theirs = captureStdout(() => core.setFailed('boom\nsecond line'))
  expect(process.exitCode).toBe(1)
  process.exitCode = saved
  expect(ours).toBe(theirs)
})

describe('file commands', () => {
  let dir: string
  const saved = { ...process.env }
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'runner-'))
    for (const name of ['ours-out', 'core-out', 'ours-sum', 'core-sum']) await writeFile(path.join(dir, name), '')
  })
  afterEach(() => void (process.env = { ...saved }))

  /** Delimiters are random UUIDs; compare with them normalised. */
  const normalise = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM')

  test('outputs are written, in one go, in the heredoc format core.setOutput writes for each, multi-line values included', async () => {
    const outputs: Array<[string, string]> = [
      ['changed', 'true'],
      ['urls', '["http://a.example.com/"]'],
      ['diff', '+ rule a/\n- rule b/\n~ RequestTimeout: 60 → 30']
    ]
    process.env.GITHUB_OUTPUT = path.join(dir, 'ours-out')
    runner.setOutputs(outputs)
    process.env.GITHUB_OUTPUT = path.join(dir, 'core-out')
    for (const [name, value] of outputs) core.setOutput(name, value)
    const ours = await readFile(path.join(dir, 'ours-out'), 'utf8')
    expect(normalise(ours)).toBe(normalise(await readFile(path.join(dir, 'core-out'), 'utf8')))
    expect(ours).toContain('diff<<ghadelimiter_')
    // One delimiter per output, each different.
    expect(new Set(ours.match(/ghadelimiter_[0-9a-f-]{36}/g)).size).toBe(3)
  })

  test('without GITHUB_OUTPUT, outputs fall back to set-output commands, like core', () => {
    delete process.env.GITHUB_OUTPUT
    expect(captureStdout(() => runner.setOutputs([['a', '1'], ['b', 'x\ny']]))).toBe(
      captureStdout(() => {
        core.setOutput('a', '1')
        core.setOutput('b', 'x\ny')
      })
    )
  })

  test('the job summary is appended verbatim, like core.summary.addRaw().write()', async () => {
    const markdown = '### Title\n\n| a | b |\n| --- | --- |\n'
    process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'ours-sum')
    runner.appendSummary(markdown)
    process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'core-sum')
    await core.summary.addRaw(markdown).write()
    expect(await readFile(path.join(dir, 'ours-sum'), 'utf8')).toBe(await readFile(path.join(dir, 'core-sum'), 'utf8'))
  })

  test('without GITHUB_STEP_SUMMARY the summary is refused, so the caller can warn', () => {
    delete process.env.GITHUB_STEP_SUMMARY
    expect(() => runner.appendSummary('x')).toThrow(/GITHUB_STEP_SUMMARY/)
  })
})

test.each([
  ['ingress-file', { 'INPUT_INGRESS-FILE': '  a.json ' }, 'a.json'],
  ['dry run', { INPUT_DRY_RUN: 'true' }, 'true'],
  ['missing', {}, '']
])('getInput(%p) reads INPUT_* like core', (name, env, expected) => {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    expect(runner.getInput(name)).toBe(expected)
    expect(runner.getInput(name)).toBe(core.getInput(name))
  } finally {
    process.env = saved
  }
})
