// The sleep probe records stack frames as the bundle has them (dist/101.index.js:1729:12); this maps them to src/
// through dist's source maps, in the bench's own process, so the child never pays for parsing a map.
import { readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'

const FRAME = /^at (async )?(?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/

/** A mapper from `at fn (file:line:col)` to the same frame in the original source, when a map says where. */
export function createFrameMapper() {
  /** @type {Map<string, SourceMap | undefined>} */
  const maps = new Map()
  const mapOf = (/** @type {string} */ file) => {
    if (!maps.has(file)) {
      let map
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file.startsWith('file:') ? fileURLToPath(file) : file}.map`, 'utf8')))
      } catch {
        map = undefined
      }
      maps.set(file, map)
    }
    return maps.get(file)
  }
  return (/** @type {string} */ line) => {
    const match = FRAME.exec(line.trim())
    if (!match || !/[\\/]dist[\\/][^\\/]+\.js$/.test(match[3] ?? '')) return line
    const [, isAsync = '', fn, file, row, column] = /** @type {string[]} */ (match)
    const entry = mapOf(file)?.findEntry(Number(row) - 1, Number(column) - 1)
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return line
    const source = entry.originalSource.replace(/^webpack:\/\/[^/]*\//, '')
    const where = `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`
    const name = fn ?? entry.name
    return `at ${isAsync}${name ? `${name} (${where})` : where}`
  }
}

/** The probe's records with every frame mapped (see createFrameMapper). */
export function mapProbeStacks(/** @type {import('./analysis.mjs').ProbeRecord[]} */ records, mapFrame = createFrameMapper()) {
  return records.map(record => ({ ...record, stack: record.stack.map(mapFrame) }))
}
