import * as core from '../log.js'

/** The step's outputs, collected as the run learns them and emitted once, on success and on failure alike. */
export interface Outputs {
  'ingress-id'?: number
  'request-id'?: string
  'trace-id'?: string
  changed?: boolean
  urls?: string[]
  diff?: string
  'previous-config'?: string
}

export function emitOutputs(outputs: Outputs): void {
  const entries: Array<[string, string]> = []
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) entries.push([name, Array.isArray(value) ? JSON.stringify(value) : String(value)])
  }
  core.setOutputs(entries)
}
