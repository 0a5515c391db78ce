/**
 * Every line, annotation, mask, output and summary the action writes goes through this module, on top of
 * @actions/core: the one place that makes text the action did not write itself safe to print.
 *
 * - Redacted: every secret of the run's registry (in each spelling, see engine/text/secrets.ts) and every credential
 *   shape becomes ***, in the log, annotations, outputs and the job summary alike (the runner masks the log only).
 * - Never a workflow command: no line of a message can start with `::` or hold `##[` (engine/text/visible.ts), so a
 *   value cannot issue `::stop-commands::` and switch masking off.
 * - Visible: bidi and zero-width characters are shown as [U+202E].
 * - Bounded: a message is cut at MESSAGE_LIMIT characters and each of its lines at LINE_LIMIT, with a marker.
 */
import * as core from '@actions/core'
import type { Log } from '../engine/log.js'
import { clip, MAX_VALUE_CHARS } from '../engine/text/clip.js'
import type { Redactor, SecretRegistry } from '../engine/text/secrets.js'
import { neutraliseCommands, showInvisible } from '../engine/text/visible.js'

export type AnnotationProperties = core.AnnotationProperties

/** A line holds a few values at most; a message (a plan of 40 rules) many lines. */
export const LINE_LIMIT = 4 * MAX_VALUE_CHARS
export const MESSAGE_LIMIT = 64 * MAX_VALUE_CHARS
/** GitHub refuses a step summary over 1 MiB; the renderers stay far below, this only bounds the worst case. */
const SUMMARY_LIMIT = 1000 * MAX_VALUE_CHARS

const eachLine = (text: string) => text.split('\n').map(line => clip(line, LINE_LIMIT)).join('\n')

/** The run's log on the runner, with its secrets masked there (setSecret) and redacted from everything written. */
export class ActionLog implements Log {
  readonly redact: Redactor

  constructor(secrets: SecretRegistry) {
    this.redact = secrets.redact
    // Masks go out before anything they mask: each secret as soon as it is known.
    secrets.onAdd(form => core.setSecret(form))
  }

  /** A plain log line: the runner reads it as written, so it must not be readable as a command. */
  private logText(message: string): string {
    return eachLine(neutraliseCommands(showInvisible(clip(this.redact(message), MESSAGE_LIMIT))))
  }

  /** Data of a command (annotation, debug, group title): @actions/core escapes line breaks and `%` there. */
  private commandText(message: string): string {
    return eachLine(showInvisible(clip(this.redact(message), MESSAGE_LIMIT)))
  }

  info(message: string): void {
    core.info(this.logText(message))
  }
  debug(message: string): void {
    core.debug(this.commandText(message))
  }
  warning(message: string, properties?: AnnotationProperties): void {
    core.warning(this.commandText(message), properties)
  }
  notice(message: string, properties?: AnnotationProperties): void {
    core.notice(this.commandText(message), properties)
  }
  error(message: string, properties?: AnnotationProperties): void {
    core.error(this.commandText(message), properties)
  }
  setFailed(message: string): void {
    core.setFailed(this.commandText(message))
  }

  /** A collapsible section of the log around one phase of the run. */
  async group<T>(title: string, work: () => Promise<T>): Promise<T> {
    core.startGroup(this.commandText(title))
    try {
      return await work()
    } finally {
      core.endGroup()
    }
  }

  /** Outputs, each redacted (and otherwise exact: scripts read them), in the order given. */
  setOutputs(outputs: ReadonlyArray<readonly [name: string, value: string]>): void {
    for (const [name, value] of outputs) core.setOutput(name, this.redact(value))
  }

  /** Nothing masks the job summary: it is redacted here. */
  async appendSummary(markdown: string): Promise<void> {
    await core.summary.addRaw(clip(this.redact(markdown), SUMMARY_LIMIT)).write()
  }
}
