// Stack traces of unexpected errors, pointed into src/. The bundle's source maps (dist/*.js.map) are read only when
// such an error is reported: turning Node's source maps on for the whole run would cost every run tens of
// milliseconds, in loading and even more at exit.
import { readFileSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { fileURLToPath } from 'node:url'

/** `    at fn (file:///…/dist/101.index.js:2262:5)` or `    at /…/dist/x.js:1:2`: a frame, with its file, line, column. */
const FRAME = /^\s+at (?:.* \()?((?:file:\/\/)?[^\s()]+\.js):(\d+):(\d+)\)?$/
/** Frames are short; a longer line is a message, and is left alone without a look. */
const FRAME_MAX_CHARS = 1000

/** Where ncc's maps name a source: `.././src/deployment.ts` → `src/deployment.ts`. */
const sourceName = (source: string): string => source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(?:\.\.?\/)+/, '')

const readMap = (file: string): SourceMap | undefined => {
  try {
    const path = file.startsWith('file:') ? fileURLToPath(file) : file
    return new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as SourceMapPayload)
  } catch {
    return undefined
  }
}

/** `stack` with each frame in a file that has a source map replaced by its place in the original source. */
export function sourceMappedStack(stack: string, mapOf: (file: string) => SourceMap | undefined = readMap): string {
  const maps = new Map<string, SourceMap | undefined>()
  return stack
    .split('\n')
    .map(line => {
      const match = line.length <= FRAME_MAX_CHARS ? FRAME.exec(line) : null
      if (!match) return line
      const [, file, row, column] = match as unknown as [string, string, string, string]
      if (!maps.has(file)) maps.set(file, mapOf(file))
      const entry = maps.get(file)?.findEntry(Number(row) - 1, Number(column) - 1)
      // findEntry answers the nearest mapping before the position, which may belong to another line.
      if (!entry || !('originalSource' in entry) || !entry.originalSource || entry.generatedLine !== Number(row) - 1) return line
      const original = `${sourceName(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`
      return line.replace(`${file}:${row}:${column}`, original)
    })
    .join('\n')
}
