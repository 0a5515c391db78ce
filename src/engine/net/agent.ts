// One agent per host and run: every SAE call of a run (rollback included) shares it, so the run pays one TCP and one
// TLS handshake, made when the first request needs them. It goes direct or through the proxy that ./proxy.ts picks,
// caps what a response may weigh, and counts what it opened for debug logs and tests.
// pop-core (ROA and RPC) takes it as `opts.agent`; node's http/https take it as `agent`.
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import type { Duplex } from 'node:stream'
import { Meter } from './meter.js'
import { ProxiedAgent } from './proxied-agent.js'
import { proxyFor, type ProxyVariables } from './proxy.js'
import type { AgentStats, NetAgent, RequestHook } from './types.js'

export type { AgentStats, NetAgent } from './types.js'

/** A few MB is far more than any SAE or STS answer; anything larger is broken or hostile. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024

export interface AgentOptions {
  /** How the proxy variables are read (the front end's rules); a target they bypass is reached directly. */
  proxies: ProxyVariables
  /** Responses larger than this fail with code `ResponseTooLarge` instead of being buffered. Default 4 MiB. */
  maxResponseBytes?: number
  /** DNS for direct connections (the health check vets addresses here). Unused through a proxy: DNS is the proxy's. */
  lookup?: LookupFunction
  /** CA certificates to trust instead of the bundled ones (tests; the action relies on NODE_EXTRA_CA_CERTS). */
  ca?: string | string[]
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin pattern needs an any[] constructor
type AgentClass = new (...args: any[]) => http.Agent

/** A keep-alive agent for direct connections, over http.Agent or https.Agent, that tells its meter what it does. */
function directAgentClass<Base extends AgentClass>(Base: Base) {
  return class DirectAgent extends Base implements NetAgent {
    readonly proxyAddress = undefined
    meter!: Meter

    override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex {
      const socket = super.createConnection(options, callback)
      if (socket) this.meter.connection(socket)
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
  }
}

const DirectHttpsAgent = directAgentClass(https.Agent)
const DirectHttpAgent = directAgentClass(http.Agent)

/**
 * The agent for requests to `target`'s host: through the proxy the environment names for it (./proxy.ts), else
 * direct with keep-alive. Create one per host and run, and pass it to every request to that host.
 */
export function createAgent(target: URL | string, options: AgentOptions): NetAgent {
  const url = typeof target === 'string' ? new URL(target) : target
  const meter = new Meter(url.hostname, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)
  const route = proxyFor(url, options.proxies)
  if (route) return new ProxiedAgent(url, route, meter, { ca: options.ca })
  const connectOptions: https.AgentOptions = {}
  if (options.lookup) connectOptions.lookup = options.lookup
  if (options.ca && url.protocol === 'https:') connectOptions.ca = options.ca
  const Direct = url.protocol === 'https:' ? DirectHttpsAgent : DirectHttpAgent
  const agent = new Direct({ keepAlive: true, scheduling: 'lifo', ...connectOptions })
  agent.meter = meter
  return agent
}
