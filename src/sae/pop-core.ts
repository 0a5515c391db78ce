/**
 * @alicloud/pop-core, as shipped: its index exports the RPC client and hangs the ROA client on it. Its own typings
 * cover only the RPC client's constructor, so the two shapes this action uses are declared here.
 */
import popCore from '@alicloud/pop-core'

export interface PopCredentials {
  accessKeyId?: string
  accessKeySecret?: string
  securityToken?: string
}

/** Per-request options pop-core hands to its transport (httpx): never `headers`, which would replace the signed set. */
export interface PopRequestOptions {
  timeout?: number
  agent?: unknown
  method?: string
}

interface PopConfig {
  endpoint: string
  apiVersion: string
  credentialsProvider: { getCredentials(): Promise<PopCredentials> }
}

export interface RoaClient {
  request(method: string, uriPattern: string, query: Record<string, string>, body: string, headers: Record<string, string>, opts: PopRequestOptions): Promise<unknown>
}

export interface RpcClient {
  request<T = unknown>(action: string, params: Record<string, unknown>, options: PopRequestOptions): Promise<T>
}

const exported = popCore as unknown as {
  ROAClient: new (config: PopConfig) => RoaClient
  RPCClient: new (config: PopConfig) => RpcClient
}

export const ROAClient = exported.ROAClient
export const RPCClient = exported.RPCClient
