import * as core from '../log.js'
import type { Problem } from '../ingress/types.js'

/** Each problem becomes an annotation on the file, line and column of the offending value. */
export function annotate(file: string, problems: readonly Problem[], warnings: readonly Problem[]): void {
  for (const problem of problems) {
    core.error(problem.message, { title: 'Invalid ingress file', file, startLine: problem.line, startColumn: problem.column })
  }
  for (const warning of warnings) {
    core.warning(warning.message, { title: 'Ingress file', file, startLine: warning.line, startColumn: warning.column })
  }
}
