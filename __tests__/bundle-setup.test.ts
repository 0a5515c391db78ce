// The jest global setup's decision to rebuild dist/ (support/bundle-setup.mjs), on a made-up repository in a
// temporary directory: nothing here builds or touches the real dist/.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

interface Where {
  root: string
  cache: string
}

interface BundleSetup {
  rebuildReason(where: Where): string | undefined
  recordBuild(where: Where & { sources: string }): void
  sourcesFingerprint(root: string): string
  distFingerprint(root: string): string
}

// Through a specifier TypeScript does not resolve: the module is plain JavaScript for jest's globalSetup.
const MODULE = './support/bundle-setup.mjs'
let setup: BundleSetup
beforeAll(async () => {
  setup = (await import(MODULE)) as BundleSetup
})

let where: Where
const file = (relative: string, text: string) => {
  const full = path.join(where.root, relative)
  mkdirSync(path.dirname(full), { recursive: true })
  writeFileSync(full, text)
}

const BUNDLE = {
  'dist/index.js': 'import "./413.index.js"\n',
  'dist/413.index.js': 'export const chunk = 1\n',
  'dist/package.json': '{"type":"module"}\n',
  'dist/node_modules/@alicloud/pop-core/index.js': 'module.exports = {}\n'
}

/** A repository whose dist/ was just built from its sources, stamped as the setup stamps a build. */
function built(): void {
  file('src/index.ts', 'export const main = 1\n')
  file('src/engine/version.generated.ts', "export const VERSION = '1'\n")
  file('schema/ingress.schema.json', '{}\n')
  file('action.yml', 'name: x\n')
  file('package.json', '{}\n')
  for (const [name, text] of Object.entries(BUNDLE)) file(name, text)
  setup.recordBuild({ ...where, sources: setup.sourcesFingerprint(where.root) })
}

beforeEach(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-setup-'))
  where = { root: path.join(dir, 'repo'), cache: path.join(dir, 'cache') }
})
afterEach(() => rmSync(path.dirname(where.root), { recursive: true, force: true }))

test('a dist/ as its build left it, from the sources as they are, is not rebuilt', () => {
  built()
  expect(setup.rebuildReason(where)).toBeUndefined()
})

test('a changed source rebuilds; a generated one (an output of the build) does not', () => {
  built()
  file('src/engine/version.generated.ts', "export const VERSION = '2'\n")
  expect(setup.rebuildReason(where)).toBeUndefined()
  file('src/index.ts', 'export const main = 2\n')
  expect(setup.rebuildReason(where)).toMatch(/built from changed/)
})

describe('a dist/ that is not what the last build left is rebuilt', () => {
  test.each<[string, () => void]>([
    ['dist/index.js edited by hand', () => file('dist/index.js', 'console.log("patched")\n')],
    ['a chunk deleted', () => unlinkSync(path.join(where.root, 'dist/413.index.js'))],
    ['a file deep in dist/node_modules deleted', () => unlinkSync(path.join(where.root, 'dist/node_modules/@alicloud/pop-core/index.js'))],
    ['a file added', () => file('dist/stray.js', '\n')],
    ['a file renamed, its bytes kept', () => (unlinkSync(path.join(where.root, 'dist/413.index.js')), file('dist/414.index.js', BUNDLE['dist/413.index.js']))]
  ])('%s', (_name, change) => {
    built()
    change()
    expect(setup.rebuildReason(where)).toMatch(/dist\/ changed since the last build/)
  })

  test('dist/index.js deleted', () => {
    built()
    unlinkSync(path.join(where.root, 'dist/index.js'))
    expect(setup.rebuildReason(where)).toBe('dist/index.js is missing')
  })

  test('an edit undone leaves it as built: the fingerprint is of contents, not of times', () => {
    built()
    file('dist/index.js', 'console.log("patched")\n')
    file('dist/index.js', BUNDLE['dist/index.js'])
    expect(setup.rebuildReason(where)).toBeUndefined()
  })
})

test('a cache stamped before dist/ was fingerprinted (no dist stamp) rebuilds once', () => {
  built()
  unlinkSync(path.join(where.cache, 'dist-stamp'))
  expect(setup.rebuildReason(where)).toMatch(/dist\/ changed since the last build/)
})

test('no stamp at all (a fresh checkout) builds', () => {
  built()
  rmSync(where.cache, { recursive: true })
  expect(setup.rebuildReason(where)).toMatch(/built from changed/)
})
