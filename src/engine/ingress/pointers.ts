/**
 * JSON Pointers (RFC 6901) name every value of the file; problems carry one, and messages show it
 * without the leading slash ("Rules/0/path"), which reads like the file's own structure.
 */

export function childPointer(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}/${key}`
  // Called for every value of the file: skip the replacements in the usual case.
  if (!key.includes('~') && !key.includes('/')) return `${parent}/${key}`
  return `${parent}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
}

export function parentPointer(pointer: string): string {
  const slash = pointer.lastIndexOf('/')
  return slash <= 0 ? '' : pointer.slice(0, slash)
}

/** Keys come from the file and may be huge; a message shows at most this many characters of one. */
const MAX_SHOWN = 40

export function truncate(text: string, max = MAX_SHOWN): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`
}

/** "Rules/0/path" for a value, "the file" for the document itself. */
export function describePointer(pointer: string): string {
  if (pointer === '') return 'the file'
  return pointerSegments(pointer)
    .map((segment) => truncate(segment))
    .join('/')
}

/** A short, quoted rendering of a value for "(found ...)" in messages. */
export function previewValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(truncate(value))
    case 'number':
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}
