// Keyless credentials: an OIDC token (the front end gets it: GitHub's ID token for the action) exchanged with STS
// AssumeRoleWithOIDC for temporary credentials, through the proxy the environment names, with the SAE calls' retries.
import type { Deadline } from '../clock.js'
import { ExpectedFailure } from '../failure.js'
import type { Log } from '../log.js'
import type { CredentialSource, Credentials, OidcExchange } from '../model/credentials.js'
import { createAgent } from '../net/agent.js'
import type { ProxyVariables } from '../net/proxy.js'
import { SaeApiError, callFailure, errorFromBody } from '../sae/errors.js'
import { createRpcClient } from '../sae/pop-core.js'
import { defaultRetryPolicy, withRetry } from '../sae/retry.js'
import type { Secrets } from '../text/secrets.js'

interface StsResponse {
  RequestId?: string
  Credentials?: { AccessKeyId?: string; AccessKeySecret?: string; SecurityToken?: string; Expiration?: string }
}

/** The role assumed with the OIDC token `idToken()` gives, once, when the first call needs credentials. */
/** What the exchange needs of the run: where to say things, its secrets, and how to reach STS. */
export interface ExchangeContext {
  log: Log
  secrets: Secrets
  proxies: ProxyVariables
}

export function oidcCredentials(exchange: OidcExchange, idToken: () => Promise<string>, ctx: ExchangeContext): CredentialSource {
  let resolved: Promise<Credentials> | undefined
  return {
    from: `role ${exchange.roleArn} (OIDC)`,
    resolve: deadline => (resolved ??= assumeRoleWithOidc(exchange, idToken, deadline, ctx))
  }
}

async function assumeRoleWithOidc(exchange: OidcExchange, idToken: () => Promise<string>, deadline: Deadline, ctx: ExchangeContext): Promise<Credentials> {
  const { log, secrets } = ctx
  const token = await idToken()
  secrets.add(token)
  const agent = createAgent(exchange.stsEndpoint, { proxies: ctx.proxies })
  // An empty credentials provider makes pop-core send the call unsigned, as STS expects for this API.
  const sts = createRpcClient({ endpoint: exchange.stsEndpoint, apiVersion: '2015-04-01', credentialsProvider: { getCredentials: async () => ({}) } })
  const params = {
    RoleArn: exchange.roleArn,
    OIDCProviderArn: exchange.providerArn,
    OIDCToken: token,
    RoleSessionName: exchange.sessionName,
    DurationSeconds: exchange.durationSeconds
  }
  try {
    const { value } = await withRetry(
      async attemptMs => {
        try {
          return await sts.request<StsResponse>('AssumeRoleWithOIDC', params, { method: 'POST', timeout: Math.min(attemptMs, 10_000), agent })
        } catch (thrown) {
          // pop-core's RPC client throws the service's error body as `data`, and keeps the answer's status in `entry`:
          // a 5xx is retried whatever its code, as the SAE calls are.
          const { data: body, entry } = thrown as { data?: unknown; entry?: { response?: { statusCode?: unknown } } }
          const status = entry?.response?.statusCode
          if (body && typeof body === 'object') throw errorFromBody(body, typeof status === 'number' ? status : undefined, secrets.redact)
          throw callFailure(thrown, { host: new URL(exchange.stsEndpoint).hostname, inputHint: 'sts-endpoint', proxy: agent.proxyAddress }, secrets.redact)
        }
      },
      deadline,
      defaultRetryPolicy,
      (err, attempt, delay) => log.info(`AssumeRoleWithOIDC: ${err.code} on attempt ${attempt}; retrying in ${delay} ms.`)
    )
    const issued = value.Credentials
    // Masked before anything can print them, the RequestId below included.
    secrets.add(issued?.AccessKeySecret)
    secrets.add(issued?.SecurityToken)
    if (!issued?.AccessKeyId || !issued.AccessKeySecret || !issued.SecurityToken) {
      throw new ExpectedFailure(`AssumeRoleWithOIDC returned no credentials (RequestId ${value.RequestId ?? 'unknown'}).`)
    }
    log.info(`Assumed ${exchange.roleArn} as session ${exchange.sessionName} until ${issued.Expiration ?? 'unknown'}.`)
    return { accessKeyId: issued.AccessKeyId, accessKeySecret: issued.AccessKeySecret, securityToken: issued.SecurityToken }
  } catch (err) {
    if (err instanceof SaeApiError) err.action = 'AssumeRoleWithOIDC'
    throw err
  } finally {
    agent.destroy()
  }
}
