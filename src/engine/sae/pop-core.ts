/**
 * @alicloud/pop-core, as shipped: its index exports the RPC client and hangs the ROA client on it. Its own typings
 * cover only the RPC client's constructor, so the two shapes this action uses are declared here. It is required when
 * a client is first made, not when the action loads: a static import would load it (and its dependencies) before the
 * run opens its connection, so the TCP and TLS handshakes could not overlap with loading it.
 */
import { createRequire } from 'node:module'

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

interface PopCore {
  ROAClient: new (config: PopConfig) => RoaClient
  RPCClient: new (config: PopConfig) => RpcClient
}

let loaded: PopCore | undefined
const popCore = (): PopCore => (loaded ??= createRequire(import.meta.url)('@alicloud/pop-core') as PopCore)

export const createRoaClient = (config: PopConfig): RoaClient => new (popCore().ROAClient)(config)
export const createRpcClient = (config: PopConfig): RpcClient => new (popCore().RPCClient)(config)
