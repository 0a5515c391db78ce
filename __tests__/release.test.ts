// The release logic of .github/workflows/release.yml (scripts/release-notes.mjs), run locally: which tags release,
// what the notes say, when the major tag moves, and what is refused before anything is published.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { notesFor, npmDistTag, outputLines, parseVersionTag, planRelease, ReleaseRefused, shouldMoveMajorTag } from '../scripts/release-notes.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SCRIPT = path.join(ROOT, 'scripts', 'release-notes.mjs')
const CHANGELOG = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')
const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version

const refusal = (run: () => unknown): string => {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(ReleaseRefused)
    return (err as Error).message
  }
  throw new Error('expected a refusal')
}

const SAMPLE = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '- Not released yet.',
  '',
  '## [1.10.0] - 2027-03-01',
  '',
  '### Added',
  '- Ten.',
  '',
  '## [1.1.0] - 2027-02-01',
  '',
  '### Fixed',
  '- One.',
  '',
  '## [1.0.0] - 2026-12-03',
  '',
  'First release.',
  '',
  '[Unreleased]: https://github.com/o/r/compare/v1.10.0...HEAD',
  '[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0',
  ''
].join('\n')

describe('a tag names a version', () => {
  test.each([
    ['v1.0.0', { version: '1.0.0', majorTag: 'v1', prerelease: false }],
    ['v1.2.3', { version: '1.2.3', majorTag: 'v1', prerelease: false }],
    ['v12.0.4', { version: '12.0.4', majorTag: 'v12', prerelease: false }],
    ['v2.0.0-rc.1', { version: '2.0.0-rc.1', majorTag: 'v2', prerelease: true }]
  ])('%s', (tag, expected) => {
    expect(parseVersionTag(tag)).toMatchObject(expected)
  })

  test.each(['1.0.0', 'v1', 'v1.0', 'v01.0.0', 'v1.0.0+build.5', 'release-1.0.0', 'v1.0.0\n::warning::x', ' v1.0.0'])(
    'refuses %j',
    tag => {
      expect(refusal(() => parseVersionTag(tag))).toMatch(/is not a release tag: expected v<major>\.<minor>\.<patch>/)
    }
  )
})

describe('the notes are the CHANGELOG section of that version', () => {
  test('the section between its heading and the next, without link references', () => {
    expect(notesFor(SAMPLE, '1.0.0')).toBe('First release.')
    expect(notesFor(SAMPLE, '1.1.0')).toBe('### Fixed\n- One.')
  })

  test('a version is matched exactly, not as a pattern or a prefix', () => {
    expect(notesFor(SAMPLE, '1.10.0')).toBe('### Added\n- Ten.')
    expect(refusal(() => notesFor(SAMPLE, '1.1'))).toMatch(/no entry for 1\.1/)
    expect(refusal(() => notesFor(SAMPLE.replace('[1.1.0]', '[1x1x0]'), '1.1.0'))).toMatch(/no entry for 1\.1\.0/)
  })

  test('Windows line endings read the same', () => {
    expect(notesFor(SAMPLE.replace(/\n/g, '\r\n'), '1.1.0')).toBe('### Fixed\n- One.')
  })

  test('a missing or empty entry is refused, saying what to add', () => {
    expect(refusal(() => notesFor(SAMPLE, '9.9.9'))).toBe(
      'CHANGELOG.md has no entry for 9.9.9: add a "## [9.9.9] - YYYY-MM-DD" section (move the Unreleased notes there) and tag again.'
    )
    expect(refusal(() => notesFor('## [2.0.0] - 2027-01-01\n\n## [1.0.0] - 2026-12-03\nx', '2.0.0'))).toMatch(/entry for 2\.0\.0 is empty/)
  })
})

describe('the major tag moves to the newest release of its major only', () => {
  test.each([
    ['the first release', 'v1.0.0', [], true],
    ['a newer minor', 'v1.1.0', ['v1.0.0', 'v1'], true],
    ['a newer patch', 'v1.1.1', ['v1.0.0', 'v1.1.0', 'v1'], true],
    ['a patch to an older line', 'v1.0.1', ['v1.0.0', 'v1.1.0', 'v1'], false],
    ['a re-run for a tag that already exists', 'v1.1.0', ['v1.0.0', 'v1.1.0'], true],
    ['a pre-release', 'v1.2.0-rc.1', ['v1.1.0'], false],
    ['a release after a later pre-release', 'v1.1.0', ['v1.0.0', 'v1.2.0-rc.1'], true],
    ['a new major, whatever the older majors hold', 'v2.0.0', ['v1.9.0', 'v1'], true],
    ['an older major, whatever the newer majors hold', 'v1.9.1', ['v1.9.0', 'v2.0.0', 'v2'], true],
    ['tags that are not versions are ignored', 'v1.0.0', ['latest', 'v1', 'nightly-2026'], true]
  ])('%s', (_case, tag, existing, expected) => {
    expect(shouldMoveMajorTag(tag, existing)).toBe(expected)
  })
})

// `latest` is what `npx sae-ingress` runs: it must never go back to an older release.
describe('the CLI goes to npm as latest only when it is the newest release of all', () => {
  test.each([
    ['the first release', 'v1.0.0', [], 'latest'],
    ['a newer minor', 'v1.1.0', ['v1.0.0', 'v1'], 'latest'],
    ['a re-run for a tag that already exists', 'v1.1.0', ['v1.0.0', 'v1.1.0'], 'latest'],
    ['a new major', 'v2.0.0', ['v1.9.0', 'v1'], 'latest'],
    ['a release after a later pre-release', 'v1.1.0', ['v1.0.0', 'v1.2.0-rc.1'], 'latest'],
    ['a pre-release (npm refuses one without a tag)', 'v2.0.0-rc.1', ['v1.9.0'], 'next'],
    ['a pre-release, even of the newest version', 'v1.0.0-rc.1', [], 'next'],
    ['a patch to an older line', 'v1.0.1', ['v1.0.0', 'v1.1.0', 'v1'], 'maintenance'],
    // The major tag v1 moves here (the newest v1), but latest stays on v2.
    ['an older major', 'v1.9.1', ['v1.9.0', 'v2.0.0', 'v2'], 'maintenance'],
    ['tags that are not versions are ignored', 'v1.0.0', ['latest', 'v1', 'nightly-2026', 'v9'], 'latest']
  ])('%s', (_case, tag, existing, expected) => {
    expect(npmDistTag(tag, existing)).toBe(expected)
  })
})

describe('a release plan', () => {
  test('carries the version, major tag, notes and outputs', () => {
    const plan = planRelease({ tag: 'v1.1.0', changelog: SAMPLE, packageVersion: '1.1.0', existingTags: ['v1.0.0'] })
    expect(plan).toEqual({
      tag: 'v1.1.0',
      version: '1.1.0',
      majorTag: 'v1',
      prerelease: false,
      moveMajorTag: true,
      npmDistTag: 'latest',
      notes: '### Fixed\n- One.'
    })
    expect(outputLines(plan)).toEqual(['version=1.1.0', 'major-tag=v1', 'prerelease=false', 'move-major-tag=true', 'npm-dist-tag=latest'])
  })

  test("is refused when the tag is not package.json's version", () => {
    expect(refusal(() => planRelease({ tag: 'v1.1.0', changelog: SAMPLE, packageVersion: '1.0.0' }))).toBe(
      'Tag v1.1.0 does not match package.json\'s version 1.0.0: set "version": "1.1.0" in package.json, run npm run bundle, commit, and tag that commit.'
    )
  })

  test('is refused when the CHANGELOG has no entry, even if package.json matches', () => {
    expect(refusal(() => planRelease({ tag: 'v1.2.0', changelog: SAMPLE, packageVersion: '1.2.0' }))).toMatch(/no entry for 1\.2\.0/)
  })
})

describe('this repository is ready to release', () => {
  test("package.json's version has a CHANGELOG entry, and an Unreleased heading waits for the next", () => {
    const plan = planRelease({ tag: `v${PACKAGE_VERSION}`, changelog: CHANGELOG, packageVersion: PACKAGE_VERSION })
    expect(plan.notes.length).toBeGreaterThan(100)
    expect(plan.notes).not.toMatch(/^## /m)
    expect(CHANGELOG).toMatch(/^## \[Unreleased\]$/m)
  })

  test('the 1.0.0 entry is dated 2026-12-03', () => {
    expect(CHANGELOG).toMatch(/^## \[1\.0\.0\] - 2026-12-03$/m)
  })
})

describe('the script, run as the release workflow runs it', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'release-notes-'))

  test('prints the outputs and writes the notes file', () => {
    const notesFile = path.join(temp, 'notes.md')
    const tagsFile = path.join(temp, 'tags.txt')
    writeFileSync(tagsFile, `v0.9.0\nv${PACKAGE_VERSION}\n`)
    const stdout = execFileSync(process.execPath, [SCRIPT, `v${PACKAGE_VERSION}`, '--notes-file', notesFile, '--tags', tagsFile], {
      encoding: 'utf8'
    })
    expect(stdout.trim().split('\n')).toEqual([
      `version=${PACKAGE_VERSION}`,
      `major-tag=v${PACKAGE_VERSION.split('.')[0]}`,
      'prerelease=false',
      'move-major-tag=true',
      'npm-dist-tag=latest'
    ])
    expect(readFileSync(notesFile, 'utf8')).toBe(`${notesFor(CHANGELOG, PACKAGE_VERSION)}\n`)
  })

  test('refuses with one error annotation on stderr, nothing on stdout, and exit code 1', () => {
    const run = spawnSync(process.execPath, [SCRIPT, 'v0.0.1'], { encoding: 'utf8' })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(
      `::error title=Release refused::Tag v0.0.1 does not match package.json's version ${PACKAGE_VERSION}: set "version": "0.0.1" in package.json, run npm run bundle, commit, and tag that commit.\n`
    )
  })
})
