const SPECIAL = /[&<>\\`*_{}[\]()#+!|~]|\r?\n/g
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\n': '<br>', '\r\n': '<br>' }

/**
 * Text from the ingress file, the API or the user, made inert in Markdown/HTML (job summary, PR comment): HTML's
 * &, < and > as entities, Markdown's punctuation backslash-escaped, line breaks as <br>. One pass, as a summary of
 * 40 rules escapes hundreds of cells.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, special => ENTITIES[special] ?? `\\${special}`)
}

/** A value for a table cell: strings escaped, objects as compact JSON, absent as an em dash. */
export function cell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—'
  return escapeMarkdown(typeof value === 'string' ? value : JSON.stringify(value))
}

export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}
