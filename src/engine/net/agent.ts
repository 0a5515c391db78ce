// One agent per host and run: every SAE call of a run (rollback included) shares it, so the run pays one TCP and one
// TLS handshake. It goes direct or through the proxy that ./proxy.ts picks, caps what a response may weigh, can open
// its connection before the first request (preconnect), and counts what it opened for debug logs and tests.
// pop-core (ROA and RPC) takes it as `opts.agent`; node's http/https take it as `agent`.
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import tls from 'node:tls'
import { Meter, type AgentStats } from './meter.js'
import { hostOf, portOf } from './address.js'
import { ProxiedAgent } from './proxied-agent.js'
import { proxyFor } from './proxy.js'

export type { AgentStats } from './meter.js'

/** A few MB is far more than any SAE or STS answer; anything larger is broken or hostile. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024

export interface AgentOptions {
  /** Responses larger than this fail with code `ResponseTooLarge` instead of being buffered. Default 4 MiB. */
  maxResponseBytes?: number
  /** DNS for direct connections (the health check vets addresses here). Unused through a proxy: DNS is the proxy's. */
  lookup?: LookupFunction
  /** CA certificates to trust instead of the bundled ones (tests; the action relies on NODE_EXTRA_CA_CERTS). */
  ca?: string | string[]
  /** A TCP connection to the target, already opening (./early-socket.ts): preconnect() starts TLS on it. */
  socket?: Socket
}

export interface NetAgent extends http.Agent {
  /** `host:port` of the proxy this agent tunnels through (no credentials), or undefined when it connects directly. */
  readonly proxyAddress: string | undefined
  /**
   * Opens the connection (TCP, and TLS for https) to the target now, so that the first request finds it ready.
   * Resolves once it is ready or has failed (a failure is left to the first request, which then connects itself);
   * never rejects. Opens at most one connection: later calls answer the first one's promise. Through a proxy it
   * does nothing: the first request opens the tunnel.
   */
  preconnect(): Promise<void>
  stats(): AgentStats
  /** HTTP status of the last response received through this agent (pop-core hides it on success). */
  lastStatus(): number | undefined
  /**
   * The last response's round trip on the wire, ms: from the request's last byte handed to the socket to the
   * response's headers. Making the connection (TCP, TLS, a proxy's tunnel) and waiting to retry are not in it.
   */
  lastRoundTrip(): number | undefined
}

// Node's Agent calls addRequest for every request; it is not in the documented API, but it is the hook agent
// libraries override (http-proxy-agent does), and the only place an agent sees the request and so its response.
export interface RequestHook {
  addRequest(req: http.ClientRequest, options: unknown): void
}

interface DirectSetup {
  meter: Meter
  target: URL
  /** lookup and ca: given to the agent (they win over a request's own) and to the early connection. */
  connectOptions: Record<string, unknown>
  /** The early TCP connection, if main opened one. */
  tcp?: Socket
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin pattern needs an any[] constructor
type AgentClass = new (...args: any[]) => http.Agent

/** A keep-alive agent for direct connections, over http.Agent or https.Agent. */
function directAgentClass<Base extends AgentClass>(Base: Base) {
  return class DirectAgent extends Base implements NetAgent {
    readonly proxyAddress = undefined
    readonly meter: Meter
    readonly target: URL
    readonly connectOptions: Record<string, unknown>
    /** Opened by preconnect(), handed to the first request that wants this target. */
    early: Duplex | undefined
    /** While the early TCP connection is still being made: settles once `early` is set, or when it failed. */
    pending: Promise<unknown> | undefined
    tcp: Socket | undefined
    opened: Promise<void> | undefined

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see AgentClass
    constructor(...args: any[]) {
      super(args[0] as http.AgentOptions)
      const setup = args[1] as DirectSetup
      this.meter = setup.meter
      this.target = setup.target
      this.connectOptions = setup.connectOptions
      this.tcp = setup.tcp
    }

    preconnect(): Promise<void> {
      return (this.opened ??= this.openEarly())
    }

    private openEarly(): Promise<void> {
      // Kept in this.tcp until adopted, so that destroy() ends it too.
      const tcp = this.tcp
      // The early TCP connection failed already (DNS, refused): the first request connects, and fails, on its own.
      if (tcp?.destroyed) {
        this.tcp = undefined
        return Promise.resolve()
      }
      if (!tcp?.connecting) return settled(this.adopt(tcp))
      // TLS starts once TCP is up: until then Node may still move on to another of the host's addresses, on a new
      // handle (autoSelectFamily), and TLS started over the first one would not follow.
      const up = new Promise<Duplex | undefined>(resolve => {
        const connected = (): void => {
          tcp.off('close', failed)
          resolve(this.adopt(tcp))
        }
        const failed = (): void => {
          tcp.off('connect', connected)
          this.tcp = undefined
          resolve(undefined)
        }
        tcp.once('connect', connected).once('close', failed)
      })
      this.pending = up
      return up.then(socket => (socket ? settled(socket) : undefined))
    }

    /** The early connection: TLS over `tcp` for https, `tcp` itself for http, or a new one without it. */
    private adopt(tcp: Socket | undefined): Duplex {
      const host = hostOf(this.target)
      const options = {
        ...this.connectOptions,
        host,
        port: portOf(this.target),
        // What node's agent would send as SNI for this host (none for an IP address).
        servername: /^[\d.]+$|:/.test(host) ? '' : host,
        ...(tcp ? { socket: tcp } : {})
      }
      const socket = tcp && this.target.protocol !== 'https:' ? tcp : super.createConnection(options as http.ClientRequestArgs)
      this.meter.connection(socket)
      // A failure here is left to the request: it finds the socket destroyed and connects (and fails) on its own.
      socket.on('error', () => undefined)
      // Like a pooled socket: it must not keep the process alive if no request ever comes.
      ;(socket as Socket).unref?.()
      this.early = socket
      this.tcp = undefined
      this.pending = undefined
      return socket
    }

    /** The early connection, unless it failed; it now keeps the process alive like any socket in use. */
    private takeEarly(): Duplex | undefined {
      const early = this.early
      this.early = undefined
      if (!early || early.destroyed) return undefined
      ;(early as Socket).ref?.()
      return early
    }

    override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex {
      if (String(options.port) === String(portOf(this.target)) && options.host === hostOf(this.target)) {
        const early = this.takeEarly()
        if (early) return early
        // The early TCP connection is still being made: the request waits for it rather than open a second one.
        // Node's agent takes the connection from the callback when none is returned.
        const pending = this.pending
        if (pending && callback) {
          this.pending = undefined
          void pending.then(() => callback(null, this.takeEarly() ?? this.connect(options)))
          return undefined as unknown as Duplex
        }
      }
      return this.connect(options, callback)
    }

    private connect(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex {
      const socket = super.createConnection(options, callback)
      this.meter.connection(socket)
      return socket
    }

    addRequest(req: http.ClientRequest, options: unknown): void {
      this.meter.request(req)
      ;(Base.prototype as unknown as RequestHook).addRequest.call(this, req, options)
    }

    stats(): AgentStats {
      return { ...this.meter.counts }
    }

    lastStatus(): number | undefined {
      return this.meter.lastStatus
    }

    lastRoundTrip(): number | undefined {
      return this.meter.lastRoundTripMs
    }

    override destroy(): void {
      this.tcp?.destroy()
      this.tcp = undefined
      this.early?.destroy()
      this.early = undefined
      super.destroy()
    }
  }
}

/** Resolves once `socket` is ready (TLS done, or connected for plain TCP) or has closed; never rejects. */
function settled(socket: Duplex): Promise<void> {
  return new Promise(resolve => {
    socket.once(socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect', () => resolve())
    socket.once('close', () => resolve())
  })
}

// The mixin's own constructor signature is lost in TypeScript's typing of mixins; this is the one it has.
type DirectAgentConstructor = new (agentOptions: http.AgentOptions, setup: DirectSetup) => NetAgent
const DirectHttpsAgent = directAgentClass(https.Agent) as unknown as DirectAgentConstructor
const DirectHttpAgent = directAgentClass(http.Agent) as unknown as DirectAgentConstructor

/**
 * The agent for requests to `target`'s host: through the proxy the environment names for it (./proxy.ts), else
 * direct with keep-alive. Create one per host and run, and pass it to every request to that host.
 */
export function createAgent(target: URL | string, options: AgentOptions = {}): NetAgent {
  const url = typeof target === 'string' ? new URL(target) : target
  const meter = new Meter(url.hostname, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)
  const route = proxyFor(url)
  if (route) {
    // A tunnel is opened per request; a direct TCP connection has no use here.
    options.socket?.destroy()
    return new ProxiedAgent(url, route, meter, { ca: options.ca })
  }
  const connectOptions: Record<string, unknown> = {}
  if (options.lookup) connectOptions.lookup = options.lookup
  if (options.ca && url.protocol === 'https:') connectOptions.ca = options.ca
  const Direct = url.protocol === 'https:' ? DirectHttpsAgent : DirectHttpAgent
  const setup: DirectSetup = { meter, target: url, connectOptions, tcp: options.socket }
  return new Direct({ keepAlive: true, scheduling: 'lifo', ...connectOptions }, setup)
}
