// Declarations for delay-proxy.mjs (plain JavaScript, so the bench runs with bare node), for the TypeScript tests.

export interface Timers {
  now(): number
  setTimer(fn: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

export interface QueueItem {
  chunk?: Buffer
  end?: 'end' | 'destroy'
  due: number
}

export interface DelayQueue {
  push(item: QueueItem): void
  readonly length: number
  clear(): void
}

export declare function createDelayQueue(timers: Timers, release: (item: QueueItem) => void): DelayQueue
export declare function isClientHello(head: Buffer): boolean

export interface DelayProxyStats {
  connections: number
  clientHellos: number
  lateMsTotal: number
  lateMsMax: number
  releases: number
}

export interface DelayProxy {
  port: number
  stats: DelayProxyStats
  setRtt(ms: number): void
  readonly rttMs: number
  reset(): void
  close(): Promise<void>
}

export declare function startDelayProxy(options: {
  upstreamPort: number
  upstreamHost?: string
  rttMs: number
  timers?: Timers
}): Promise<DelayProxy>
