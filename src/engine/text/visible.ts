/**
 * Text from outside the action (file names and values, API answers, GitHub errors) made safe to show (pure).
 *
 * - Invisible characters become visible: a bidi override can make a log line or a summary cell read differently
 *   from what it holds, a zero-width character can make two different values look the same.
 * - In the log, no value can start a line that the runner reads as a workflow command. The runner reads each line
 *   (`\r`, `\n` and `\r\n` all end one), trims leading whitespace and takes a line starting with `::` as a command
 *   (`::stop-commands::` would switch masking off for the rest of the job); it also takes `##[command]` anywhere in a
 *   line (the legacy syntax). Such text is shown with one character percent-encoded, the notation the runner itself
 *   uses in commands: a line's leading `::` becomes `%3A:` and `##[` becomes `#%23[`.
 */

/**
 * Controls (but tab and line breaks), format characters (bidi embeddings, overrides and isolates, zero-width space
 * and joiners, word joiner, BOM, soft hyphen, tag characters), line and paragraph separators, lone surrogates and
 * the other default-ignorable code points, except variation selectors (they only pick emoji or text style).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu
const SHOWN_AS_IS = /^[\t\n\r]$|^\p{Variation_Selector}$/u

export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/** `a\u202Eb` → `a[U+202E]b`. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, char => (SHOWN_AS_IS.test(char) ? char : `[${codePoint(char)}]`))
}

/**
 * What the runner (.NET) skips before looking for `::`: whitespace, and, as its culture-aware comparison may ignore
 * them, controls, format characters and default-ignorable code points.
 */
const LINE_START = /^[\s\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}]*/u
const IGNORABLE = '[\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}]*'
const LEGACY_COMMAND = new RegExp(`#(${IGNORABLE})#(${IGNORABLE})\\[`, 'gu')

/** One log line per line of the text, none of which the runner reads as a command. */
export function neutraliseCommands(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(line => {
      const lead = LINE_START.exec(line)![0].length
      const safe = line.startsWith('::', lead) ? `${line.slice(0, lead)}%3A${line.slice(lead + 1)}` : line
      return safe.replace(LEGACY_COMMAND, '#$1%23$2[')
    })
    .join('\n')
}

/** How any text from outside is written to the log. */
export function printable(text: string): string {
  return neutraliseCommands(showInvisible(text))
}
