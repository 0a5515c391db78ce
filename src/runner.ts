/**
 * The runner's workflow-command protocol (stdout commands, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), as
 * @actions/core writes it. Why not @actions/core itself: its entry module loads its OIDC helper and with it
 * @actions/http-client and undici (~440 KB, a third of start-up), on every run. The apply path uses this module;
 * @actions/core is loaded lazily where its OIDC client is needed. __tests__/runner.test.ts checks that both write
 * byte-identical commands and files.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, writeSync } from 'node:fs'
import { EOL } from 'node:os'

export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

/**
 * The step log. Written straight to fd 1: the first touch of process.stdout, when the runner attaches a pipe, builds a
 * net.Socket and its libuv handle, ~4 ms of a ~60 ms run. Node writes pipes synchronously on Linux and macOS anyway.
 * If fd 1 refuses (a full non-blocking pipe, say), the rest goes through process.stdout, which copes.
 * An object so tests can capture what would be printed.
 */
export const stdout = {
  write(text: string): void {
    const bytes = Buffer.from(text, 'utf8')
    let offset = 0
    try {
      while (offset < bytes.length) offset += writeSync(1, bytes, offset)
    } catch {
      process.stdout.write(bytes.subarray(offset))
    }
  }
}

const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')

function issue(command: string, message: string, properties: Record<string, string | number | undefined> = {}): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '' && value !== 0)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',')
  stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`)
}

function annotate(level: 'error' | 'warning' | 'notice', message: string, p: AnnotationProperties = {}): void {
  issue(level, message, { title: p.title, file: p.file, line: p.startLine, endLine: p.endLine, col: p.startColumn, endColumn: p.endColumn })
}

/** An input as the runner passes it: INPUT_<NAME> (spaces to underscores, hyphens kept), trimmed. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

export const info = (message: string): void => stdout.write(message + EOL)
export const warning = (message: string, properties?: AnnotationProperties): void => annotate('warning', message, properties)
export const notice = (message: string, properties?: AnnotationProperties): void => annotate('notice', message, properties)
export const error = (message: string, properties?: AnnotationProperties): void => annotate('error', message, properties)

/** Masks the value in everything the runner prints from now on. */
export const setSecret = (secret: string): void => issue('add-mask', secret)

export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

function appendToFile(variable: 'GITHUB_OUTPUT' | 'GITHUB_STEP_SUMMARY', text: string): void {
  const file = process.env[variable]
  if (!file) throw new Error(`Unable to find environment variable for ${variable}`)
  appendFileSync(file, text, { encoding: 'utf8' })
}

/** Outputs, in one write to GITHUB_OUTPUT: the same bytes as core.setOutput for each, in order. */
export function setOutputs(outputs: ReadonlyArray<readonly [name: string, value: string]>): void {
  if (!process.env.GITHUB_OUTPUT) {
    for (const [name, value] of outputs) {
      stdout.write(EOL) // core starts the deprecated command on a fresh line
      issue('set-output', value, { name })
    }
    return
  }
  let text = ''
  for (const [name, value] of outputs) {
    const delimiter = `ghadelimiter_${randomUUID()}`
    if (name.includes(delimiter) || value.includes(delimiter)) throw new Error('An output must not contain its delimiter')
    text += `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`
  }
  if (text) appendToFile('GITHUB_OUTPUT', text)
}

export function appendSummary(markdown: string): void {
  appendToFile('GITHUB_STEP_SUMMARY', markdown)
}
