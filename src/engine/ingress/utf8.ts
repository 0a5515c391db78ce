import type { Problem } from './types.js'

export type Decoded = { ok: true; text: string } | { ok: false; problem: Problem }

const strict = new TextDecoder('utf-8', { fatal: true })
const dropBom = new TextDecoder('utf-8')
const keepBom = new TextDecoder('utf-8', { ignoreBOM: true })

/** Byte offset of the first ill-formed sequence (Unicode Table 3-7), or -1 when the bytes are UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let length: number
    let low = 0x80
    let high = 0xbf
    if (b >= 0xc2 && b <= 0xdf) length = 2
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3
      if (b === 0xe0) low = 0xa0
      if (b === 0xed) high = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4
      if (b === 0xf0) low = 0x90
      if (b === 0xf4) high = 0x8f
    } else return i
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k]
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i
    }
    i += length
  }
  return -1
}

/** Where a byte offset falls, counted the way the JSON parser counts (UTF-16 columns, CR, LF or CRLF lines). */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    const b = bytes[i]
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++
      lineStart = i + 1
    }
  }
  // Only a BOM at the very start is dropped, as the parser does.
  const decoder = lineStart === 0 ? dropBom : keepBom
  return { line, column: decoder.decode(bytes.subarray(lineStart, offset)).length + 1 }
}

/** Decodes UTF-8 strictly: the service would receive mangled text otherwise. A BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: strict.decode(bytes) }
  } catch {
    const offset = Math.max(0, firstInvalidUtf8(bytes))
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')
    return {
      ok: false,
      problem: {
        message: `the file is not valid UTF-8 (byte 0x${byte} at offset ${offset}); save it as UTF-8`,
        pointer: '',
        ...positionOf(bytes, offset)
      }
    }
  }
}
