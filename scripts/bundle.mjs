// `npm run bundle`: builds dist/ from src/, reproducibly (CI rebuilds and diffs it).
// 1. Generated sources: the schema validator, the list of declared inputs and the version (build-validator.mjs).
// 2. The action: ncc bundles src/index.ts and its dependencies into dist/index.js, an ES module (dist/package.json
//    says so), with source maps (stack traces of unexpected errors are mapped into src/ when reported).
// 3. The CLI: src/cli.ts into dist/cli/index.js, the `sae-ingress` bin, runnable with no node_modules.
// 4. pop-core and @alicloud/credentials, as shipped with their own dependencies, are bundled each on its own into
//    dist/node_modules/@alicloud/ and left external to both bundles. Node 24 warns (DEP0169) when code outside
//    node_modules calls url.parse(), which their transport does; inside node_modules it is a dependency's business.
import { execFileSync } from 'node:child_process'
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'dist')
// Built beside dist/ and swapped in at the end, so a failed build leaves the last good one in place.
const next = path.join(root, 'dist.next')
const vendored = ['@alicloud/pop-core', '@alicloud/credentials']
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })

run([path.join(root, 'scripts', 'build-validator.mjs')])
await rm(next, { recursive: true, force: true })
const external = vendored.flatMap(name => ['-e', name])
const bundle = (entry, out) => run([ncc, 'build', entry, '-o', path.relative(root, out), '-q', '-s', '--no-source-map-register', '--license', 'licenses.txt', ...external])
bundle('src/index.ts', next)
bundle('src/cli.ts', path.join(next, 'cli'))

for (const name of vendored) {
  const out = path.join(next, 'node_modules', ...name.split('/'))
  const manifest = JSON.parse(await readFile(path.join(root, 'node_modules', ...name.split('/'), 'package.json'), 'utf8'))
  run([ncc, 'build', path.join('node_modules', ...name.split('/'), manifest.main ?? 'index.js'), '-o', path.relative(root, out), '-q', '--license', 'licenses.txt'])
  await writeFile(
    path.join(out, 'package.json'),
    JSON.stringify({ name: manifest.name, version: manifest.version, license: manifest.license, main: 'index.js', type: 'commonjs' }, null, 2) + '\n'
  )
}
// The CLI runs as `sae-ingress` (npx, a global install): its bundle must start with the interpreter line.
const cli = path.join(next, 'cli', 'index.js')
const code = await readFile(cli, 'utf8')
if (!code.startsWith('#!')) await writeFile(cli, `#!/usr/bin/env node\n${code}`)
await chmod(cli, 0o755)

await rm(dist, { recursive: true, force: true })
await rename(next, dist)
