// A run's way to SAE: one agent, so one connection (through the proxy the environment names, if any) for every call
// of the run, rollback included; the credentials, resolved once; and a client per deadline, so that a rollback can
// keep its own share of the timeout.
import type { Deadline } from '../clock.js'
import type { Log } from '../log.js'
import type { CredentialSource, Credentials } from '../model/credentials.js'
import { createAgent } from '../net/agent.js'
import type { ProxyVariables } from '../net/proxy.js'
import type { AgentStats } from '../net/types.js'
import type { Secrets } from '../text/secrets.js'
import { createPopSaeClient } from './pop-client.js'
import { defaultRetryPolicy, type RetryPolicy } from './retry.js'
import type { SaeClient } from './types.js'

export interface SaeSession {
  /** A client whose calls, retries included, end by `deadline`. */
  client(deadline: Deadline): SaeClient
  stats(): AgentStats
  close(): void
}

export interface SaeTarget {
  /** https:// (or http:// on loopback), e.g. https://sae.cn-hangzhou.aliyuncs.com */
  endpoint: string
  credentials: CredentialSource
}

/** Resolves the credentials (within `deadline`) and opens the session; close() it when the run is done. */
export async function openSaeSession(
  target: SaeTarget,
  ctx: { log: Log; secrets: Secrets; proxies: ProxyVariables; retry?: RetryPolicy },
  deadline: Deadline
): Promise<SaeSession> {
  const credentials: Credentials = await target.credentials.resolve(deadline)
  // Whoever resolved them registered what they learnt; a secret handed over as it is gets registered here.
  ctx.secrets.add(credentials.accessKeySecret)
  ctx.secrets.add(credentials.securityToken)
  const agent = createAgent(target.endpoint, { proxies: ctx.proxies })
  return {
    client: bound =>
      createPopSaeClient({
        endpoint: target.endpoint,
        credentials,
        deadline: bound,
        retry: ctx.retry ?? defaultRetryPolicy,
        redact: ctx.secrets.redact,
        transport: agent,
        log: ctx.log
      }),
    stats: () => agent.stats(),
    close: () => agent.destroy()
  }
}
