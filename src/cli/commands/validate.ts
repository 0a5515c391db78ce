// `sae-ingress validate <file>`: the file checked offline, as the action checks it before any request.
import { readFileSync } from 'node:fs'
import { InputError } from '../../engine/failure.js'
import { loadIngressFile, type LoadResult } from '../../engine/ingress/load.js'
import { MAX_INGRESS_FILE_BYTES } from '../../engine/ingress/source.js'
import type { IngressFile, Problem, RulesMode } from '../../engine/ingress/types.js'
import type { Terminal } from '../terminal.js'

/** The file, loaded as the action loads it: placeholders from the environment, every problem located. */
export function loadFile(path: string, mode: RulesMode, terminal: Terminal): LoadResult {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (err) {
    throw new InputError(`${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`)
  }
  if (bytes.length > MAX_INGRESS_FILE_BYTES) throw new InputError(`${path} is ${bytes.length} bytes; an ingress file may be at most ${MAX_INGRESS_FILE_BYTES} bytes.`)
  const loaded = loadIngressFile(bytes, terminal.io.env, { mode })
  const at = (problem: Problem) => `${path}:${problem.line}:${problem.column}: ${problem.message}`
  for (const warning of loaded.warnings) terminal.say(`${at(warning)} (warning)`, 'yellow')
  if (!loaded.ok) for (const problem of loaded.problems) terminal.say(at(problem), 'red')
  return loaded
}

/** The valid file, or an InputError once its problems are out: nothing else happens for an invalid file. */
export function validFile(path: string, mode: RulesMode, terminal: Terminal): IngressFile {
  const loaded = loadFile(path, mode, terminal)
  if (!loaded.ok) throw new InputError(`${path} is not a valid ingress file (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}).`)
  return loaded.ingress
}

/** Exit 0 when the file is valid, 1 when it is not. */
export function validateCommand(path: string, options: { rulesMode: RulesMode }, terminal: Terminal): number {
  const loaded = loadFile(path, options.rulesMode, terminal)
  if (!loaded.ok) {
    terminal.say(`${path} is not a valid ingress file (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}).`)
    return 1
  }
  terminal.say(`${path} is valid: ${loaded.ingress.Rules?.length ?? 0} rule(s).`, 'green')
  return 0
}
