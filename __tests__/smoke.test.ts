import { run } from '../src/main.js'
test('runs', async () => { await run() })
