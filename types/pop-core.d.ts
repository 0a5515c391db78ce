// pop-core ships typings only for RPCClient (lib/rpc.d.ts) and none for ROAClient or credentialsProvider,
// so the two classes are declared here and imported by their file paths (which also keeps the bundle
// from pulling the RPC client into the apply path).

declare module '@alicloud/pop-core/lib/roa.js' {
  export interface Credentials {
    accessKeyId: string
    accessKeySecret: string
    securityToken?: string
  }
  export interface ROAConfig {
    endpoint: string
    apiVersion: string
    accessKeyId?: string
    accessKeySecret?: string
    securityToken?: string
    credentialsProvider?: { getCredentials(): Promise<Partial<Credentials>> }
    /** Passed to httpx: timeout (ms), agent, ... Never `headers`: it replaces the signed set. */
    opts?: Record<string, unknown>
  }
  export interface ROARequestOptions {
    timeout?: number
    readTimeout?: number
    connectTimeout?: number
    rawBody?: boolean
    agent?: unknown
  }
  class ROAClient {
    constructor(config: ROAConfig)
    keepAliveAgent: import('node:http').Agent
    request(
      method: string,
      uriPattern: string,
      query?: Record<string, string>,
      body?: string,
      headers?: Record<string, string>,
      opts?: ROARequestOptions
    ): Promise<unknown>
    get(path: string, query?: Record<string, string>, headers?: Record<string, string>, opts?: ROARequestOptions): Promise<unknown>
    put(path: string, query?: Record<string, string>, body?: string, headers?: Record<string, string>, opts?: ROARequestOptions): Promise<unknown>
  }
  export default ROAClient
}

declare module '@alicloud/pop-core/lib/rpc.js' {
  export interface RPCConfig {
    endpoint: string
    apiVersion: string
    accessKeyId?: string
    accessKeySecret?: string
    securityToken?: string
    credentialsProvider?: { getCredentials(): Promise<Record<string, string | undefined>> }
    codes?: Array<string | number>
    opts?: Record<string, unknown>
  }
  class RPCClient {
    constructor(config: RPCConfig)
    request<T = unknown>(action: string, params: Record<string, unknown>, options?: Record<string, unknown>): Promise<T>
  }
  export default RPCClient
}
