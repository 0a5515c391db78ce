// The release logic of .github/workflows/release.yml, as functions the tests run locally (__tests__/release.test.ts):
// a tag `vX.Y.Z` becomes a release of version X.Y.Z whose notes are that version's CHANGELOG.md section, the major
// tag (`vX`) moves to it, and the CLI goes to npm under a dist-tag (`latest` only for the newest release). A tag is
// refused — before anything is published — when its version is not package.json's or has no CHANGELOG entry, because
// then the release would ship a bundle and notes that describe something else.
//
//   node scripts/release-notes.mjs <tag> [--notes-file <path>] [--tags <file with `git tag --list` output>]
//
// prints `version=…`, `major-tag=…`, `prerelease=…`, `move-major-tag=…` and `npm-dist-tag=…` lines (for
// $GITHUB_OUTPUT) and writes the notes to --notes-file; on a refusal it prints one `::error::` line to stderr (stdout
// may be $GITHUB_OUTPUT) and exits 1.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

/** A tag or CHANGELOG that cannot be released; the message says what to fix. */
export class ReleaseRefused extends Error {
  constructor(message) {
    super(message)
    this.name = 'ReleaseRefused'
  }
}

// Semantic versioning's core and pre-release parts; build metadata (`+…`) is not allowed in a tag here because
// GitHub release URLs and the major tag would silently drop it.
const VERSION_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/

/**
 * `v1.2.3` → its version, major tag and whether it is a pre-release (`v1.2.3-rc.1`).
 * @param {string} tag
 * @returns {{ version: string, major: number, minor: number, patch: number, majorTag: string, prerelease: boolean }}
 */
export function parseVersionTag(tag) {
  const match = VERSION_TAG.exec(tag)
  if (!match) {
    throw new ReleaseRefused(`"${tag}" is not a release tag: expected v<major>.<minor>.<patch>, e.g. v1.2.3 (or v1.2.3-rc.1).`)
  }
  const [, major, minor, patch, pre] = match
  return {
    version: tag.slice(1),
    major: Number(major),
    minor: Number(minor),
    patch: Number(patch),
    majorTag: `v${major}`,
    prerelease: pre !== undefined
  }
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The body of one version's section of a Keep a Changelog file: the lines after `## [1.2.3] - 2026-12-03` (or
 * `## 1.2.3 …`) up to the next `## ` heading, without the link references the file keeps at its end.
 * @param {string} changelog
 * @param {string} version
 * @returns {string}
 */
export function notesFor(changelog, version) {
  const lines = changelog.replace(/\r\n?/g, '\n').split('\n')
  const heading = new RegExp(`^##\\s+\\[?v?${escapeRegExp(version)}\\]?(?:\\s|$)`)
  const start = lines.findIndex(line => heading.test(line))
  if (start === -1) {
    throw new ReleaseRefused(`CHANGELOG.md has no entry for ${version}: add a "## [${version}] - YYYY-MM-DD" section (move the Unreleased notes there) and tag again.`)
  }
  const rest = lines.slice(start + 1)
  const next = rest.findIndex(line => /^##\s/.test(line))
  const body = (next === -1 ? rest : rest.slice(0, next))
    .filter(line => !/^\[[^\]]+\]:\s*\S/.test(line))
    .join('\n')
    .trim()
  if (body === '') throw new ReleaseRefused(`The CHANGELOG.md entry for ${version} is empty: say what changed.`)
  return body
}

/** @param {ReturnType<typeof parseVersionTag>} a @param {ReturnType<typeof parseVersionTag>} b */
const newer = (a, b) => a.major - b.major || a.minor - b.minor || a.patch - b.patch

/**
 * Whether the major tag should move to this release: not for a pre-release, and not for a patch to an older line
 * (v1.0.1 after v1.1.0 must leave v1 on v1.1.0). `existingTags` is `git tag --list` output; other tags are ignored.
 * @param {string} tag
 * @param {readonly string[]} existingTags
 */
export function shouldMoveMajorTag(tag, existingTags) {
  const release = parseVersionTag(tag)
  if (release.prerelease) return false
  return existingTags
    .map(name => name.trim())
    .filter(name => name !== tag && VERSION_TAG.test(name))
    .map(parseVersionTag)
    .filter(other => !other.prerelease && other.major === release.major)
    .every(other => newer(release, other) > 0)
}

/**
 * The npm dist-tag to publish this release under. `latest` is what `npx sae-ingress` and `npm install sae-ingress`
 * get, so only the newest release of all takes it: a patch to an older line or an older major must not take it back.
 * A pre-release goes to `next` (npm refuses to publish one without an explicit tag, rather than make it `latest`);
 * an older line's release to `maintenance` (npm needs some tag; users pick a line by range: `sae-ingress@1.0`).
 * `existingTags` is `git tag --list` output; other tags are ignored.
 * @param {string} tag
 * @param {readonly string[]} existingTags
 * @returns {'latest' | 'next' | 'maintenance'}
 */
export function npmDistTag(tag, existingTags) {
  const release = parseVersionTag(tag)
  if (release.prerelease) return 'next'
  const newest = existingTags
    .map(name => name.trim())
    .filter(name => name !== tag && VERSION_TAG.test(name))
    .map(parseVersionTag)
    .filter(other => !other.prerelease)
    .every(other => newer(release, other) > 0)
  return newest ? 'latest' : 'maintenance'
}

/**
 * Everything the release workflow needs, or a refusal.
 * @param {{ tag: string, changelog: string, packageVersion: string, existingTags?: readonly string[] }} input
 */
export function planRelease({ tag, changelog, packageVersion, existingTags = [] }) {
  const release = parseVersionTag(tag)
  if (release.version !== packageVersion) {
    throw new ReleaseRefused(
      `Tag ${tag} does not match package.json's version ${packageVersion}: set "version": "${release.version}" in package.json, run npm run bundle, commit, and tag that commit.`
    )
  }
  return {
    tag,
    version: release.version,
    majorTag: release.majorTag,
    prerelease: release.prerelease,
    moveMajorTag: shouldMoveMajorTag(tag, existingTags),
    npmDistTag: npmDistTag(tag, existingTags),
    notes: notesFor(changelog, release.version)
  }
}

/** The `name=value` lines for $GITHUB_OUTPUT (the notes travel in a file: they span lines). */
export function outputLines(plan) {
  return [`version=${plan.version}`, `major-tag=${plan.majorTag}`, `prerelease=${plan.prerelease}`, `move-major-tag=${plan.moveMajorTag}`, `npm-dist-tag=${plan.npmDistTag}`]
}

function main(argv) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'notes-file': { type: 'string' }, tags: { type: 'string' } }
  })
  if (positionals.length !== 1) throw new ReleaseRefused('usage: node scripts/release-notes.mjs <tag> [--notes-file <path>] [--tags <file>]')
  const plan = planRelease({
    tag: positionals[0],
    changelog: readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'),
    packageVersion: JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version,
    existingTags: values.tags ? readFileSync(values.tags, 'utf8').split('\n') : []
  })
  if (values['notes-file']) writeFileSync(values['notes-file'], `${plan.notes}\n`)
  process.stdout.write(`${outputLines(plan).join('\n')}\n`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof ReleaseRefused)) throw err
    // One workflow-command line: a line break (or its %0A escape) in a tag name must not start another command.
    process.stderr.write(`::error title=Release refused::${err.message.replace(/[\r\n%]/g, ' ')}\n`)
    process.exit(1)
  }
}
