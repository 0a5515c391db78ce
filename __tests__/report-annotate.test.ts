import { jest } from '@jest/globals'
import type { Problem } from '../src/engine/ingress/types.js'
import { ActionLog } from '../src/action/log.js'
import { annotate, MAX_ANNOTATIONS } from '../src/action/report/annotate.js'
import { SecretRegistry } from '../src/engine/text/secrets.js'

// Annotations go out through the action's log, as a run writes them.
const log = new ActionLog(new SecretRegistry())

/** What annotate prints, as the runner reads it from stdout. */
function printed(problems: Problem[], warnings: Problem[] = []): string[] {
  const lines: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split(/\r?\n/).filter(Boolean))
    return true
  })
  try {
    annotate(log, 'deploy/ingress.json', problems, warnings)
  } finally {
    spy.mockRestore()
  }
  return lines
}

const problem = (i: number): Problem => ({ message: `problem ${i}`, pointer: `/x${i}`, line: i + 1, column: 3 })

describe('annotate', () => {
  test('each problem is an error annotation at its file, line and column', () => {
    expect(printed([problem(0)], [{ ...problem(1), message: 'careful' }])).toEqual([
      '::error title=Invalid ingress file,file=deploy/ingress.json,line=1,col=3::problem 0',
      '::warning title=Ingress file,file=deploy/ingress.json,line=2,col=3::careful'
    ])
  })

  test(`at most ${MAX_ANNOTATIONS} annotations, errors first, then one line counting the rest`, () => {
    const lines = printed(Array.from({ length: 40_000 }, (_, i) => problem(i)), [problem(-1)])
    const annotations = lines.filter(line => line.startsWith('::error') || line.startsWith('::warning'))
    expect(annotations).toHaveLength(MAX_ANNOTATIONS)
    expect(annotations[MAX_ANNOTATIONS - 1]).toMatch(/::problem 49$/)
    expect(lines.slice(MAX_ANNOTATIONS)).toEqual([
      '39951 more problem(s) in deploy/ingress.json not shown as annotations (39950 error(s), 1 warning(s)); the first 50 are above.'
    ])
  })

  test(`exactly ${MAX_ANNOTATIONS} problems: all shown, no extra line`, () => {
    expect(printed(Array.from({ length: MAX_ANNOTATIONS }, (_, i) => problem(i)))).toHaveLength(MAX_ANNOTATIONS)
  })
})
