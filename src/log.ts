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
 */
import * as core from '@actions/core'
import { needlesOf, redactWith, secretForms, secretsFromEnvironment } from './secrets.js'
import { clip, MAX_VALUE_CHARS } from './text.js'
import { neutraliseCommands, showInvisible } from './visible.js'

export type AnnotationProperties = core.AnnotationProperties

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
  for (const form of secretForms(value)) core.setSecret(form)
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

export const info = (message: string): void => core.info(logText(message))
export const debug = (message: string): void => core.debug(commandText(message))
export const warning = (message: string, properties?: AnnotationProperties): void => core.warning(commandText(message), properties)
export const notice = (message: string, properties?: AnnotationProperties): void => core.notice(commandText(message), properties)
export const error = (message: string, properties?: AnnotationProperties): void => core.error(commandText(message), properties)
export const setFailed = (message: string): void => core.setFailed(commandText(message))

/** A collapsible section of the log around one phase of the run. */
export async function group<T>(title: string, work: () => Promise<T>): Promise<T> {
  return core.group(commandText(title), work)
}

/** Outputs, each redacted (and otherwise exact: scripts read them), in the order given. */
export function setOutputs(outputs: ReadonlyArray<readonly [name: string, value: string]>): void {
  for (const [name, value] of outputs) core.setOutput(name, redact(value))
}

/** Nothing masks the job summary: it is redacted here. */
export async function appendSummary(markdown: string): Promise<void> {
  await core.summary.addRaw(clip(redact(markdown), SUMMARY_LIMIT)).write()
}
