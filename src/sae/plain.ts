/**
 * pop-core parses JSON with json-bigint: objects come with a null prototype and integers beyond 2^53 as
 * BigNumber objects. Round-tripping through JSON gives ordinary objects; BigNumber serialises itself as a string.
 */
export function toPlain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
}
