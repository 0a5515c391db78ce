// The file, read and checked before anything is sent: every problem an annotation at its line and column.
import { loadIngressFile, ValidationFailed } from '../engine/ingress/load.js'
import { readIngressSource } from '../engine/ingress/source.js'
import type { IngressFile } from '../engine/ingress/types.js'
import type { Settings } from './inputs.js'
import type { ActionLog } from './log.js'
import { annotate } from './report/annotate.js'
import type { RunReport } from './report/report.js'

/** The valid ingress file, or a ValidationFailed after its problems were annotated and put in the report. */
export function validateFile(settings: Settings, report: RunReport, log: ActionLog): IngressFile {
  const source = readIngressSource(settings.workspace, settings.ingressFile)
  report.file = source.relativePath
  const loaded = loadIngressFile(source.bytes, settings.env, { mode: settings.rulesMode })
  annotate(log, source.relativePath, loaded.ok ? [] : loaded.problems, loaded.warnings)
  report.warnings.push(...loaded.warnings.map(w => `line ${w.line}: ${w.message}`))
  if (!loaded.ok) {
    report.problems = loaded.problems
    // Known although the file is invalid: the pull request comment for it says this run failed. A name is resolved
    // only by a request, never for an invalid file: the ingress stays unknown (every own comment is updated).
    if (!settings.ingressName) report.ingressId = settings.ingressId ?? loaded.ingressId
    throw new ValidationFailed(source.relativePath, loaded.problems)
  }
  report.ingress = loaded.ingress
  log.info(`${source.relativePath} is valid: ${loaded.ingress.Rules?.length ?? 0} rule(s).`)
  return loaded.ingress
}
