import type { Socket } from 'node:net'
import type { Clock } from '../engine/clock.js'
import { apiEndpoint, getSettings } from './inputs.js'
import { departed, nextTurn, openTcp } from '../engine/net/early-socket.js'
import type { Start } from './step.js'

/**
 * The run: read the inputs and send the TCP handshake to the endpoint at once, then load the rest of the action in
 * steps (TLS and the agent, then the planner and the client; the toolkit while the first request travels, see
 * step.ts) and run the step. Loading is most of a run's own time; done while the TCP and TLS handshakes travel (two
 * round trips at a distance), it costs the run little. Between steps the event loop turns, so the handshake's next
 * packet leaves as soon as its answer is in.
 */
export async function run(clock?: Clock): Promise<void> {
  let start: Start
  let tcp: Socket | undefined
  try {
    const settings = getSettings()
    const endpoint = apiEndpoint(settings)
    tcp = endpoint === undefined ? undefined : openTcp(endpoint)
    await departed(tcp, endpoint)
    const { openConnection } = await import('../engine/net/connection.js')
    start = { settings, connection: openConnection(settings, tcp) }
  } catch (refused) {
    tcp?.destroy()
    start = { refused }
  }
  await nextTurn()
  const { runStep } = await import('./step.js')
  await runStep(start, clock)
}
