// The action's entry: it only calls run(). Stack traces of unexpected errors are pointed into src/ when they are
// reported (src/stack-trace.ts), not by Node's source maps, which would cost every run at start and at exit.
import { run } from './action/main.js'

await run()
