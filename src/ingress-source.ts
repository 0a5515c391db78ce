import { readFile, realpath } from 'node:fs/promises'
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
export async function readIngressSource(workspace: string, file: string): Promise<IngressSource> {
  const root = await realpath(workspace).catch(() => {
    throw new InputError(`The workspace ${workspace} does not exist. Did the job run actions/checkout?`)
  })
  const requested = path.resolve(root, file)
  let resolved: string
  try {
    resolved = await realpath(requested)
  } catch {
    throw new InputError(`ingress-file ${file} was not found in the workspace (looked for ${requested}). Did the job run actions/checkout?`)
  }
  const relative = path.relative(root, resolved)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new InputError(`ingress-file ${file} resolves to ${resolved}, outside the workspace ${root}; refusing to read it.`)
  }
  const bytes = await readFile(resolved).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`ingress-file ${file} could not be read: ${err.code ?? err.message}.`)
  })
  return { relativePath: relative.split(path.sep).join('/'), bytes }
}
