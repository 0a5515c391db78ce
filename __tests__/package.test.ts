// The npm package `sae-ingress` (the CLI, `npx sae-ingress …`), as `npm pack` builds it from the committed dist/: what
// package.json promises (a bin, no dependencies to download: the bundle carries them), what the tarball holds (the
// CLI's bundle and the two vendored packages, nothing of the action, the sources or the tests), and the tarball
// unpacked far from any node_modules running as a user runs it: --version, --help, and both vendored packages loaded.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { closedPort } from './support/ports.js'
import { ROOT } from './support/run-action.js'

interface Manifest {
  name: string
  version: string
  private?: boolean
  type?: string
  bin?: Record<string, string>
  files?: string[]
  engines?: Record<string, string>
  repository?: { type: string; url: string }
  keywords?: string[]
  scripts?: Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}
interface PackedFile {
  path: string
  mode: number
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest
const BIN = 'dist/cli/index.js'

/** npm itself, offline, with none of the caller's npm_config_* settings (an npx or npm run parent sets some). */
function npm(args: string[], cwd: string, cache: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_OPTIONS'))
  return execFileSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--cache', cache], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: process.platform === 'win32'
  })
}

/** Files under `dir` (relative to ROOT), as the package paths npm lists. */
function filesUnder(dir: string): string[] {
  const full = path.join(ROOT, dir)
  return readdirSync(full).flatMap(name => (statSync(path.join(full, name)).isDirectory() ? filesUnder(`${dir}/${name}`) : [`${dir}/${name}`]))
}

const temp = mkdtempSync(path.join(tmpdir(), 'sae-ingress-pack-'))
const cache = path.join(temp, 'npm-cache')
afterAll(() => rmSync(temp, { recursive: true, force: true }))

describe('package.json', () => {
  test('publishes the CLI as `sae-ingress`, its bin the bundle in dist/cli', () => {
    expect(manifest.name).toBe('sae-ingress')
    expect(manifest.private).toBeUndefined()
    expect(manifest.bin).toEqual({ 'sae-ingress': BIN })
    expect(manifest.type).toBe('module')
    expect(manifest.engines).toEqual({ node: '>=20' })
    expect(manifest.keywords).toEqual(expect.arrayContaining(['alibaba-cloud', 'sae', 'ingress', 'cli']))
  })

  test('names the repository the provenance statement will name (npm refuses a publish where they differ)', () => {
    // The owner/name the README, the examples and the bundle's $schema URL use for this repository.
    expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/sae-ingress/sae-ingress-action.git' })
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('uses: sae-ingress/sae-ingress-action@v1')
  })

  test('has no dependencies to install: everything the bundles use is in them or in dist/node_modules', () => {
    expect(manifest.dependencies ?? {}).toEqual({})
    expect(manifest.optionalDependencies ?? {}).toEqual({})
    expect(manifest.peerDependencies ?? {}).toEqual({})
    // Still installed by `npm ci` (CI, the release workflow, contributors): the build and the tests need them.
    expect(Object.keys(manifest.devDependencies ?? {})).toEqual(
      expect.arrayContaining(['@actions/core', '@actions/github', '@alicloud/credentials', '@alicloud/pop-core', 'ajv', 'commander', 'https-proxy-agent'])
    )
  })

  test('runs nothing at pack, publish or install time: the tarball is the committed dist/, never a fresh build', () => {
    const lifecycle = ['prepare', 'prepack', 'postpack', 'prepublish', 'prepublishOnly', 'publish', 'postpublish', 'preinstall', 'install', 'postinstall']
    expect(Object.keys(manifest.scripts ?? {}).filter(name => lifecycle.includes(name))).toEqual([])
  })
})

describe('npm pack --dry-run', () => {
  let files: PackedFile[] = []
  beforeAll(() => {
    const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json'], ROOT, cache)) as Array<{ name: string; version: string; files: PackedFile[] }>
    expect(packed).toMatchObject({ name: manifest.name, version: manifest.version })
    files = packed!.files
  })
  const paths = () => files.map(file => file.path).sort()

  test('holds exactly the CLI bundle, the vendored packages, package.json, README.md and LICENSE', () => {
    const expected = ['LICENSE', 'README.md', 'package.json', ...filesUnder('dist/cli'), ...filesUnder('dist/node_modules')].sort()
    expect(paths()).toEqual(expected)
    // What dist/cli/index.js loads at run time, by name: its chunk, and the two packages it leaves external.
    expect(paths()).toEqual(
      expect.arrayContaining([
        'dist/cli/package.json',
        'dist/node_modules/@alicloud/pop-core/index.js',
        'dist/node_modules/@alicloud/pop-core/package.json',
        'dist/node_modules/@alicloud/credentials/index.js',
        'dist/node_modules/@alicloud/credentials/package.json'
      ])
    )
    // The chunks it imports when needed (`__nccwpck_require__.e(/* import() */ 50)` loads dist/cli/50.index.js).
    const chunks = [...readFileSync(path.join(ROOT, BIN), 'utf8').matchAll(/\.e\(\/\* import\(\) \*\/ (\d+)\)/g)].map(match => `dist/cli/${match[1]}.index.js`)
    for (const chunk of chunks) expect(paths()).toContain(chunk)
  })

  test('leaves out the action, the sources, the tests, the emulator and the scripts', () => {
    expect(paths().filter(file => /^(src|__tests__|emulator|scripts|examples|schema|docs|bench|types|\.github|\.ci)\//.test(file))).toEqual([])
    expect(paths().filter(file => /^dist\/[^/]+$/.test(file))).toEqual([])
    expect(paths()).not.toContain('action.yml')
  })

  test('the bin is executable and starts with the interpreter line', () => {
    const bin = files.find(file => file.path === BIN)
    expect(bin).toBeDefined()
    expect(bin!.mode & 0o111).toBe(0o111)
    expect(readFileSync(path.join(ROOT, BIN), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
  })
})

describe('the packed tarball, unpacked with no node_modules around it', () => {
  let unpacked = ''
  let tarball = ''
  /** A clean environment: no NODE_PATH or NODE_OPTIONS, no credentials, HOME in the temporary directory. */
  const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: temp, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...extra })
  const cli = (args: string[], extra?: Record<string, string>): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [path.join(unpacked, BIN), ...args], { cwd: temp, env: env(extra), encoding: 'utf8', timeout: 30_000 })

  beforeAll(() => {
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', temp], ROOT, cache)) as Array<{ filename: string }>
    tarball = path.join(temp, packed!.filename)
    execFileSync('tar', ['xzf', tarball], { cwd: temp })
    unpacked = path.join(temp, 'package')
    writeFileSync(path.join(temp, 'ingress.json'), readFileSync(path.join(ROOT, 'examples', 'ingress.json')))
  })

  test('nothing above the unpacked copy could lend it a node_modules', () => {
    for (let dir = unpacked; ; dir = path.dirname(dir)) {
      expect(existsSync(path.join(dir, 'node_modules'))).toBe(false)
      if (path.dirname(dir) === dir) break
    }
  })

  test('--version prints the version of package.json', () => {
    const run = cli(['--version'])
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: `${manifest.version}\n`, stderr: '' })
  })

  test('--help lists the commands', () => {
    const run = cli(['--help'])
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^Usage: sae-ingress /)
    for (const command of ['validate', 'plan', 'apply', 'export']) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
  })

  test('validate works offline on a file', () => {
    const run = cli(['validate', 'ingress.json'])
    expect(run.status).toBe(0)
  })

  test('loads the vendored @alicloud/credentials: the credential chain runs and says what it found', () => {
    const run = cli(['plan', 'ingress.json', '--endpoint', 'http://127.0.0.1:9', '--timeout', '5'])
    expect(run.status).toBe(1)
    expect(run.stderr).not.toMatch(/Cannot find|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND/)
    expect(run.stderr).toMatch(/^error: No credentials found\./)
    expect(run.stderr).toMatch(/unable to get credentials from any of the providers in the chain/)
  })

  test('loads the vendored @alicloud/pop-core: the request is made, and refused', async () => {
    const port = await closedPort()
    const run = cli(['plan', 'ingress.json', '--endpoint', `http://127.0.0.1:${port}`, '--timeout', '2'], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'testPackAccessKeyId',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'pack-test-secret-not-real'
    })
    expect(run.status).toBe(1)
    expect(run.stderr).not.toMatch(/Cannot find|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND/)
    expect(run.stderr).toMatch(/^error: DescribeIngress failed: NetworkError: .*ECONNREFUSED/)
  })

  // What `npx sae-ingress` and `npm install --global sae-ingress` do: install the tarball (no dependencies, so nothing
  // to download) and link the bin.
  ;(process.platform === 'win32' ? test.skip : test)('installed globally, `sae-ingress` is on PATH and runs', () => {
    const prefix = path.join(temp, 'global')
    npm(['install', '--global', '--prefix', prefix, tarball], temp, cache)
    const run = spawnSync('sae-ingress', ['--version'], {
      cwd: temp,
      env: env({ PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` }),
      encoding: 'utf8'
    })
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: `${manifest.version}\n` })
    expect(readdirSync(path.join(prefix, 'lib', 'node_modules', 'sae-ingress'))).not.toContain('node_modules')
  })
})
