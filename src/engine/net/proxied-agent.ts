// The agent for a target behind a proxy (./proxy.ts picks it): CONNECT tunnels through https-proxy-agent, one per
// request, kept alive; a refusal or a 407 becomes a ProxyError instead of a fake HTTP answer.
import type http from 'node:http'
import type { Socket } from 'node:net'
import tls from 'node:tls'
import type { AgentConnectOpts } from 'agent-base'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { ProxyError } from './errors.js'
import type { Meter } from './meter.js'
import type { ProxyRoute } from './proxy.js'
import type { AgentStats, NetAgent, RequestHook } from './types.js'

/** CONNECT tunnels through the proxy; a refusal or a 407 becomes a ProxyError instead of a fake HTTP answer. */
export class ProxiedAgent extends HttpsProxyAgent<string> implements NetAgent {
  readonly proxyAddress: string
  private readonly credentialsSent: boolean
  private readonly secureTarget: boolean

  constructor(
    target: URL,
    route: ProxyRoute,
    private readonly meter: Meter,
    private readonly tlsOptions: { ca?: string | string[] }
  ) {
    // The URL handed to the library carries no credentials (it prints it under DEBUG=https-proxy-agent); they go
    // in the header instead.
    super(route.url.href, {
      keepAlive: true,
      headers: route.authorization ? { 'Proxy-Authorization': route.authorization } : {}
    })
    this.proxyAddress = route.display
    this.credentialsSent = route.authorization !== undefined
    this.secureTarget = target.protocol === 'https:'
  }

  /**
   * The library guesses https from the request options or the call stack; httpx's options carry no protocol, and
   * the guess made when a socket is freed (no https frame on the stack) would file it under an http name, so it
   * would never be reused. This agent serves one target, so the answer is known.
   */
  override isSecureEndpoint(options?: AgentConnectOpts): boolean {
    return this.secureTarget ?? super.isSecureEndpoint(options)
  }

  override async connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    const target = `${opts.host}:${opts.port}`
    this.meter.counts.connections++
    let answer: { statusCode: number; statusText?: string } | undefined
    const onAnswer = (connect: { statusCode: number; statusText?: string }): void => {
      answer = connect
    }
    req.once('proxyConnect', onAnswer)
    let socket: Socket
    try {
      socket = await super.connect(req, this.tlsOptions.ca && opts.secureEndpoint ? { ...opts, ca: this.tlsOptions.ca } : opts)
    } catch (err) {
      const code = (err as { code?: unknown }).code
      const cause = typeof code === 'string' ? code : 'closed before answering CONNECT'
      throw new ProxyError('ProxyUnreachable', this.proxyAddress, target, { credentialsSent: this.credentialsSent, cause })
    } finally {
      req.off('proxyConnect', onAnswer)
    }
    if (answer?.statusCode !== 200) {
      socket.destroy()
      const status = answer?.statusCode
      throw new ProxyError(status === 407 ? 'ProxyAuthenticationRequired' : 'ProxyRefused', this.proxyAddress, target, {
        status,
        statusText: answer?.statusText,
        credentialsSent: this.credentialsSent
      })
    }
    if (socket instanceof tls.TLSSocket) this.meter.handshake(socket)
    return socket
  }

  addRequest(req: http.ClientRequest, options: unknown): void {
    this.meter.request(req)
    ;(HttpsProxyAgent.prototype as unknown as RequestHook).addRequest.call(this, req, options)
  }

  stats(): AgentStats {
    return { ...this.meter.counts }
  }

  lastStatus(): number | undefined {
    return this.meter.lastStatus
  }
}
