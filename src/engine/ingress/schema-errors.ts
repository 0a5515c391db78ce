import { childPointer, describePointer, previewValue, truncate } from './pointers.js'
import { closestKey } from '../text/suggest.js'
import type { SchemaError } from './schema-validator.generated.js'

/** A schema error in words, with where it belongs: at a key (unknown keys) or at a value. */
export interface SchemaFinding {
  pointer: string
  at: 'key' | 'value'
  message: string
  /** The ajv keyword, so a check that says the same thing better can replace it. */
  keyword: string
}

type Schema = Record<string, unknown>

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null'
}

function listOf(values: readonly unknown[]): string {
  const shown = values.map((value) => JSON.stringify(value))
  return shown.length <= 2 ? shown.join(' or ') : `one of ${shown.join(', ')}`
}

/** "an integer from 1 to 65535", "a string or an array of strings", ... from the failing schema. */
export function expectation(schema: Schema | undefined): string {
  if (!schema) return 'valid'
  if (Array.isArray(schema.enum)) return listOf(schema.enum)
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t): t is string => typeof t === 'string')
  const { minimum: min, maximum: max } = schema
  if (types[0] === 'integer' && min === 1 && max === Number.MAX_SAFE_INTEGER) return 'a positive integer'
  if (types[0] === 'integer' && typeof min === 'number' && typeof max === 'number') {
    const numericString = types.includes('string') ? ', as a number or a numeric string' : ''
    return `an integer from ${min} to ${max}${numericString}`
  }
  const items = schema.items as Schema | undefined
  return types
    .map((type) => (type === 'array' && items?.type === 'string' ? 'an array of strings' : (TYPE_NAMES[type] ?? type)))
    .join(' or ')
}

function unknownKey(error: SchemaError): SchemaFinding {
  const key = String(error.params.additionalProperty)
  const properties = (error.parentSchema?.properties ?? {}) as Schema
  const valid = Object.keys(properties)
  const where = error.instancePath === '' ? 'at the top level' : `in ${describePointer(error.instancePath)}`
  const suggestion = closestKey(key, valid)
  const hint = suggestion
    ? ` — did you mean ${JSON.stringify(suggestion)}?`
    : valid.length <= 8
      ? ` (valid keys: ${valid.join(', ')})`
      : ''
  return {
    pointer: childPointer(error.instancePath, key),
    at: 'key',
    keyword: error.keyword,
    message: `unknown key ${JSON.stringify(truncate(key))} ${where}${hint}`
  }
}

function characters(text: unknown): number {
  if (typeof text !== 'string') return 0
  let count = 0
  for (const _ of text) count++
  return count
}

function valueMessage(error: SchemaError): string {
  const where = describePointer(error.instancePath)
  const found = ` (found ${previewValue(error.data)})`
  const limit = error.params.limit
  switch (error.keyword) {
    case 'required':
      return `${where} is missing the required key ${JSON.stringify(error.params.missingProperty)}`
    case 'type':
    case 'minimum':
    case 'maximum':
      return `${where} must be ${expectation(error.parentSchema)}${found}`
    case 'enum': {
      const options = error.parentSchema?.enum as unknown[] | undefined
      const data = error.data
      const sameButCase = typeof data === 'string' ? options?.find((o) => typeof o === 'string' && o.toLowerCase() === data.toLowerCase()) : undefined
      const hint = sameButCase !== undefined ? ` — did you mean ${JSON.stringify(sameButCase)}?` : ''
      return `${where} must be ${listOf(options ?? [])}${found}${hint}`
    }
    case 'maxLength':
      return `${where} must be at most ${limit} characters long (it has ${characters(error.data)})`
    case 'minLength':
      return limit === 1 ? `${where} must not be empty` : `${where} must be at least ${limit} characters long`
    case 'maxItems':
      return `${where} must have at most ${limit} items (it has ${Array.isArray(error.data) ? error.data.length : 0})`
    case 'minItems':
      return `${where} must have at least ${limit} item${limit === 1 ? '' : 's'}`
    case 'pattern':
      return `${where} must match the pattern ${String(error.params.pattern)}${found}`
    default:
      return `${where} is not valid (${error.keyword})${found}`
  }
}

/**
 * Translates the generated validator's errors; identical messages for one place are reported once,
 * and a missing key that an unknown key's suggestion names ("AppId" for "appId") is not reported
 * again as missing.
 */
export function describeSchemaErrors(errors: readonly SchemaError[]): SchemaFinding[] {
  const findings: SchemaFinding[] = []
  const seen = new Set<string>()
  const suggested = new Set<string>()
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue
    const properties = Object.keys((error.parentSchema?.properties ?? {}) as Schema)
    const suggestion = closestKey(String(error.params.additionalProperty), properties)
    if (suggestion !== undefined) suggested.add(childPointer(error.instancePath, suggestion))
  }
  for (const error of errors) {
    if (error.keyword === 'required' && suggested.has(childPointer(error.instancePath, String(error.params.missingProperty)))) continue
    const finding =
      error.keyword === 'additionalProperties'
        ? unknownKey(error)
        : { pointer: error.instancePath, at: 'value' as const, keyword: error.keyword, message: valueMessage(error) }
    const id = `${finding.pointer}\u0000${finding.message}`
    if (seen.has(id)) continue
    seen.add(id)
    findings.push(finding)
  }
  return findings
}
