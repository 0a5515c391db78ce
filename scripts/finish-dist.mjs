// After ncc: (1) Minify, deterministically: the entry, because ncc -m keeps every function and class name and skips
// compression (12 KB more to compile on every run), and the chunks ncc emits for dynamic import() (the PR-comment,
// OIDC and problem-report paths), which ncc -m leaves unminified (they alone would break the 1 MB budget).
// (2) The bundle is CommonJS (node starts it ~4 ms faster than an ES module) but ncc names a CommonJS entry
// index.cjs; action.yml runs dist/index.js, so rename it and mark dist/ as CommonJS for it and its .js chunks.
// (3) pop-core's ROA client require()s node's `assert` only to check its own config. That module loads its
// AssertionError and colour support, which open process.stderr: ~1 ms of every run. ncc treats builtins as
// externals, so tsconfig `paths` can't map it like the other stubs; the one require() of it is swapped here.
// (4) src/stubs/httpx.cjs is adapted from httpx, which declares MIT in its package.json but ships no licence file,
// so ncc's licenses.txt can't name it: its notice is appended here.
import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { minify } from 'terser'

const dist = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', 'dist')
for (const name of (await readdir(dist)).filter(file => file === 'index.cjs' || /^\d+\.index\.cjs\.js$/.test(file)).sort()) {
  const file = path.join(dist, name)
  const source = await readFile(file, 'utf8')
  // The entry is a script (an IIFE); the chunks are modules of one.
  const { code } = await minify(source, { module: name !== 'index.cjs', compress: { passes: 1 }, mangle: true, format: { comments: false } })
  if (code === undefined) throw new Error(`terser produced nothing for ${name}`)
  await writeFile(file, code + '\n')
  console.log(`minified ${name}: ${source.length} → ${code.length} bytes`)
}
const ASSERT_REQUIRE = 'require("assert")'
const ASSERT_STUB =
  '(function assert(value, message) { if (!value) { const err = new Error(message); err.name = "AssertionError"; err.code = "ERR_ASSERTION"; throw err } })'
const entry = await readFile(path.join(dist, 'index.cjs'), 'utf8')
const asserts = entry.split(ASSERT_REQUIRE).length - 1
// Another user of assert on the apply path would need the real module: stop rather than guess.
if (asserts !== 1) throw new Error(`expected one ${ASSERT_REQUIRE} in the entry bundle (pop-core's), found ${asserts}`)
await writeFile(path.join(dist, 'index.js'), entry.replace(ASSERT_REQUIRE, ASSERT_STUB))
await rm(path.join(dist, 'index.cjs'))
await writeFile(path.join(dist, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n')

const HTTPX_NOTICE = `
httpx (adapted as src/stubs/httpx.cjs)
MIT
Copyright (c) Jackson Tian

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`
await appendFile(path.join(dist, 'licenses.txt'), HTTPX_NOTICE)
