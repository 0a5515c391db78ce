// ncc -m minifies only the entry file; the chunks it emits for dynamic import() (the PR-comment and OIDC paths)
// ship unminified, which alone would push dist/ past its 1 MB budget. Minify them in place, deterministically.
import { readdir, readFile, writeFile } from 'node:fs/promises'
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
// The chunks are CommonJS with a .js name; the repository's package.json says "type": "module", so dist/ says otherwise.
await writeFile(path.join(dist, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n')
