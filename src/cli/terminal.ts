// What the CLI writes: the plan and the exported file to stdout, progress and problems to stderr. Every text is
// redacted with the run's secrets and shown without control characters (an answer could hold terminal escapes), and
// coloured only on a terminal, never with NO_COLOR.
import { styleText } from 'node:util'
import type { Log } from '../engine/log.js'
import { clip } from '../engine/text/clip.js'
import type { SecretRegistry } from '../engine/text/secrets.js'
import { showInvisible } from '../engine/text/visible.js'

type Stream = NodeJS.WritableStream & { isTTY?: boolean }

/** The process's streams and environment, handed in (tests give their own). */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: Stream
  stderr: Stream
  env: Readonly<Record<string, string | undefined>>
}

/** A message as long as a plan of 40 rules, at most. */
const MESSAGE_LIMIT = 64 * 1024

type Colour = 'green' | 'red' | 'yellow' | 'dim' | 'bold'

export class Terminal implements Log {
  private readonly colours: { out: boolean; err: boolean }

  constructor(
    readonly io: Io,
    private readonly secrets: SecretRegistry,
    private readonly verbose = false
  ) {
    // https://no-color.org: present and not empty turns colour off.
    const allowed = !io.env.NO_COLOR && typeof styleText === 'function'
    this.colours = { out: allowed && Boolean(io.stdout.isTTY), err: allowed && Boolean(io.stderr.isTTY) }
  }

  /** Outside text made safe for a terminal: redacted, cut, no control character left to act. */
  shown(text: string): string {
    return showInvisible(clip(this.secrets.redact(text), MESSAGE_LIMIT))
  }

  private paint(colour: Colour | undefined, text: string, stream: 'out' | 'err'): string {
    // Whether to colour is decided above, per stream; Node 22+ would otherwise look at stdout alone.
    return colour && this.colours[stream] ? (styleText as (format: Colour, text: string, options: object) => string)(colour, text, { validateStream: false }) : text
  }

  /** A line of the result (the plan, a file): stdout. */
  print(text: string, colour?: Colour): void {
    this.io.stdout.write(`${this.paint(colour, this.shown(text), 'out')}\n`)
  }

  /** A line about the work: stderr. */
  say(text: string, colour?: Colour): void {
    this.io.stderr.write(`${this.paint(colour, this.shown(text), 'err')}\n`)
  }

  /** The engine's progress (the plan it read, each phase's outcome): with --verbose; the commands say what matters. */
  info(message: string): void {
    if (this.verbose) this.say(message)
  }
  notice(message: string): void {
    this.say(`note: ${message}`)
  }
  warning(message: string): void {
    this.say(`warning: ${message}`, 'yellow')
  }
  error(message: string): void {
    this.say(`error: ${message}`, 'red')
  }
  debug(message: string): void {
    if (this.verbose) this.say(message, 'dim')
  }
  async group<T>(title: string, work: () => Promise<T>): Promise<T> {
    if (this.verbose) this.say(`── ${title}`, 'bold')
    return work()
  }

  /** The plan in the diff output's words, each change line coloured by what it does. */
  printDiff(diff: string): void {
    for (const line of diff.split('\n')) this.print(line, line.startsWith('+') ? 'green' : line.startsWith('-') ? 'red' : line.startsWith('~') || line.startsWith('!') ? 'yellow' : undefined)
  }
}
