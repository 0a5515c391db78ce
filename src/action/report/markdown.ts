import { clip, MAX_VALUE_CHARS } from '../../engine/text/clip.js'
import { showInvisible } from '../../engine/text/visible.js'

/**
 * A word GitHub would turn into something that acts: `@name` notifies a person or team, `#12`, `GH-12` and
 * `owner/repo#12` link (and cross-reference) issues, `scheme://…` and `www.…` become links. Inside a code span none of that
 * happens (GitHub's documented exception), and the text still reads as written.
 */
const ACTS = /[@#]|:\/\/|^GH-\d|(^|[^a-z0-9])www\./i
/** A word (no whitespace, and none of the characters a code span or a table cell cannot hold), or one character. */
const TOKEN = /[^\s`|<>]+|\r\n|[\s\S]/gu
const WORD_SPECIAL = /[&\\*_{}[\]()+!~]/g
const SEPARATOR = new Map([['<', '&lt;'], ['>', '&gt;'], ['`', '\\`'], ['|', '\\|'], ['\r\n', '<br>'], ['\r', '<br>'], ['\n', '<br>']])

function escapeWord(word: string): string {
  if (ACTS.test(word)) return `\`${word}\``
  return word.replace(WORD_SPECIAL, special => (special === '&' ? '&amp;' : `\\${special}`))
}

/**
 * Text from the ingress file, the API or the user, made inert in Markdown/HTML (job summary, PR comment): at most
 * `max` characters (then a marker), invisible characters shown as [U+202E], HTML's &, < and > as entities, Markdown's
 * punctuation backslash-escaped, line breaks as <br>, and words that would mention, reference or link in code spans.
 */
export function escapeMarkdown(text: string, max = MAX_VALUE_CHARS): string {
  return showInvisible(clip(text, max)).replace(TOKEN, token => SEPARATOR.get(token) ?? (/\s/.test(token) ? token : escapeWord(token)))
}

/** A value for a table cell: strings escaped, objects as compact JSON, absent as an em dash. */
export function cell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—'
  return escapeMarkdown(typeof value === 'string' ? value : JSON.stringify(value))
}

/** A URL the action built from validated values (rule URLs): a link when it is a plain http(s) URL, else text. */
export function link(url: string): string {
  return /^https?:\/\/[^\s<>`|\\"']+$/.test(url) && url.length <= MAX_VALUE_CHARS ? `<${url}>` : escapeMarkdown(url)
}

export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}
