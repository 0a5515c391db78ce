import type { Problem } from '../../engine/ingress/types.js'
import type { ActionLog } from '../log.js'

/**
 * Annotations a run makes at most. The runner shows only a few per step anyway, and a hostile file could otherwise
 * make a step print one per value (tens of thousands); the rest are counted in one line.
 */
export const MAX_ANNOTATIONS = 50

/** Each problem, then each warning, becomes an annotation on the file, line and column of the offending value. */
export function annotate(log: Pick<ActionLog, 'error' | 'warning' | 'info'>, file: string, problems: readonly Problem[], warnings: readonly Problem[]): void {
  const all = [...problems.map(problem => ['error', problem] as const), ...warnings.map(warning => ['warning', warning] as const)]
  for (const [level, { message, line, column }] of all.slice(0, MAX_ANNOTATIONS)) {
    const properties = { file, startLine: line, startColumn: column }
    if (level === 'error') log.error(message, { title: 'Invalid ingress file', ...properties })
    else log.warning(message, { title: 'Ingress file', ...properties })
  }
  const rest = all.length - MAX_ANNOTATIONS
  if (rest > 0) {
    const errors = Math.max(0, problems.length - MAX_ANNOTATIONS)
    log.info(`${rest} more problem(s) in ${file} not shown as annotations (${errors} error(s), ${rest - errors} warning(s)); the first ${MAX_ANNOTATIONS} are above.`)
  }
}
