/** Text from the ingress file, the API or the user, made inert in Markdown/HTML (job summary, PR comment). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, '<br>')
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
