// Synchronous on purpose: a one-shot step gains nothing from async file I/O, and node:fs/promises costs start-up time.
// realpathSync.native is one realpath(3) call, where the JavaScript version lstat()s every directory on the way.
import { readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { InputError } from './parse.js'

export interface IngressSource {
  /** Relative to the workspace with forward slashes: what annotations point at. */
  readonly relativePath: string
  readonly bytes: Uint8Array
}

/**
 * Reads the ingress file, which must resolve (symlinks included) inside the workspace: a workflow should never be
 * talked into deploying a file from elsewhere on the runner.
 */
export function readIngressSource(workspace: string, file: string): IngressSource {
  let root: string
  try {
    root = realpathSync.native(workspace)
  } catch {
    throw new InputError(`The workspace ${workspace} does not exist. Did the job run actions/checkout?`)
  }
  const requested = path.resolve(root, file)
  let resolved: string
  try {
    resolved = realpathSync.native(requested)
  } catch {
    throw new InputError(`ingress-file ${file} was not found in the workspace (looked for ${requested}). Did the job run actions/checkout?`)
  }
  const relative = path.relative(root, resolved)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new InputError(`ingress-file ${file} resolves to ${resolved}, outside the workspace ${root}; refusing to read it.`)
  }
  try {
    return { relativePath: relative.split(path.sep).join('/'), bytes: readFileSync(resolved) }
  } catch (err) {
    throw new InputError(`ingress-file ${file} could not be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`)
  }
}
