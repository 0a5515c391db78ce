// After ncc: (1) ncc -m minifies only the entry file; the chunks it emits for dynamic import() (the PR-comment and
// OIDC paths) ship unminified, which alone would push dist/ past its 1 MB budget, so minify them, deterministically.
// (2) The bundle is CommonJS (node starts it ~4 ms faster than an ES module) but ncc names a CommonJS entry
// index.cjs; action.yml runs dist/index.js, so rename it and mark dist/ as CommonJS for it and its .js chunks.
import { readdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { minify } from 'terser'

const dist = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', 'dist')
for (const name of (await readdir(dist)).filter(file => /^\d+\.index\.cjs\.js$/.test(file)).sort()) {
  const file = path.join(dist, name)
  const source = await readFile(file, 'utf8')
  const { code } = await minify(source, { module: true, compress: { passes: 1 }, mangle: true, format: { comments: false } })
  if (code === undefined) throw new Error(`terser produced nothing for ${name}`)
  await writeFile(file, code + '\n')
  console.log(`minified ${name}: ${source.length} → ${code.length} bytes`)
}
await rename(path.join(dist, 'index.cjs'), path.join(dist, 'index.js'))
await writeFile(path.join(dist, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n')
