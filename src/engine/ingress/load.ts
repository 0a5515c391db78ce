import { ExpectedFailure } from '../failure.js'
import { checkIngress, declaresLoadBalanceType, LOAD_BALANCE_TYPE_WARNING } from './checks.js'
import { parseJsonWithPositions, type Position, type Positions } from './json-positions.js'
import { missingPlaceholderMessage, substituteDocument, type Env } from './placeholders.js'
import { placeholderEnv, refusalReason, refusedPlaceholderMessage } from './placeholder-policy.js'
import { describePointer, parentPointer } from './pointers.js'
import { describeSchemaErrors } from './schema-errors.js'
import { validateIngressFile } from './schema-validator.generated.js'
import { templateProblems, templateSlots, withSlotsFilled } from './templates.js'
import type { FileMode, IngressFile, Problem } from './types.js'
import { decodeUtf8 } from './utf8.js'

/** Nearest recorded position: a missing key's problem sits at the object that lacks it. */
function locate(positions: Positions, pointer: string, at: 'key' | 'value'): Position {
  const key = at === 'key' ? positions.keys.get(pointer) : undefined
  if (key) return key
  for (let p = pointer; ; p = parentPointer(p)) {
    const value = positions.values.get(p)
    if (value) return value
    if (p === '') return { line: 1, column: 1 }
  }
}

/** The file has problems: nothing was sent. */
export class ValidationFailed extends ExpectedFailure {
  constructor(file: string, problems: readonly Problem[]) {
    const first = problems[0]
    super(
      `${file} is not a valid ingress file (${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was sent)` +
        (first ? `: line ${first.line}: ${first.message}` : '')
    )
  }
}

export type LoadResult =
  | { ok: true; ingress: IngressFile; warnings: Problem[] }
  /** `ingressId`: the file's IngressId, when one can be read although the file is invalid (to report the failure). */
  | { ok: false; problems: Problem[]; warnings: Problem[]; ingressId?: number }

function byPosition(a: Problem, b: Problem): number {
  return a.line - b.line || a.column - b.column
}

function finish(problems: Problem[], warnings: Problem[], ingress: unknown): LoadResult {
  warnings.sort(byPosition)
  if (problems.length === 0) return { ok: true, ingress: ingress as IngressFile, warnings }
  const id = ingress !== null && typeof ingress === 'object' ? (ingress as { IngressId?: unknown }).IngressId : undefined
  const ingressId = Number.isSafeInteger(id) && (id as number) > 0 ? (id as number) : undefined
  return { ok: false, problems: problems.sort(byPosition), warnings, ...(ingressId === undefined ? {} : { ingressId }) }
}

function load(content: Uint8Array | string, env: Env, mode: FileMode): LoadResult {
  let text: string
  // A leading BOM is no part of the JSON (the UTF-8 decoder drops it from bytes, too).
  if (typeof content === 'string') text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content
  else {
    const decoded = decodeUtf8(content)
    if (!decoded.ok) return finish([decoded.problem], [], undefined)
    text = decoded.text
  }

  const parsed = parseJsonWithPositions(text)
  if (!parsed.ok) return finish(parsed.problems, [], undefined)
  const { positions } = parsed
  const problem = (pointer: string, message: string, at: 'key' | 'value' = 'value'): Problem => ({
    message,
    pointer,
    ...locate(positions, pointer, at)
  })

  const warnings: Problem[] = []
  const document = parsed.value
  if (declaresLoadBalanceType(document)) warnings.push(problem('/LoadBalanceType', LOAD_BALANCE_TYPE_WARNING, 'key'))

  const substituted = substituteDocument(text, document, placeholderEnv(env))
  const problems = [...parsed.problems]
  // A prune file's rules are templates: the placeholders left unset in their domains and paths are the slots the
  // pull request numbers go in, no problem.
  const slots = mode === 'prune' ? templateSlots(substituted.missing) : []
  const missingNames = substituted.missing.filter((m) => !slots.includes(m))
  // A name that may never feed a placeholder (a credential, a runner internal) says so, rather than "not set".
  const unset = missingNames.filter((m) => refusalReason(m.name) === undefined)
  for (const missing of missingNames) {
    const reason = refusalReason(missing.name)
    const message = reason
      ? `${describePointer(missing.pointer)}: ${refusedPlaceholderMessage({ name: missing.name, reason })}`
      : missingPlaceholderMessage(missing, unset)
    problems.push(problem(missing.pointer, message))
  }
  // A value still holding an unset placeholder is reported once, for the placeholder.
  const unresolved = new Set(missingNames.map((m) => m.pointer))
  if (mode === 'prune') problems.push(...templateProblems(substituted.value, slots).map((found) => problem(found.pointer, found.message)))

  // A template is checked as the rule it makes for a pull request (the slot holding a number).
  const checked = withSlotsFilled(substituted.value, slots)
  const checks = checkIngress(checked, { mode }).filter((finding) => !unresolved.has(finding.pointer))
  const superseded = new Set(checks.flatMap((c) => c.supersedes.map((keyword) => `${c.pointer}\u0000${keyword}`)))
  const valid = validateIngressFile(checked)
  if (!valid) {
    for (const finding of describeSchemaErrors(validateIngressFile.errors ?? [])) {
      if (unresolved.has(finding.pointer) || superseded.has(`${finding.pointer}\u0000${finding.keyword}`)) continue
      problems.push(problem(finding.pointer, finding.message, finding.at))
    }
  }
  for (const finding of checks) problems.push(problem(finding.pointer, finding.message))
  return finish(problems, warnings, substituted.value)
}

/**
 * Reads an ingress file: strict UTF-8, JSON with the position of every key and value, `${NAME}` placeholders from
 * `env`, the schema, then the checks the schema cannot express (some depend on the rules mode). Every problem is
 * reported at once, sorted by line, each located at the offending value (or key). Never throws.
 */
export function loadIngressFile(content: Uint8Array | string, env: Env, options: { mode?: FileMode } = {}): LoadResult {
  try {
    return load(content, env, options.mode ?? 'replace')
  } catch (error) {
    // Unreachable by design (the fuzz suite tries); a located problem beats a crashed step.
    const reason = error instanceof Error ? error.message : String(error)
    return { ok: false, problems: [{ message: `internal error while reading the file: ${reason}`, pointer: '', line: 1, column: 1 }], warnings: [] }
  }
}
