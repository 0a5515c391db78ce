// Hand-written declarations for emulator/index.mjs. The emulator is plain JavaScript so that
// `npm start` and workflows can run it with bare node; these types let the TypeScript tests and
// scripts use it with checking.

import type { LiveIngress } from '../src/engine/sae/types.js'

export type { LiveIngress }
export * from './oidc-token-server.mjs'
export * from './github-fake.mjs'

export interface EmulatorCredential {
  accessKeyId: string
  accessKeySecret: string
  /** When set, requests must carry it as x-acs-security-token (plus x-acs-accesskey-id). */
  securityToken?: string
}

export interface StsOptions {
  /** Roles that exist (AssumeRole and AssumeRoleWithOIDC); others get EntityNotExist.Role. Default: any well-formed role ARN. */
  roleArns?: string[]
  /** Registered OIDC providers; others get AuthenticationFail.NoPermission. Default: any well-formed ARN. */
  oidcProviderArns?: string[]
  /** Required `aud` of the OIDC token; default sts.aliyuncs.com. */
  audience?: string
  /** Required `iss`; default https://token.actions.githubusercontent.com. */
  issuer?: string
  /** The role's MaxSessionDuration in seconds (DurationSeconds may go up to it); default 3600. */
  durationMax?: number
}

export interface EmulatorOptions {
  /** Default 0: a random free port. Always binds 127.0.0.1. */
  port?: number
  /**
   * Who may sign SAE calls and STS AssumeRole (an ~/.aliyun/config.json RamRoleArn profile's access_key_id/secret).
   * Default: one pair testAccessKeyId / testAccessKeySecret. IDs starting with LTAI are refused.
   */
  credentials?: EmulatorCredential[]
  /** Seed state; RequestTimeout 60, IdleTimeout 15, ListenerProtocol HTTP, rule AppName/BackendProtocol filled in. */
  ingresses?: LiveIngress[]
  /** DescribeIngress/ListIngresses show the previous state this long after an UpdateIngress. Default 0. */
  propagationDelayMs?: number
  /** Clock used for Date checks, nonces, STS expiry and propagation. Default Date.now. */
  now?: () => number
  /** When set, CertId/CertIds entries not listed fail with SSLCert.NotFound. */
  knownCertIds?: string[]
  /** A rule written with a rewritePath shows it as a `rewrite` RuleAction too (whether the service does is not documented). */
  rewriteActions?: boolean
  /** ListenerPort values that fail with SlbListenerPort.NotAvailable (unless already the ingress's port). */
  occupiedPorts?: number[]
  sts?: StsOptions
  /** Serve https with this key and certificate (from createTestCa); the url then starts with https://. */
  tls?: { keyPem: string; certPem: string }
  /** Used in HostId (sae.<region>.aliyuncs.com). Default cn-hangzhou. */
  region?: string
}

export type FaultKind =
  | 'throttle'
  | 'unavailable'
  | 'status'
  | 'html'
  | 'reset'
  | 'hang'
  | 'truncated'
  | 'badjson'
  | 'successFalse'
  | 'error'
  | 'dropUpdate'
  | 'raw'
  | 'redirect'
  | 'oversized'
  | 'endless'

export type ActionName = 'DescribeIngress' | 'UpdateIngress' | 'ListIngresses' | 'AssumeRoleWithOIDC' | 'AssumeRole' | (string & {})

interface FaultBase {
  /** Only requests for this action; dropUpdate defaults to UpdateIngress, the others to any action. */
  action?: ActionName
  /** Number of matching requests affected; default 1, Infinity allowed. */
  times?: number
  /** Runs when the fault is applied, before anything is answered: e.g. another writer's setIngress meanwhile. */
  onApply?: (ctx: { requestId: string }) => void
}

export type Fault = FaultBase &
  (
    | { kind: 'throttle'; retryAfterMs?: number }
    | { kind: 'unavailable' | 'reset' | 'hang' | 'truncated' | 'badjson' | 'dropUpdate' }
    | { kind: 'status'; status: number }
    | { kind: 'html'; status?: number }
    | { kind: 'successFalse'; code?: string; message?: string }
    | { kind: 'error'; status: number; code: string; message?: string }
    | {
        kind: 'raw'
        status?: number
        headers?: Record<string, string>
        /** A string is sent as is, anything else as JSON; a function receives { requestId } first. */
        body?: unknown | ((ctx: { requestId: string }) => unknown)
      }
    | {
        /** A 3xx with a Location header; by default the same URL, so following it would get a real answer. */
        kind: 'redirect'
        status?: number
        location?: string
      }
    | {
        /** A well-formed success answer padded to at least `bytes` (default 6 MiB) of JSON, streamed. */
        kind: 'oversized'
        bytes?: number
        /** No content-length: the size shows only while reading. */
        chunked?: boolean
        /** The JSON object to pad (or a function of { requestId }); default a success body with empty Data. */
        body?: unknown | ((ctx: { requestId: string }) => unknown)
      }
    | {
        /** A success answer that never ends: JSON rules written forever, cut after `durationMs` (default 20 s). */
        kind: 'endless'
        /** Bytes per write (default 64 KiB); a few bytes with a long interval make a trickle. */
        chunkBytes?: number
        intervalMs?: number
        durationMs?: number
      }
  )

export interface RecordedRequest {
  method: string
  path: string
  /** Decoded query parameters. */
  query: Record<string, string>
  /** Query and form body merged, as the API saw them. */
  params: Record<string, string>
  /** Lower-cased header names. */
  headers: Record<string, string>
  body: string
  action: ActionName | undefined
  /** Undefined while unanswered, or when the connection was cut before a status line. */
  status: number | undefined
  /** Kind of the fault applied to this request, if any. */
  fault: FaultKind | undefined
  /** Emulator clock (options.now) at arrival. */
  time: number
}

export interface Emulator {
  /** e.g. http://127.0.0.1:41234 — use as the ROA/RPC endpoint. */
  url: string
  port: number
  requests: RecordedRequest[]
  /** Ids of every ingress it holds, in order. */
  ingressIds(): number[]
  /** The real current state (ignores propagation delay); a deep copy. */
  getIngress(id: number): LiveIngress | undefined
  /** Replaces (or creates) an ingress behind the client's back; visible immediately. */
  setIngress(live: LiveIngress): void
  inject(fault: Fault): void
  clearFaults(): void
  /** Stops listening and destroys every open socket, hung ones included. */
  close(): Promise<void>
}

export declare const DEFAULT_CREDENTIAL: Readonly<EmulatorCredential>
export declare const FAULT_KINDS: readonly FaultKind[]
/** The RuleAction a rewritePath shows as when the service shows it as one: the path rewritten, host and query kept. */
export declare function rewriteAction(rewritePath: string): { ActionType: string; ActionConfig: string }
export interface TestCa {
  dir: string
  /** For NODE_EXTRA_CA_CERTS. */
  caFile: string
  caPem: string
  keyPem: string
  certPem: string
}
/** A throwaway CA and a server certificate for the given names (openssl command line); default localhost and 127.0.0.1. */
export declare function createTestCa(hostnames?: string[]): TestCa
export declare function startEmulator(options?: EmulatorOptions): Promise<Emulator>
/** The emulator of this process serving `url` (its base URL), if any. */
export declare function emulatorAt(url: string): Emulator | undefined
