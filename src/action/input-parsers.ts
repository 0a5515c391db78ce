/** Small parsers shared by the inputs; each throws InputError naming the input and what it accepts. */
import type { StatusRange } from '../engine/apply/health.js'
import { InputError } from '../engine/failure.js'

export function parseBoolean(name: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim().toLowerCase()
  if (value === '') return fallback
  if (['true', 'yes', 'on', '1'].includes(value)) return true
  if (['false', 'no', 'off', '0'].includes(value)) return false
  throw new InputError(`Input ${name} must be true or false, got "${raw}".`)
}

export function parseInteger(name: string, raw: string, range: { min: number; max: number }): number | undefined {
  const value = raw.trim()
  if (value === '') return undefined
  if (!/^\d+$/.test(value) || Number(value) < range.min || Number(value) > range.max) {
    throw new InputError(`Input ${name} must be a whole number from ${range.min} to ${range.max}, got "${raw}".`)
  }
  return Number(value)
}

export function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[], fallback: T): T {
  const value = raw.trim().toLowerCase()
  if (value === '') return fallback
  const found = choices.find(choice => choice === value)
  if (!found) throw new InputError(`Input ${name} must be one of ${choices.join(', ')}, got "${raw}".`)
  return found
}

/** Comma- or newline-separated list, blanks dropped. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[,\n]/)
    .map(item => item.trim())
    .filter(item => item !== '')
}

/** `200-399`, `200,204`, `2xx`: the statuses a health check accepts. */
export function parseStatusRanges(name: string, raw: string): StatusRange[] {
  const ranges = parseList(raw).map((item): StatusRange => {
    const xx = /^([1-5])xx$/i.exec(item)
    if (xx) return [Number(xx[1]) * 100, Number(xx[1]) * 100 + 99]
    const span = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(item)
    if (!span) throw new InputError(`Input ${name} must list statuses like 200-399, 200,204 or 2xx; got "${item}".`)
    const low = Number(span[1])
    const high = Number(span[2] ?? span[1])
    if (low < 100 || high > 599 || low > high) throw new InputError(`Input ${name} has an impossible status range "${item}".`)
    return [low, high]
  })
  if (ranges.length === 0) throw new InputError(`Input ${name} is empty.`)
  return ranges
}
