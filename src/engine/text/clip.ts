/** Values from the file, the service or the network can be huge; anything the action prints shows at most this much of one. */
export const MAX_VALUE_CHARS = 1024

/** The text unchanged when short; else its start and a marker saying how much was left out. */
export function clip(text: string, max = MAX_VALUE_CHARS): string {
  if (text.length <= max) return text
  return `${text.slice(0, max)}… [${text.length - max} more characters]`
}
