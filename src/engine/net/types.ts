// What every agent of ./agent.ts offers, whether it connects directly or through a proxy: the shapes both kinds
// share, so neither agent module needs the other.
import type http from 'node:http'

export interface AgentStats {
  /** Requests handed to the agent. */
  requests: number
  /** TCP connections opened: to the target, or to the proxy for a tunnel. */
  connections: number
  /** TLS handshakes completed with the target (through the tunnel when proxied). */
  tlsHandshakes: number
}

export interface NetAgent extends http.Agent {
  /** `host:port` of the proxy this agent tunnels through (no credentials), or undefined when it connects directly. */
  readonly proxyAddress: string | undefined
  stats(): AgentStats
  /** HTTP status of the last response received through this agent (pop-core hides it on success). */
  lastStatus(): number | undefined
}

// Node's Agent calls addRequest for every request; it is not in the documented API, but it is the hook agent
// libraries override (http-proxy-agent does), and the only place an agent sees the request and so its response.
export interface RequestHook {
  addRequest(req: http.ClientRequest, options: unknown): void
}
