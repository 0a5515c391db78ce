// `sae-ingress`: validate, plan, apply and export ingress files on the engine the action runs. Arguments are
// commander's (help, version, "did you mean" for unknown options); every failure is one message on stderr and an exit
// code: 0 success, 1 an error, and for `plan` 2 when there are changes.
import { Command, CommanderError, Option } from 'commander'
import { failureMessage } from '../engine/failure-message.js'
import { RULES_MODES } from '../engine/ingress/types.js'
import { VERSION } from '../engine/version.generated.js'
import { openTerminal, type Session } from './context.js'
import { exportCommand } from './commands/export.js'
import { applyCommand, planCommand } from './commands/plan.js'
import { validateCommand } from './commands/validate.js'
import type { Io } from './terminal.js'

const rulesMode = () =>
  new Option('--rules-mode <mode>', "replace: the file's Rules are the whole rule set; upsert or remove: only the file's rules").choices(RULES_MODES).default('replace')

/** The options of the commands that read the live ingress. */
function remote(command: Command): Command {
  return command
    .option('--ingress-id <id>', "the ingress to plan against (default: the file's IngressId)")
    .option('--namespace-id <id>', 'with --ingress-name: the namespace (e.g. cn-hangzhou:prod) to find the ingress in by name')
    .option('--ingress-name <name>', "with --namespace-id: the ingress's name (its Description, else its generated Name)")
    .option('--region <region>', 'e.g. cn-hangzhou (default: ALIBABA_CLOUD_REGION_ID, or the profile\'s region_id)')
    .option('--endpoint <url>', 'another SAE endpoint: https://, or http:// on loopback (the emulator)')
    .option('--profile <name>', 'the ~/.aliyun/config.json profile to sign with (default: the credential chain)')
    .option('--timeout <seconds>', 'for all API work, retries and confirmation included', '300')
    .option('--verbose', 'say each API call and phase on stderr')
}

/** The program, writing to `io` through the run's terminal; each command's action sets `exit`. */
function program(io: Io, shared: Session, exit: (code: number) => void): Command {
  const cli = new Command('sae-ingress')
    .description('Validate, plan, apply and export Alibaba Cloud SAE ingress files (the engine of the sae-ingress GitHub Action).')
    .version(VERSION)
    .showSuggestionAfterError()
    .configureOutput({ writeOut: text => io.stdout.write(text), writeErr: text => io.stderr.write(text) })
    .exitOverride()

  cli
    .command('validate')
    .description('check a file offline: every problem as <file>:<line>:<column>: <message>; exit 0 valid, 1 invalid')
    .argument('<file>', 'the ingress JSON file')
    .addOption(rulesMode())
    .action((file: string, options: { rulesMode: (typeof RULES_MODES)[number] }) => exit(validateCommand(file, options, shared.terminal)))

  remote(
    cli
      .command('plan')
      .description('plan the file against the live ingress, never writing; exit 0 no changes, 2 changes, 1 error')
      .argument('<file>', 'the ingress JSON file')
      .addOption(rulesMode())
      .option('--drop-rule-actions', 'plan as if dropping RuleActions of rules sent again were accepted')
  ).action(async (file: string, options) => exit(await planCommand(file, options, shared)))

  remote(
    cli
      .command('apply')
      .description('plan, ask, then write and confirm as the action does; exit 0 applied or nothing to do, 1 failed')
      .argument('<file>', 'the ingress JSON file')
      .addOption(rulesMode())
      .option('--drop-rule-actions', 'accept dropping RuleActions of rules sent again (the plan names each)')
      .option('--yes', 'apply without asking (needed when stdin is not a terminal)')
  ).action(async (file: string, options) => exit(await applyCommand(file, options, shared)))

  remote(
    cli
      .command('export')
      .description('write the live ingress as an ingress file (stdout, or --output); plan of that file shows no changes')
      .option('--output <file>', 'write the file here instead of stdout (an existing file is not overwritten)')
  ).action(async options => exit(await exportCommand(options, shared)))

  return cli
}

/** Runs the CLI on `args` and answers its exit code. */
export async function main(args: readonly string[], io: Io): Promise<number> {
  // One terminal and one registry of secrets for the whole run, so that a failure is redacted as everything else.
  const shared = openTerminal(io, args.includes('--verbose'))
  let code = 0
  try {
    await program(io, shared, result => (code = result)).parseAsync([...args], { from: 'user' })
    return code
  } catch (err) {
    // Help, the version and usage errors: commander has written what there is to say.
    if (err instanceof CommanderError) return err.exitCode
    shared.terminal.error(failureMessage(err))
    return 1
  }
}
