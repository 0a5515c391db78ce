// How the Actions runner reads a step's output, for tests that feed hostile text through the action: which lines it
// would take as workflow commands. At least as strict as the runner: it ends a line at \r, \n or \r\n, trims leading
// whitespace (.NET's, which includes U+0085 and U+00A0; format and ignorable characters are skipped too, as a
// culture-aware comparison may) and reads `::name props::data`; failing that, `##[name props]data` anywhere.

export interface RunnerCommand {
  syntax: 'v2' | 'legacy'
  name: string
  /** The command's data, unescaped as the runner does (%0D, %0A, %25). */
  data: string
  line: string
}

/** The commands this action issues itself (through @actions/core). */
export const ACTION_COMMANDS = ['add-mask', 'group', 'endgroup', 'debug', 'notice', 'warning', 'error'] as const

const LEADING = /^[\s\u0085\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}]*/u

const unescapeData = (value: string) => value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

export function runnerCommands(output: string): RunnerCommand[] {
  const commands: RunnerCommand[] = []
  for (const line of output.split(/\r\n|\r|\n/)) {
    const trimmed = line.slice(LEADING.exec(line)![0].length)
    const v2 = /^::([^\s:]*)(?: [^:]*)?::(.*)$/s.exec(trimmed)
    if (v2) {
      commands.push({ syntax: 'v2', name: v2[1]!, data: unescapeData(v2[2]!), line })
      continue
    }
    const legacy = /#[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*#[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*\[([^\]\s]*)[^\]]*\](.*)$/u.exec(line)
    if (legacy) commands.push({ syntax: 'legacy', name: legacy[1]!, data: legacy[2]!, line })
  }
  return commands
}

/**
 * Commands in the output that the action did not write itself: a command it never issues (stop-commands, echo,
 * add-matcher...), any legacy command, or one whose data starts with text a test injected (a line `::warning::X`
 * where X came from a value).
 */
export function foreignCommands(output: string, injected: readonly string[] = []): string[] {
  return runnerCommands(output)
    .filter(
      command =>
        command.syntax === 'legacy' ||
        !(ACTION_COMMANDS as readonly string[]).includes(command.name) ||
        injected.some(text => command.data.startsWith(text))
    )
    .map(command => `${command.syntax} ${command.name}: ${JSON.stringify(command.line.slice(0, 120))}`)
}
