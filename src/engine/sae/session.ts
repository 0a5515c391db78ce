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
import { findIngressId, type IngressRef } from './find-ingress.js'
import { createPopSaeClient } from './pop-client.js'
import { defaultRetryPolicy, type RetryPolicy } from './retry.js'
import type { SaeClient } from './types.js'

export interface SaeSession {
  readonly endpoint: string
  /** The time the run has for all its work with SAE (the `timeout`): the session was opened with it. */
  readonly deadline: Deadline
  /** Where the credentials came from, for the log. */
  readonly credentialsFrom: string
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

/** Resolves the credentials (within `deadline`, the run's time for SAE) and opens the session; close() it when done. */
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
    endpoint: target.endpoint,
    deadline,
    credentialsFrom: target.credentials.from,
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

/** Runs `work` with a session to `target`, closed afterwards whatever happens. */
export async function withSaeSession<T>(
  target: SaeTarget,
  ctx: { log: Log; secrets: Secrets; proxies: ProxyVariables },
  deadline: Deadline,
  work: (session: SaeSession) => Promise<T>
): Promise<T> {
  const session = await openSaeSession(target, ctx, deadline)
  try {
    return await work(session)
  } finally {
    session.close()
  }
}

/** The id an IngressRef names: as it is, or found by name in its namespace (ListIngresses). */
export async function resolveIngress(session: SaeSession, ref: IngressRef): Promise<number> {
  return 'ingressId' in ref ? ref.ingressId : findIngressId(session.client(session.deadline), ref.namespaceId, ref.ingressName)
}
