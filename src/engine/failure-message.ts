import { ExpectedFailure } from './failure.js'
import { SaeApiError, describeApiError } from './sae/errors.js'
import { sourceMappedStack } from './stack-trace.js'

/** Whatever was thrown, as one message for the user; stack traces only for what nobody expected. */
export function failureMessage(err: unknown, action = 'SAE API call'): string {
  if (err instanceof SaeApiError) return describeApiError(err.action ?? action, err)
  if (err instanceof ExpectedFailure) return err.message
  if (err instanceof Error) return `Unexpected error: ${err.stack ? sourceMappedStack(err.stack) : err.message}`
  return `Unexpected error: ${String(err)}`
}
