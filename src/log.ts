/**
 * Every line, annotation, mask, output and summary the action writes goes through this module, on top of
 * @actions/core: the one place that makes text the action did not write itself safe to print (secrets redacted,
 * never read by the runner as a workflow command).
 */
import * as core from '@actions/core'

export type AnnotationProperties = core.AnnotationProperties

const secrets = new Set<string>()

/** Masks the value in the runner's log and redacts it from everything this module writes from now on. */
export function addSecret(value: string | undefined): void {
  if (!value || value.trim().length < 4) return
  secrets.add(value)
  core.setSecret(value)
}

/** The run's secrets, raw and URL-encoded forms, replaced by ***. */
export function redact(text: string): string {
  let out = text
  const needles = [...secrets].flatMap(secret => [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')])
  for (const needle of needles.sort((a, b) => b.length - a.length)) out = out.split(needle).join('***')
  return out
}

export const info = (message: string): void => core.info(redact(message))
export const debug = (message: string): void => core.debug(redact(message))
export const warning = (message: string, properties?: AnnotationProperties): void => core.warning(redact(message), properties)
export const notice = (message: string, properties?: AnnotationProperties): void => core.notice(redact(message), properties)
export const error = (message: string, properties?: AnnotationProperties): void => core.error(redact(message), properties)
export const setFailed = (message: string): void => core.setFailed(redact(message))

/** A collapsible section of the log around one phase of the run. */
export async function group<T>(title: string, work: () => Promise<T>): Promise<T> {
  return core.group(redact(title), work)
}

/** Outputs, each redacted, in the order given. */
export function setOutputs(outputs: ReadonlyArray<readonly [name: string, value: string]>): void {
  for (const [name, value] of outputs) core.setOutput(name, redact(value))
}

export async function appendSummary(markdown: string): Promise<void> {
  await core.summary.addRaw(redact(markdown)).write()
}
