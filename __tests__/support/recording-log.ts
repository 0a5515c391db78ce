// A Log (src/engine/log.ts) that keeps what the engine said, by kind, and the sections (groups) it opened, in order.
import type { Log } from '../../src/engine/log.js'

export interface Said {
  info: string[]
  notice: string[]
  warning: string[]
  debug: string[]
  groups: string[]
}

export function recordingLog(): { log: Log; said: Said } {
  const said: Said = { info: [], notice: [], warning: [], debug: [], groups: [] }
  const log: Log = {
    info: message => void said.info.push(message),
    notice: message => void said.notice.push(message),
    warning: message => void said.warning.push(message),
    debug: message => void said.debug.push(message),
    group: async (title, work) => {
      said.groups.push(title)
      return work()
    }
  }
  return { log, said }
}
