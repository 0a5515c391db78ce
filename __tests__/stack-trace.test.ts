// Unexpected errors are reported with frames in src/ (src/stack-trace.ts), read from the bundle's maps on demand.
import { SourceMap } from 'node:module'
import { sourceMappedStack } from '../src/engine/stack-trace.js'

// Line 1, column 0 of the bundle is line 1, column 0 of src/deployment.ts; line 2, column 4 is line 10, column 2.
const map = new SourceMap({ version: 3, file: '101.index.js', sources: ['.././src/deployment.ts'], names: [], mappings: 'AAAA;IASE', sourceRoot: '', sourcesContent: [] })
const maps = (file: string) => (file.endsWith('/dist/101.index.js') ? map : undefined)

test('frames in a mapped bundle point into src/; the rest is left as it was', () => {
  const stack = [
    'Error: ENOTDIR: not a directory',
    '    at savePreviousConfig (file:///work/dist/101.index.js:2:5)',
    '    at file:///work/dist/101.index.js:1:1',
    '    at async Promise.all (index 0)',
    '    at writeFileSync (node:fs:2461:20)',
    '    at other (file:///work/dist/413.index.js:7:1)'
  ].join('\n')
  expect(sourceMappedStack(stack, maps).split('\n')).toEqual([
    'Error: ENOTDIR: not a directory',
    '    at savePreviousConfig (src/deployment.ts:10:3)',
    '    at src/deployment.ts:1:1',
    '    at async Promise.all (index 0)',
    '    at writeFileSync (node:fs:2461:20)',
    '    at other (file:///work/dist/413.index.js:7:1)'
  ])
})

test('a bundle without a map on disk is left as it was', () => {
  const stack = 'Error: x\n    at f (file:///nowhere/dist/1.index.js:1:1)'
  expect(sourceMappedStack(stack)).toBe(stack)
})

test('only frames are read: a long message line is left alone at once, and an unmapped line is not mapped elsewhere', () => {
  const long = `Error: ${'x'.repeat(100_000)}.js:1:1`
  expect(sourceMappedStack(long, maps)).toBe(long)
  const unmapped = 'Error: x\n    at far (file:///work/dist/101.index.js:99999:1)'
  expect(sourceMappedStack(unmapped, maps)).toBe(unmapped)
})
