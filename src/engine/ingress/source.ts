// Synchronous on purpose: a one-shot step gains nothing from async file I/O, and node:fs/promises costs start-up time.
// realpathSync.native is one realpath(3) call, where the JavaScript version lstat()s every directory on the way.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type BigIntStats } from 'node:fs'
import path from 'node:path'
import { InputError } from '../failure.js'

export interface IngressSource {
  /** Relative to the workspace with forward slashes: what annotations point at. */
  readonly relativePath: string
  readonly bytes: Uint8Array
}

/** Far beyond any real ingress file (40 rules); a bigger file is refused before it is read. */
export const MAX_INGRESS_FILE_BYTES = 4 * 1024 * 1024

/** The parts of node:path the path logic uses, so tests can run it with win32 rules on any machine. */
export type PathApi = Pick<path.PlatformPath, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>

const DRIVE = /^[A-Za-z]:/

/**
 * Where `ingress-file` points, given the workspace's real path; or a hint when it cannot be meant for this runner.
 * Pure: `paths` is node:path, or path.win32 / path.posix in tests.
 *
 * On Windows both separators work. Elsewhere a backslash is read as a separator too (the same workflow file often
 * serves several runners, and no repository checks out a file name holding one on Windows), while a drive letter
 * cannot mean anything: that gets a hint instead of a "not found" that would hide the cause.
 */
export function locateIngressFile(root: string, file: string, paths: PathApi = path): { path: string } | { hint: string } {
  if (paths.sep === '\\') return { path: paths.resolve(root, file) }
  if (DRIVE.test(file)) {
    return {
      hint:
        `ingress-file ${file} is a Windows path, but this runner is not Windows: give the path relative to the ` +
        `workspace with / between folders, e.g. deploy/ingress.json.`
    }
  }
  return { path: paths.resolve(root, file.replace(/\\/g, '/')) }
}

/** The file's path relative to the workspace with forward slashes, or undefined when it is not inside it. Pure. */
export function workspaceRelative(root: string, resolved: string, paths: PathApi = path): string | undefined {
  const relative = paths.relative(root, resolved)
  // On Windows a path on another drive comes back absolute.
  if (relative === '' || relative === '..' || relative.startsWith(`..${paths.sep}`) || paths.isAbsolute(relative)) return undefined
  return relative.split(paths.sep).join('/')
}

/** For tests: what another process could do between the check of the path and the open, and just after it. */
export interface RaceHooks {
  beforeOpen?(): void
  afterOpen?(): void
}

/** `O_NOFOLLOW` and `O_NONBLOCK` are POSIX; Windows has neither (and no FIFOs to block on). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

function kind(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a named pipe (FIFO)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino
}

/**
 * Reads the ingress file, which must resolve (symlinks included) inside the workspace: a workflow should never be
 * talked into deploying a file from elsewhere on the runner. It must also be a regular file of a sane size, so a
 * named pipe, a device or a directory can neither block the step nor feed it endless input.
 *
 * The path is resolved and checked, then opened (never following a symlink, never blocking), and the opened
 * descriptor is proven to be the checked file: its device and inode are those the checked path has after the open.
 * Swapping a file or a directory in between makes the step fail rather than read something else.
 */
export function readIngressSource(workspace: string, file: string, race: RaceHooks = {}): IngressSource {
  let root: string
  try {
    root = realpathSync.native(workspace)
  } catch {
    throw new InputError(`The workspace ${workspace} does not exist. Did the job run actions/checkout?`)
  }
  const located = locateIngressFile(root, file)
  if ('hint' in located) throw new InputError(located.hint)
  const requested = located.path
  let resolved: string
  try {
    resolved = realpathSync.native(requested)
  } catch {
    throw new InputError(`ingress-file ${file} was not found in the workspace (looked for ${requested}). Did the job run actions/checkout?`)
  }
  const relativePath = workspaceRelative(root, resolved)
  if (relativePath === undefined) {
    throw new InputError(`ingress-file ${file} resolves to ${resolved}, outside the workspace ${root}; refusing to read it.`)
  }
  const notRegular = (stats: Parameters<typeof kind>[0]): InputError =>
    new InputError(`ingress-file ${file} is ${kind(stats)}, not a regular file; refusing to read it.`)
  const changed = (): InputError =>
    new InputError(`ingress-file ${file} changed while it was being opened (a file or folder on its path was replaced); refusing to read it.`)
  // Checked before opening too, so that the usual mistakes never open a device or a pipe at all.
  const checked = statIfPossible(resolved)
  if (checked && !checked.isFile()) throw notRegular(checked)

  race.beforeOpen?.()
  let fd: number
  try {
    fd = openSync(resolved, OPEN_FLAGS)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    // The resolved path has no symlink in it: one that is there now was put there after the check.
    if (code === 'ELOOP') throw changed()
    throw new InputError(`ingress-file ${file} could not be read: ${code ?? String(err)}.`)
  }
  try {
    race.afterOpen?.()
    const opened = fstatSync(fd, { bigint: true })
    if (!opened.isFile()) throw notRegular(opened)
    if (!isStill(resolved, opened)) throw changed()
    if (opened.size > BigInt(MAX_INGRESS_FILE_BYTES)) {
      throw new InputError(`ingress-file ${file} is ${opened.size} bytes; an ingress file may be at most ${MAX_INGRESS_FILE_BYTES} bytes.`)
    }
    return { relativePath, bytes: readAll(fd, file, Number(opened.size)) }
  } finally {
    closeSync(fd)
  }
}

function statIfPossible(resolved: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(resolved)
  } catch {
    return undefined
  }
}

/** The checked path still has no symlink in it and names the very file that was opened. */
function isStill(resolved: string, opened: BigIntStats): boolean {
  try {
    return realpathSync.native(resolved) === resolved && sameFile(lstatSync(resolved, { bigint: true }), opened)
  } catch {
    return false
  }
}

/** Reads to the end, but never more than the cap: the file may still be growing while it is read. */
function readAll(fd: number, file: string, expected: number): Uint8Array {
  const chunks: Buffer[] = []
  let length = 0
  for (let chunk = Buffer.allocUnsafe(expected + 1); ; chunk = Buffer.allocUnsafe(64 * 1024)) {
    let count: number
    try {
      count = readSync(fd, chunk, 0, chunk.length, null)
    } catch (err) {
      throw new InputError(`ingress-file ${file} could not be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`)
    }
    if (count === 0) break
    chunks.push(chunk.subarray(0, count))
    length += count
    if (length > MAX_INGRESS_FILE_BYTES) {
      throw new InputError(`ingress-file ${file} is larger than ${MAX_INGRESS_FILE_BYTES} bytes, the most an ingress file may be.`)
    }
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length)
}
