import type { Clock } from './clock.js'
import { getSettings } from './inputs.js'
import { openConnection } from './net/connection.js'
import type { Start } from './step.js'

/**
 * The run: read the inputs and open the connection to the endpoint at once, then load the rest of the action (the
 * toolkit, the planner, the client) and run the step. Loading is most of a run's own time; done after the connection
 * is opened, it overlaps with the TCP and TLS handshakes, which at a distance cost two round trips.
 */
export async function run(clock?: Clock): Promise<void> {
  let start: Start
  try {
    const settings = getSettings()
    start = { settings, connection: openConnection(settings) }
  } catch (refused) {
    start = { refused }
  }
  const { runStep } = await import('./step.js')
  await runStep(start, clock)
}
