// Preload for `npm run bench`: records every file the process loads, to see which dist/ chunks the
// apply path really needs.   node --import ./scripts/bench-loaded.mjs dist/index.js
// with BENCH_LOADED_FILE=<path>: one file: URL a line, ES modules (through a load hook, dynamic
// import() included) and CommonJS modules (require.cache at exit).
import { appendFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import { isMainThread } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'

let out = process.env.BENCH_LOADED_FILE

/** Hook: runs on the loader thread. */
export function initialize(data) {
  out = data.file
}

/** Hook: every module that is loaded, entry point and lazy chunks included. */
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(out, `${url}\n`)
  return nextLoad(url, context)
}

if (isMainThread && out) {
  register(import.meta.url, { data: { file: out } })
  const require = createRequire(import.meta.url)
  process.on('exit', () => {
    const cjs = Object.keys(require.cache).map(file => pathToFileURL(file).href)
    if (cjs.length) appendFileSync(out, `${cjs.join('\n')}\n`)
  })
}
