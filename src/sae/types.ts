import type { UpdateRequest } from '../ingress/types.js'
import type { CallMeta, LiveIngress } from '../model/live.js'

export type { CallMeta, LiveIngress, LiveRule } from '../model/live.js'

export interface SaeClient {
  describeIngress(ingressId: number): Promise<CallMeta & { ingress: LiveIngress }>
  updateIngress(request: UpdateRequest): Promise<CallMeta & { ingressId: number }>
}
