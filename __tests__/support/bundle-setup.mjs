// Jest globalSetup part: the end-to-end suites run dist/index.js, so it must be the bundle of the current src/.
// It is rebuilt (npm run bundle) when anything it is built from changed since the last build, and when dist/ itself
// changed since (a hand edit, a file deleted or added): a bundle nobody built from these sources is never tested. Each
// build leaves two stamps: the fingerprint of what it was built from, and that of the dist/ it left. A lock keeps
// parallel test runs from building over each other. A failed build does not stop the unit suites: it leaves a note that
// makes every end-to-end run fail with the build's error (see run-action.ts), rather than test a stale bundle.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'sae-ingress-bundle')
/** What dist/ is built from. */
export const INPUTS = ['src', 'schema', 'action.yml', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/bundle.mjs', 'scripts/build-validator.mjs']
/** What a build leaves. */
export const OUTPUT = 'dist'

/** Files under `entry` (a file or a directory, relative to `root`), sorted, as paths relative to `root`. */
function files(root, entry) {
  const full = path.join(root, entry)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return [entry]
  return readdirSync(full).sort().flatMap(name => files(root, path.join(entry, name)))
}

/** A hash of the names and contents of every file under `entries` (relative to `root`), but those `skip` names. */
export function treeHash(root, entries, skip = () => false) {
  const hash = createHash('sha256')
  for (const file of entries.flatMap(entry => files(root, entry))) {
    if (skip(file)) continue
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0')
  }
  return hash.digest('hex')
}

/** The fingerprint of what dist/ is built from. The generated sources are outputs of the build too. */
export const sourcesFingerprint = (root = ROOT) => treeHash(root, INPUTS, file => /\.generated\./.test(file))

/** The fingerprint of dist/ as it is now: every file, its name and its bytes. */
export const distFingerprint = (root = ROOT) => treeHash(root, [OUTPUT])

const stamps = cache => ({ sources: path.join(cache, 'stamp'), dist: path.join(cache, 'dist-stamp') })
const readStamp = file => (existsSync(file) ? readFileSync(file, 'utf8') : '')

/**
 * Why dist/ under `root` must be built again, or undefined when it is exactly what the last build (stamped in `cache`)
 * left, built from the sources as they are now.
 */
export function rebuildReason({ root = ROOT, cache = CACHE } = {}) {
  const stamp = stamps(cache)
  if (!existsSync(path.join(root, OUTPUT, 'index.js'))) return 'dist/index.js is missing'
  if (readStamp(stamp.sources) !== sourcesFingerprint(root)) return 'what dist/ is built from changed since the last build'
  if (readStamp(stamp.dist) !== distFingerprint(root)) return 'dist/ changed since the last build (edited, or files deleted or added)'
  return undefined
}

/** After a build from sources whose fingerprint was `sources`: stamps them and the dist/ the build left. */
export function recordBuild({ root = ROOT, cache = CACHE, sources }) {
  const stamp = stamps(cache)
  mkdirSync(cache, { recursive: true })
  writeFileSync(stamp.sources, sources)
  writeFileSync(stamp.dist, distFingerprint(root))
}

function withLock(work) {
  const lock = path.join(CACHE, 'lock')
  mkdirSync(CACHE, { recursive: true })
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock)
      break
    } catch {
      if (waited > 180_000) rmSync(lock, { recursive: true, force: true })
      execFileSync(process.execPath, ['-e', 'setTimeout(() => {}, 200)'])
    }
  }
  try {
    return work()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

export const BUILD_FAILED = path.join(CACHE, 'build-failed.txt')

export default function bundleSetup() {
  withLock(() => {
    const why = rebuildReason()
    if (!why) {
      // dist/ is the bundle of these very sources: a note left by a failed build of other sources no longer holds.
      rmSync(BUILD_FAILED, { force: true })
      return
    }
    // Taken before the build: sources edited while it runs make the next run build again.
    const sources = sourcesFingerprint()
    process.stderr.write(`\nBuilding dist/ from src/ for the end-to-end suites (npm run bundle): ${why}…\n`)
    rmSync(BUILD_FAILED, { force: true })
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (err) {
      const output = `${err.stdout ?? ''}${err.stderr ?? ''}`.split('\n').filter(line => !/^\s+at /.test(line)).slice(0, 40).join('\n')
      writeFileSync(BUILD_FAILED, `npm run bundle failed, so dist/index.js is not the bundle of src/:\n${output}`)
      process.stderr.write(`${readFileSync(BUILD_FAILED, 'utf8')}\n`)
      return
    }
    recordBuild({ sources })
  })
}
