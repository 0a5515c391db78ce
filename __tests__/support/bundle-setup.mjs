// Jest globalSetup part: the end-to-end suites run dist/index.js, so it must be the bundle of the current src/.
// It is rebuilt (npm run bundle) when anything it is built from changed since the last build; a lock keeps parallel
// test runs from building over each other. A failed build does not stop the unit suites: it leaves a note that
// makes every end-to-end run fail with the build's error (see run-action.ts), rather than test a stale bundle.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = path.join(root, 'node_modules', '.cache', 'sae-ingress-bundle')
const INPUTS = ['src', 'schema', 'action.yml', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/bundle.mjs', 'scripts/build-validator.mjs']

function files(entry) {
  const full = path.join(root, entry)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return [entry]
  return readdirSync(full).sort().flatMap(name => files(path.join(entry, name)))
}

function fingerprint() {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap(files)) {
    // The generated sources are outputs of the build too.
    if (/\.generated\./.test(file)) continue
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0')
  }
  return hash.digest('hex')
}

function withLock(work) {
  const lock = path.join(cache, 'lock')
  mkdirSync(cache, { recursive: true })
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

export const BUILD_FAILED = path.join(cache, 'build-failed.txt')

export default function bundleSetup() {
  withLock(() => {
    const stamp = path.join(cache, 'stamp')
    const wanted = fingerprint()
    const built = existsSync(stamp) ? readFileSync(stamp, 'utf8') : ''
    if (built === wanted && existsSync(path.join(root, 'dist', 'index.js'))) return
    process.stderr.write('\nBuilding dist/ from src/ for the end-to-end suites (npm run bundle)…\n')
    rmSync(BUILD_FAILED, { force: true })
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (err) {
      const output = `${err.stdout ?? ''}${err.stderr ?? ''}`.split('\n').filter(line => !/^\s+at /.test(line)).slice(0, 40).join('\n')
      writeFileSync(BUILD_FAILED, `npm run bundle failed, so dist/index.js is not the bundle of src/:\n${output}`)
      process.stderr.write(`${readFileSync(BUILD_FAILED, 'utf8')}\n`)
      return
    }
    writeFileSync(stamp, fingerprint())
  })
}
