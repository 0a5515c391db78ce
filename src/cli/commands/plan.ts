// `sae-ingress plan` and `apply`: the file planned against the live ingress, as the action plans it; apply then writes
// and confirms exactly as the action does (the same merge, confirmation and RuleActions guard), once a person said yes.
import { createInterface } from 'node:readline/promises'
import { applyIngress, type ApplyResult } from '../../engine/apply/deploy.js'
import type { Clock, Deadline } from '../../engine/clock.js'
import { InputError } from '../../engine/failure.js'
import type { RulesMode } from '../../engine/ingress/types.js'
import { renderDiff } from '../../engine/plan/render-diff.js'
import type { Plan } from '../../engine/plan/types.js'
import { resolveIngress, withSaeSession } from '../../engine/sae/session.js'
import { ingressRef, saeTarget, timeoutMs, type RemoteOptions, type Session } from '../context.js'
import { validFile } from './validate.js'

export interface PlanOptions extends RemoteOptions {
  rulesMode: RulesMode
  dropRuleActions?: boolean
  yes?: boolean
}

/** Exit codes of `plan`, as Terraform's -detailed-exitcode: 0 nothing to change, 2 changes, 1 an error. */
export const PLAN_EXIT = { unchanged: 0, error: 1, changes: 2 } as const

/**
 * --timeout bounds the API work, not a person reading the plan: the time spent waiting for an answer is added back
 * (the engine reads the live ingress again after a slow approval, so nothing approved long ago is written blindly).
 */
function apiDeadline(clock: Clock, ms: number): Deadline & { excluding<T>(wait: () => Promise<T>): Promise<T> } {
  let end = clock.now() + ms
  return {
    clock,
    remainingMs: () => Math.max(0, end - clock.now()),
    expired: () => clock.now() >= end,
    async excluding(wait) {
      const started = clock.now()
      try {
        return await wait()
      } finally {
        end += clock.now() - started
      }
    }
  }
}

async function run(path: string, options: PlanOptions, session: Session, write: boolean): Promise<ApplyResult> {
  const { terminal, ctx } = session
  const file = validFile(path, options.rulesMode, terminal)
  const ref = ingressRef(options, file)
  const target = saeTarget(options, session, terminal.io.env)
  let shown = false
  const show = (plan: Plan) => {
    shown = true
    terminal.printDiff(renderDiff(plan))
  }
  const deadline = apiDeadline(ctx.clock, timeoutMs(options))
  return withSaeSession(target, ctx, deadline, async sae => {
    const ingressId = await resolveIngress(sae, ref)
    const approve = async (plan: Plan) => {
      show(plan)
      return options.yes || deadline.excluding(() => ask(session, ingressId))
    }
    const result = await applyIngress(
      { ...file, IngressId: ingressId },
      { ingressId, mode: options.rulesMode, dryRun: !write, wait: true, dropRuleActions: options.dropRuleActions ?? false, ...(write ? { approve } : {}) },
      sae,
      ctx
    )
    if (!shown) show(result.plan)
    return result
  })
}

/**
 * Asks on the terminal; only `yes` applies, as Terraform asks. No answer is a no: stdin ending closes the prompt
 * without ever settling its question, and Ctrl-C or Ctrl-D on a terminal rejects it (AbortError).
 */
async function ask({ terminal }: Session, ingressId: number): Promise<boolean> {
  const prompt = createInterface({ input: terminal.io.stdin, output: terminal.io.stderr })
  try {
    const answer = await new Promise<string | undefined>(resolve => {
      prompt.question(`Apply this plan to ingress ${ingressId}? Only 'yes' applies it: `).then(resolve, () => resolve(undefined))
      // After the answer, when a last line and the end of stdin come together.
      prompt.once('close', () => setImmediate(resolve, undefined))
    })
    if (answer === undefined) terminal.io.stderr.write('\n')
    return answer?.trim() === 'yes'
  } finally {
    prompt.close()
  }
}

export async function planCommand(path: string, options: PlanOptions, session: Session): Promise<number> {
  const result = await run(path, options, session, false)
  if (result.error) {
    session.terminal.error(result.error)
    return PLAN_EXIT.error
  }
  return result.plan.changed ? PLAN_EXIT.changes : PLAN_EXIT.unchanged
}

/** Exit 0 when the change was applied and confirmed (or there was none to make), 1 otherwise: nothing else is said. */
export async function applyCommand(path: string, options: PlanOptions, session: Session): Promise<number> {
  const { terminal } = session
  if (!options.yes && !terminal.io.stdin.isTTY) {
    throw new InputError('apply asks before it writes, and stdin is not a terminal: pass --yes to apply without asking. Nothing was done.')
  }
  const result = await run(path, options, session, true)
  switch (result.outcome) {
    case 'updated':
      terminal.say(`Applied and confirmed (RequestId ${result.update?.requestId ?? 'none'}).`, 'green')
      return 0
    case 'unchanged':
      terminal.say('No changes: nothing was written.')
      return 0
    case 'declined':
      terminal.say('Not applied: nothing was written.')
      return 1
    default:
      terminal.error(result.error ?? 'the apply failed')
      return 1
  }
}
