import type { Problem } from './ingress/types.js'
import { InputError } from '../action/input-parsers.js'
import { SaeApiError, describeApiError } from './sae/errors.js'
import { sourceMappedStack } from './stack-trace.js'

export class ValidationFailed extends Error {
  constructor(file: string, problems: readonly Problem[]) {
    const first = problems[0]
    super(
      `${file} is not a valid ingress file (${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was sent)` +
        (first ? `: line ${first.line}: ${first.message}` : '')
    )
    this.name = 'ValidationFailed'
  }
}

/** A failure the user caused or the service reported: shown without a stack trace. */
export class ExpectedFailure extends Error {}

/** The live ingress cannot take the file's change as planned (e.g. it would exceed the rule limit). */
export class PlanRejected extends Error {}

/** Whatever was thrown, as one message for setFailed; stacks only for what we did not expect. */
export function failureMessage(err: unknown, action = 'SAE API call'): string {
  if (err instanceof SaeApiError) return describeApiError(err.action ?? action, err)
  if (err instanceof InputError || err instanceof ValidationFailed || err instanceof PlanRejected || err instanceof ExpectedFailure) {
    return err.message
  }
  if (err instanceof Error) return `Unexpected error: ${err.stack ? sourceMappedStack(err.stack) : err.message}`
  return `Unexpected error: ${String(err)}`
}
