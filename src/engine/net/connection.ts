import type { Socket } from 'node:net'
import { apiEndpoint, type Settings } from '../../action/inputs.js'
import { createAgent, type NetAgent } from './agent.js'

/**
 * The run's one connection to the SAE endpoint (through the proxy the environment names, if any): TLS starts on
 * `tcp` (./early-socket.ts) when main opened it, so the handshakes overlap with loading the rest of the action and
 * validating the file. Undefined when this run will not call the API (no endpoint, or an offline dry run). Every SAE
 * call of the run, rollback included, goes through it.
 */
export function openConnection(settings: Settings, tcp?: Socket): NetAgent | undefined {
  const endpoint = apiEndpoint(settings)
  if (endpoint === undefined) return undefined
  const agent = createAgent(endpoint, { socket: tcp })
  void agent.preconnect()
  return agent
}
