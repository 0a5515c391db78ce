import type { UpdateRequest } from '../ingress/types.js'
import type { CallMeta, LiveIngress } from '../model/live.js'

export type { CallMeta, LiveIngress, LiveRule } from '../model/live.js'

export interface UpdateOptions {
  /**
   * false: exactly one attempt; a failure is a SaeApiError whose `transient` says whether another may help. For
   * callers that must re-read the live ingress before trying again (upsert and remove merge into it).
   */
  retry?: boolean
}

/** The two calls the action makes. Answers are checked before they are returned (see answers.ts). */
export interface SaeClient {
  describeIngress(ingressId: number): Promise<CallMeta & { ingress: LiveIngress }>
  updateIngress(request: UpdateRequest, options?: UpdateOptions): Promise<CallMeta & { ingressId: number }>
}
