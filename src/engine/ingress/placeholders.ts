import { childPointer, describePointer } from './pointers.js'

/**
 * `${NAME}` in a string value is replaced from the environment, once: a replacement is never
 * expanded again. `$${` writes a literal `${`. Anything else after `${` (such as ALB's
 * rewrite back-reference `/${1}`) is left as written, because NAME cannot start with a digit.
 */
const PLACEHOLDER = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g

export type Env = Readonly<Record<string, string | undefined>>

export interface MissingPlaceholder {
  /** JSON Pointer of the string holding the placeholder. */
  pointer: string
  name: string
}

export interface Substituted<T> {
  value: T
  /** One entry per occurrence, in document order. */
  missing: MissingPlaceholder[]
}

function lookup(env: Env, name: string): string | undefined {
  // An own-property test, so ${constructor} or ${__proto__} never reach Object.prototype.
  if (!Object.prototype.hasOwnProperty.call(env, name)) return undefined
  const value = env[name]
  return typeof value === 'string' ? value : undefined
}

/** Replaces placeholders in one string; names that are not set are kept as written and listed. */
export function substituteText(text: string, env: Env): { text: string; missing: string[] } {
  const missing: string[] = []
  if (!text.includes('${')) return { text, missing }
  const replaced = text.replace(PLACEHOLDER, (match: string, name: string | undefined) => {
    if (name === undefined) return '${'
    const value = lookup(env, name)
    if (value === undefined) {
      missing.push(name)
      return match
    }
    return value
  })
  return { text: replaced, missing }
}

/**
 * Substitutes every string value of a parsed document (keys are left alone); returns a new document. A string that
 * lacks the same name several times is one entry: the problem is the string, however often it repeats the name.
 * Linear in the size of the document, whatever it holds (a file may carry tens of thousands of placeholders).
 */
export function substitutePlaceholders<T>(value: T, env: Env): Substituted<T> {
  const missing: MissingPlaceholder[] = []
  const walk = (node: unknown, pointer: string): unknown => {
    if (typeof node === 'string') {
      const result = substituteText(node, env)
      for (const name of new Set(result.missing)) missing.push({ pointer, name })
      return result.text
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, childPointer(pointer, index)))
    if (node !== null && typeof node === 'object') {
      const copy: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(node)) {
        const walked = walk(item, childPointer(pointer, key))
        // Assigning "__proto__" would replace the prototype instead of copying the key.
        if (key === '__proto__') Object.defineProperty(copy, key, { value: walked, enumerable: true, writable: true, configurable: true })
        else copy[key] = walked
      }
      return copy
    }
    return node
  }
  return { value: walk(value, '') as T, missing }
}

/**
 * substitutePlaceholders for a document parsed from `text`, skipped when the text cannot hold a placeholder (most
 * files); an escaped "\u0024{" could still spell one.
 */
export function substituteDocument<T>(text: string, document: T, env: Env): Substituted<T> {
  return text.includes('${') || text.includes('\\u') ? substitutePlaceholders(document, env) : { value: document, missing: [] }
}

/** A message lists this many missing names at most, then how many more there are. */
const MAX_NAMES_SHOWN = 10
/** The list part of the messages for one `all` array, built once: messages are made per occurrence. */
const namesListed = new WeakMap<readonly MissingPlaceholder[], string>()

function listNames(all: readonly MissingPlaceholder[]): string {
  let list = namesListed.get(all)
  if (list === undefined) {
    const names = [...new Set(all.map((m) => m.name))]
    const shown = names.slice(0, MAX_NAMES_SHOWN).join(', ')
    const more = names.length > MAX_NAMES_SHOWN ? ` and ${names.length - MAX_NAMES_SHOWN} more` : ''
    list = names.length === 1 ? `${shown} is` : `${shown}${more} are`
    namesListed.set(all, list)
  }
  return list
}

/**
 * Names the missing variables in each message (the first ten, then a count), so the first annotation read tells the
 * whole story. Called once per occurrence with the same `all`: constant work per call after the first.
 */
export function missingPlaceholderMessage(occurrence: MissingPlaceholder, all: readonly MissingPlaceholder[]): string {
  return (
    `${describePointer(occurrence.pointer)}: placeholder \${${occurrence.name}} has no value; ${listNames(all)} not set in the environment ` +
    '(set them in the step\'s env, or write $${ for a literal ${)'
  )
}
