/** The text as a person reads it once GitHub has rendered it: Markdown's backslash escapes and HTML's entities undone. */
export function asRead(text: string): string
export default function teardown(): void
