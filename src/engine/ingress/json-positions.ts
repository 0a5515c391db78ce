import type { Problem } from './types.js'
import { childPointer, describePointer, truncate } from './pointers.js'

/**
 * How much of a file is read before it is refused as no ingress file: it is 3 levels deep and holds a few hundred
 * values (40 rules of a few keys each). Limits far above that keep a hostile file (a million rules, a hundred thousand
 * keys, deep nesting) from costing more than a moment, and every message about it short: the rest is never read.
 */
export const MAX_DEPTH = 8
export const MAX_ENTRIES = 1000
export const MAX_VALUES = 20_000

/** 1-based; columns count UTF-16 code units, as editors such as VS Code do. */
export interface Position {
  line: number
  column: number
}

export interface Positions {
  /** Where each value starts, by JSON Pointer ('' is the document). */
  values: ReadonlyMap<string, Position>
  /** Where each property's key starts (its opening quote), by the property's JSON Pointer. */
  keys: ReadonlyMap<string, Position>
}

/**
 * `problems` of a successful parse are duplicate keys (JSON.parse would silently keep the last,
 * so the file cannot mean what it says) and strings holding unpaired surrogates.
 */
export type ParsedJson =
  | { ok: true; value: unknown; positions: Positions; problems: Problem[] }
  | { ok: false; positions: Positions; problems: Problem[] }

class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly at: Position
  ) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const WORD = /[A-Za-z0-9_$.+-]{1,20}/y
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** Parses JSON text (a leading BOM is ignored), recording where every key and value starts. */
export function parseJsonWithPositions(text: string): ParsedJson {
  const values = new Map<string, Position>()
  const keys = new Map<string, Position>()
  const positions: Positions = { values, keys }
  const problems: Problem[] = []
  const n = text.length
  let count = 0
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  let lineStart = i

  const here = (): Position => ({ line, column: i - lineStart + 1 })
  const fail = (message: string, at: Position = here()): never => {
    throw new JsonSyntaxError(`invalid JSON: ${message}`, at)
  }
  /** Valid JSON, but too much of it to be an ingress file: reading stops here. */
  const refuse = (message: string, at: Position = here()): never => {
    throw new JsonSyntaxError(message, at)
  }

  function skipWhitespace(): void {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x09) i++
      else if (c === 0x0a) {
        i++
        line++
        lineStart = i
      } else if (c === 0x0d) {
        i++
        if (text.charCodeAt(i) === 0x0a) i++
        line++
        lineStart = i
      } else break
    }
  }

  function wordAt(index: number): string {
    WORD.lastIndex = index
    return WORD.exec(text)?.[0] ?? ''
  }

  function unexpected(expected: string): never {
    if (i >= n) return fail(`unexpected end of file; expected ${expected}`)
    const c = text[i] ?? ''
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return fail('comments are not allowed in JSON')
    if (c === "'") return fail('strings and keys must be in double quotes, not single quotes')
    const word = wordAt(i)
    let shown: string
    if (c === '"') shown = 'a string'
    else if (word.length > 1) shown = JSON.stringify(word)
    else if (c.charCodeAt(0) < 0x20) shown = `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`
    else shown = JSON.stringify(c)
    let hint = ''
    if (/^(NaN|-?Infinity|undefined)$/.test(word)) hint = ` (JSON has no ${word.replace('-', '')})`
    else if (expected.startsWith('","') && /["{[\-0-9tfn]/.test(c)) hint = ' (is a comma missing?)'
    return fail(`unexpected ${shown}; expected ${expected}${hint}`)
  }

  function parseValue(pointer: string, depth: number): unknown {
    skipWhitespace()
    if (i >= n) unexpected('a value')
    if (++count > MAX_VALUES) refuse(`the file holds more than ${MAX_VALUES} values, far more than any ingress file; the rest was not read`)
    values.set(pointer, here())
    const c = text.charCodeAt(i)
    if (c === 0x7b) return parseObject(pointer, depth)
    if (c === 0x5b) return parseArray(pointer, depth)
    if (c === 0x22) {
      const at = here()
      const string = parseString()
      // JSON.parse allows "\ud800" alone, but it is not text: encoding it for the request would throw.
      if (LONE_SURROGATE.test(string)) {
        problems.push({ message: `${describePointer(pointer)} contains an unpaired surrogate (a lone \\uD800-\\uDFFF escape)`, pointer, ...at })
      }
      return string
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return parseNumber()
    const word = wordAt(i)
    if (word === 'true' || word === 'false' || word === 'null') {
      i += word.length
      return word === 'null' ? null : word === 'true'
    }
    return unexpected('a value')
  }

  function enter(depth: number): void {
    if (depth >= MAX_DEPTH) refuse(`nesting is deeper than ${MAX_DEPTH} levels, far deeper than any ingress file (3); the rest was not read`)
    i++
  }

  /** Refuses a container once it holds more entries than any ingress file has, before reading the next. */
  function tooMany(pointer: string, entries: number, what: 'keys' | 'items'): void {
    if (entries < MAX_ENTRIES) return
    const where = pointer === '' ? 'the top level' : describePointer(pointer)
    refuse(`${where} has more than ${MAX_ENTRIES} ${what}, far more than any ingress file (at most 40 rules); the rest was not read`, values.get(pointer))
  }

  function parseObject(pointer: string, depth: number): Record<string, unknown> {
    enter(depth)
    const object: Record<string, unknown> = {}
    skipWhitespace()
    if (text.charCodeAt(i) === 0x7d) {
      i++
      return object
    }
    for (let entries = 0; ; entries++) {
      tooMany(pointer, entries, 'keys')
      skipWhitespace()
      if (text.charCodeAt(i) !== 0x22) unexpected('a key in double quotes')
      const keyAt = here()
      const key = parseString()
      const child = childPointer(pointer, key)
      const first = Object.prototype.hasOwnProperty.call(object, key) ? keys.get(child) : undefined
      if (first) {
        problems.push({
          message: `duplicate key ${JSON.stringify(truncate(key))} (first at line ${first.line}, column ${first.column}); keep only one`,
          pointer: child,
          ...keyAt
        })
      } else keys.set(child, keyAt)
      skipWhitespace()
      if (text.charCodeAt(i) !== 0x3a) unexpected('":" after the key')
      i++
      const value = parseValue(child, depth + 1)
      // A plain assignment of "__proto__" would replace the prototype instead of adding a key.
      if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
      else object[key] = value
      skipWhitespace()
      const c = text.charCodeAt(i)
      if (c === 0x7d) {
        i++
        return object
      }
      if (c !== 0x2c) unexpected('"," or "}"')
      const comma = here()
      i++
      skipWhitespace()
      if (text.charCodeAt(i) === 0x7d) fail('trailing comma before "}"', comma)
    }
  }

  function parseArray(pointer: string, depth: number): unknown[] {
    enter(depth)
    const array: unknown[] = []
    skipWhitespace()
    if (text.charCodeAt(i) === 0x5d) {
      i++
      return array
    }
    for (;;) {
      tooMany(pointer, array.length, 'items')
      array.push(parseValue(childPointer(pointer, array.length), depth + 1))
      skipWhitespace()
      const c = text.charCodeAt(i)
      if (c === 0x5d) {
        i++
        return array
      }
      if (c !== 0x2c) unexpected('"," or "]"')
      const comma = here()
      i++
      skipWhitespace()
      if (text.charCodeAt(i) === 0x5d) fail('trailing comma before "]"', comma)
    }
  }

  function parseString(): string {
    const start = here()
    i++
    let out = ''
    let chunk = i
    for (;;) {
      if (i >= n) fail('unterminated string; add the closing "', start)
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        out += text.slice(chunk, i)
        i++
        return out
      }
      if (c === 0x5c) {
        out += text.slice(chunk, i)
        out += parseEscape()
        chunk = i
      } else if (c < 0x20) {
        if (c === 0x0a || c === 0x0d) fail('unterminated string; a string cannot span lines (write \\n for a newline)', start)
        fail(`control character U+${c.toString(16).padStart(4, '0')} must be escaped in a string`)
      } else i++
    }
  }

  function parseEscape(): string {
    const at = here()
    const next = text[i + 1] ?? ''
    const simple = ESCAPES[next]
    if (simple !== undefined) {
      i += 2
      return simple
    }
    if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
      i += 6
      return String.fromCharCode(parseInt(text.slice(i - 4, i), 16))
    }
    const shown = next === 'u' ? `\\u${/^[0-9A-Fa-f]*/.exec(text.slice(i + 2, i + 6))?.[0] ?? ''}` : `\\${next}`
    return fail(`invalid escape ${JSON.stringify(shown)} in a string`, at)
  }

  function parseNumber(): number {
    NUMBER.lastIndex = i
    const match = NUMBER.exec(text)?.[0]
    const end = i + (match?.length ?? 0)
    if (match === undefined || /[0-9A-Za-z.+-]/.test(text[end] ?? '')) {
      const word = wordAt(i)
      fail(`invalid number ${JSON.stringify(word)}${/^-?0[0-9]/.test(word) ? ' (no leading zeros)' : ''}`)
    }
    i = end
    return Number(match)
  }

  try {
    skipWhitespace()
    if (i >= n) fail('the file is empty; expected a JSON object', { line: 1, column: 1 })
    const value = parseValue('', 0)
    skipWhitespace()
    if (i < n) unexpected('the end of the file after the JSON value')
    return { ok: true, value, positions, problems }
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    return { ok: false, positions, problems: [...problems, { message: error.message, pointer: '', ...error.at }] }
  }
}
