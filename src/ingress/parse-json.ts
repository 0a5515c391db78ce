/** An ingress file is 3 levels deep; the limit keeps hostile input from exhausting the stack. */
export const MAX_DEPTH = 64

/** A surrogate escape, or a raw unpaired surrogate: the only strings JSON.parse takes that the position parser may report. */
const MAYBE_SURROGATE = /\\u[dD][89a-fA-F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** Every string token of valid JSON, in order, each key with the colon after it. */
const STRING_TOKEN = /"(?:[^"\\]|\\.)*"(?:\s*:)?/g

/**
 * The value of JSON text through the native JSON.parse, when the position parser (json-positions.ts) would take
 * the text with no problem and return the same value; otherwise undefined, and that parser has something to say:
 * a syntax error (or a BOM), a duplicate key, a surrogate escape, nesting past MAX_DEPTH.
 */
export function parseJsonQuickly(text: string): { value: unknown } | undefined {
  if (MAYBE_SURROGATE.test(text)) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  let keysInText = 0
  for (const token of text.match(STRING_TOKEN) ?? []) if (token.endsWith(':')) keysInText++
  const shape = { keys: 0, tooDeep: false }
  measure(value, 0, shape)
  // JSON.parse keeps the last of duplicate keys silently: fewer keys parsed than written means duplicates.
  return shape.tooDeep || shape.keys !== keysInText ? undefined : { value }
}

function measure(value: unknown, depth: number, shape: { keys: number; tooDeep: boolean }): void {
  if (value === null || typeof value !== 'object' || shape.tooDeep) return
  if (depth >= MAX_DEPTH) {
    shape.tooDeep = true
    return
  }
  const children = Array.isArray(value) ? value : Object.values(value)
  if (!Array.isArray(value)) shape.keys += children.length
  for (const child of children) measure(child, depth + 1, shape)
}
