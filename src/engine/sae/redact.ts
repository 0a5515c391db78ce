/**
 * Kept for callers not yet moved to the one redactor (src/log.ts `redact`): registers the given secrets with the
 * run's registry and returns that redactor, so a message scrubbed here is scrubbed of every secret the run knows.
 */
import { addSecret, redact } from '../../action/log.js'
import type { Redactor } from '../text/secrets.js'

export type { Redactor } from '../text/secrets.js'

export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  for (const secret of secrets) addSecret(secret)
  return redact
}
