// Hand-written declarations for scripts/release-notes.mjs (plain JavaScript so the release workflow runs it with bare
// node), so the TypeScript tests use it with checking.

export declare class ReleaseRefused extends Error {
  constructor(message: string)
}

export interface VersionTag {
  version: string
  major: number
  minor: number
  patch: number
  majorTag: string
  prerelease: boolean
}

export type NpmDistTag = 'latest' | 'next' | 'maintenance'

export interface ReleasePlan {
  tag: string
  version: string
  majorTag: string
  prerelease: boolean
  moveMajorTag: boolean
  /** The npm dist-tag the CLI is published under. */
  npmDistTag: NpmDistTag
  notes: string
}

export declare function parseVersionTag(tag: string): VersionTag
export declare function notesFor(changelog: string, version: string): string
export declare function shouldMoveMajorTag(tag: string, existingTags: readonly string[]): boolean
export declare function npmDistTag(tag: string, existingTags: readonly string[]): NpmDistTag
export declare function planRelease(input: {
  tag: string
  changelog: string
  packageVersion: string
  existingTags?: readonly string[]
}): ReleasePlan
export declare function outputLines(plan: ReleasePlan): string[]
