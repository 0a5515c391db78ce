/**
 * Lenient readers for values that came over the wire. pop-core parses JSON with json-bigint, so
 * objects may have a null prototype, integers beyond 2^53 arrive as BigNumber objects, and the
 * service is not consistent about numbers vs numeric strings (ListenerPort is an int in
 * DescribeIngress and a string in ListIngresses). Nothing here trusts the declared types.
 */

/** A json-bigint BigNumber (or anything shaped like one); `typeof` says 'object'. */
interface BigNumberLike {
  toNumber(): number
  toString(): string
}

function isBigNumberLike(value: unknown): value is BigNumberLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toNumber?: unknown }).toNumber === 'function'
  )
}

/** A plain JSON object, whatever its prototype; arrays and BigNumbers are not records. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isBigNumberLike(value)
}

/** Own property only: a null-prototype object has no `hasOwnProperty`, and inherited keys are not data. */
export function read(record: unknown, key: string): unknown {
  return isRecord(record) && Object.hasOwn(record, key) ? record[key] : undefined
}

const NUMERIC = /^\s*[-+]?\d+(\.\d+)?\s*$/

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'bigint') return Number(value)
  if (isBigNumberLike(value)) return asNumber(value.toNumber())
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value)
  return undefined
}

export function asInteger(value: unknown): number | undefined {
  const number = asNumber(value)
  return number !== undefined && Number.isInteger(number) ? number : undefined
}

export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const lowered = value.trim().toLowerCase()
    if (lowered === 'true') return true
    if (lowered === 'false') return false
  }
  return undefined
}

/** Strings as they are; numbers (also big ones) as their decimal text; anything else is no string. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'bigint' || isBigNumberLike(value)) return value.toString()
  return undefined
}

/** The string unchanged, unless it is blank: the service may send "" where a value is not set. */
export function asNonEmptyString(value: unknown): string | undefined {
  const text = asString(value)
  return text !== undefined && text.trim() !== '' ? text : undefined
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
