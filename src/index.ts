// The action's entry: it only calls run(). Source maps go on first, so stack traces of unexpected errors point into
// src/: Node applies them only to code loaded afterwards, hence the rest of the bundle is a chunk loaded here.
process.setSourceMapsEnabled(true)
const { run } = await import('./main.js')
await run()
