/** What the process writes to stdout during each test (as the runner would read it), captured instead of printed. */
export function captureStdout(): { text(): string; clear(): void } {
  let written: string[] = []
  const realWrite = process.stdout.write.bind(process.stdout)
  beforeEach(() => {
    written = []
    process.stdout.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof process.stdout.write
  })
  afterEach(() => {
    process.stdout.write = realWrite
  })
  return { text: () => written.join(''), clear: () => void (written = []) }
}
