/**
 * Every line, annotation, mask, output and summary the action writes goes through this module, on top of
 * @actions/core: the one place that makes text the action did not write itself safe to print.
 *
 * - Redacted: every secret registered with addSecret (in each spelling, see src/secrets.ts) and every credential
 *   shape becomes ***, in the log, annotations, outputs and the job summary alike (the runner masks the log only).
 * - Never a workflow command: no line of a message can start with `::` or hold `##[` (src/visible.ts), so a value
 *   cannot issue `::stop-commands::` and switch masking off.
 * - Visible: bidi and zero-width characters are shown as [U+202E].
 * - Bounded: a message is cut at MESSAGE_LIMIT characters and each of its lines at LINE_LIMIT, with a marker.
 *
 * @actions/core (with the HTTP client it loads) is the largest part of the action. A run loads it with
 * loadToolkit() while its first request travels (src/step.ts); until then what is written waits here, in order,
 * and comes out as soon as it has loaded: masks before anything they mask, nothing dropped, nothing reordered.
 */
import type * as Toolkit from '@actions/core'
import { needlesOf, redactWith, secretForms, secretsFromEnvironment } from '../engine/text/secrets.js'
import { clip, MAX_VALUE_CHARS } from '../engine/text/clip.js'
import { neutraliseCommands, showInvisible } from '../engine/text/visible.js'

export type AnnotationProperties = Toolkit.AnnotationProperties

let toolkit: typeof Toolkit | undefined
const waiting: Array<(core: typeof Toolkit) => void> = []

/** Writes now, or as soon as the toolkit has loaded, after everything written before. */
function emit(write: (core: typeof Toolkit) => void): void {
  if (toolkit) write(toolkit)
  else waiting.push(write)
}

/** Loads @actions/core, then writes what waited for it. Await it before the run ends: outputs and summary need it. */
export async function loadToolkit(): Promise<void> {
  toolkit ??= await import('@actions/core')
  for (const write of waiting.splice(0)) write(toolkit)
}

/** A line holds a few values at most; a message (a plan of 40 rules) many lines. */
export const LINE_LIMIT = 4 * MAX_VALUE_CHARS
export const MESSAGE_LIMIT = 64 * MAX_VALUE_CHARS
/** GitHub refuses a step summary over 1 MiB; the renderers stay far below, this only bounds the worst case. */
const SUMMARY_LIMIT = 1000 * MAX_VALUE_CHARS

const secrets = new Set<string>()
let needles: string[] = []

/** Masks the value in the runner's log and redacts it, in every spelling, from everything this module writes. */
export function addSecret(value: string | undefined): void {
  if (!value || value.trim().length < 4 || secrets.has(value)) return
  secrets.add(value)
  for (const form of secretForms(value)) emit(core => core.setSecret(form))
  needles = needlesOf(secrets)
}

/**
 * Registers the secrets the runner hands every action in the environment: the ID-token request token, the runtime
 * token and proxy credentials (user:password in HTTPS_PROXY, HTTP_PROXY, ALL_PROXY). Call first thing in a run.
 */
export function addSecretsFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): void {
  for (const secret of secretsFromEnvironment(env)) addSecret(secret)
}

/** The run's secrets and every credential shape, replaced by ***. For anything written outside this module. */
export function redact(text: string): string {
  return redactWith(needles, text)
}

const eachLine = (text: string) => text.split('\n').map(line => clip(line, LINE_LIMIT)).join('\n')

/** A plain log line: the runner reads it as written, so it must not be readable as a command. */
const logText = (message: string) => eachLine(neutraliseCommands(showInvisible(clip(redact(message), MESSAGE_LIMIT))))
/** Data of a command (annotation, debug, group title): @actions/core escapes line breaks and `%` there. */
const commandText = (message: string) => eachLine(showInvisible(clip(redact(message), MESSAGE_LIMIT)))

// Each text is made safe when it is written to this module, with the secrets known then (masks go out first).
export function info(message: string): void {
  const text = logText(message)
  emit(core => core.info(text))
}
export function debug(message: string): void {
  const text = commandText(message)
  emit(core => core.debug(text))
}
export function warning(message: string, properties?: AnnotationProperties): void {
  const text = commandText(message)
  emit(core => core.warning(text, properties))
}
export function notice(message: string, properties?: AnnotationProperties): void {
  const text = commandText(message)
  emit(core => core.notice(text, properties))
}
export function error(message: string, properties?: AnnotationProperties): void {
  const text = commandText(message)
  emit(core => core.error(text, properties))
}
export function setFailed(message: string): void {
  const text = commandText(message)
  emit(core => core.setFailed(text))
}

/** A collapsible section of the log around one phase of the run (what core.group does, through emit). */
export async function group<T>(title: string, work: () => Promise<T>): Promise<T> {
  const text = commandText(title)
  emit(core => core.startGroup(text))
  try {
    return await work()
  } finally {
    emit(core => core.endGroup())
  }
}

/** Outputs, each redacted (and otherwise exact: scripts read them), in the order given. */
export async function setOutputs(outputs: ReadonlyArray<readonly [name: string, value: string]>): Promise<void> {
  await loadToolkit()
  for (const [name, value] of outputs) toolkit!.setOutput(name, redact(value))
}

/** Nothing masks the job summary: it is redacted here. */
export async function appendSummary(markdown: string): Promise<void> {
  await loadToolkit()
  await toolkit!.summary.addRaw(clip(redact(markdown), SUMMARY_LIMIT)).write()
}
