import type { Settings } from '../inputs.js'
import { createAgent, type NetAgent } from './agent.js'

/** Whether this run can reach the API at all; an offline dry run validates the file and stops. */
export function canAuthenticate(settings: Settings): boolean {
  return settings.credentials !== undefined || (settings.oidc?.tokenAvailable ?? false)
}

/**
 * The run's one connection to the SAE endpoint (through the proxy the environment names, if any), opened at once so
 * that the TCP and TLS handshakes overlap with loading the rest of the action and validating the file. Undefined when
 * this run will not call the API (no endpoint, or an offline dry run). Every SAE call of the run, rollback included,
 * goes through it.
 */
export function openConnection(settings: Settings): NetAgent | undefined {
  if (!settings.endpoint || !canAuthenticate(settings)) return undefined
  const agent = createAgent(settings.endpoint)
  void agent.preconnect()
  return agent
}
