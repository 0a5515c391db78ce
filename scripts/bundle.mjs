// `npm run bundle`: builds dist/ from src/, reproducibly (CI rebuilds and diffs it).
// 1. Generated sources: the schema validator and the list of declared inputs (build-validator.mjs).
// 2. The action: ncc bundles src/ and its dependencies into dist/index.js, an ES module (dist/package.json says so),
//    with a source map (the entry turns source maps on, so stack traces of unexpected errors point into src/).
// 3. pop-core, as shipped with its own dependencies, is bundled on its own into dist/node_modules/@alicloud/pop-core
//    and left external to the action's bundle. Node 24 warns (DEP0169) when code outside node_modules calls
//    url.parse(), which pop-core and its transport do; inside node_modules it is a dependency's business, which it is.
import { execFileSync } from 'node:child_process'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'dist')
// Built beside dist/ and swapped in at the end, so a failed build leaves the last good one in place.
const next = path.join(root, 'dist.next')
const popCoreOut = path.join(next, 'node_modules', '@alicloud', 'pop-core')
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })

run([path.join(root, 'scripts', 'build-validator.mjs')])
await rm(next, { recursive: true, force: true })
run([ncc, 'build', 'src/index.ts', '-o', path.relative(root, next), '-q', '-s', '--no-source-map-register', '--license', 'licenses.txt', '-e', '@alicloud/pop-core'])
run([ncc, 'build', 'node_modules/@alicloud/pop-core/index.js', '-o', path.relative(root, popCoreOut), '-q', '--license', 'licenses.txt'])

const popCore = JSON.parse(await readFile(path.join(root, 'node_modules', '@alicloud', 'pop-core', 'package.json'), 'utf8'))
await writeFile(
  path.join(popCoreOut, 'package.json'),
  JSON.stringify({ name: popCore.name, version: popCore.version, license: popCore.license, main: 'index.js', type: 'commonjs' }, null, 2) + '\n'
)

await rm(dist, { recursive: true, force: true })
await rename(next, dist)
