// Loaded with a dynamic import() only when role-to-assume is set, so the plain apply path never parses the RPC client.
import { getIDToken } from '@actions/core'
import type { Deadline } from '../clock.js'
import { ExpectedFailure } from '../failure.js'
import * as core from '../../action/log.js'
import { SaeApiError, callFailure, errorFromBody } from '../sae/errors.js'
import { createRedactor } from '../sae/redact.js'
import { defaultRetryPolicy, withRetry } from '../sae/retry.js'
import type { Credentials, OidcSettings } from '../model/credentials.js'
import { createRpcClient } from '../sae/pop-core.js'
import type { NetAgent } from '../net/agent.js'

export type { OidcSettings } from '../model/credentials.js'

export interface AssumedRole {
  credentials: Credentials
  /** Values to scrub from anything this run prints: the ID token and what STS handed back. */
  secrets: string[]
  expiration?: string
}

interface StsResponse {
  RequestId?: string
  Credentials?: { AccessKeyId?: string; AccessKeySecret?: string; SecurityToken?: string; Expiration?: string }
}

async function requestIdToken(settings: OidcSettings): Promise<string> {
  if (!settings.tokenAvailable) {
    throw new ExpectedFailure(
      'role-to-assume is set but the job cannot request an OIDC token: add `permissions: id-token: write` to the job ' +
        '(pull requests from forks never get one; use dry-run there).'
    )
  }
  try {
    return await getIDToken(settings.audience)
  } catch (err) {
    throw new ExpectedFailure(`Could not get the workflow's OIDC token: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** GitHub OIDC token → STS AssumeRoleWithOIDC (anonymous RPC call) → temporary credentials for the SAE calls. */
export async function assumeRoleWithOidc(settings: OidcSettings, deadline: Deadline, agent?: NetAgent): Promise<AssumedRole> {
  const idToken = await requestIdToken(settings)
  core.addSecret(idToken)
  const redact = createRedactor([idToken])
  // An empty credentials provider makes pop-core send the call unsigned, as STS expects for this API.
  const sts = createRpcClient({
    endpoint: settings.stsEndpoint,
    apiVersion: '2015-04-01',
    credentialsProvider: { getCredentials: async () => ({}) }
  })
  const params = {
    RoleArn: settings.roleArn,
    OIDCProviderArn: settings.providerArn,
    OIDCToken: idToken,
    RoleSessionName: settings.sessionName,
    DurationSeconds: settings.durationSeconds
  }
  const { value } = await withRetry(
    async attemptMs => {
      try {
        return await sts.request<StsResponse>('AssumeRoleWithOIDC', params, { method: 'POST', timeout: Math.min(attemptMs, 10_000), ...(agent ? { agent } : {}) })
      } catch (thrown) {
        const body = (thrown as { data?: unknown }).data
        if (body && typeof body === 'object') throw errorFromBody(body, undefined, redact)
        throw callFailure(thrown, { host: new URL(settings.stsEndpoint).hostname, inputHint: 'sts-endpoint', proxy: agent?.proxyAddress }, redact)
      }
    },
    deadline,
    defaultRetryPolicy,
    (err, attempt, delay) => core.info(`AssumeRoleWithOIDC: ${err.code} on attempt ${attempt}; retrying in ${delay} ms.`)
  ).catch((err: unknown) => {
    if (err instanceof SaeApiError) err.action = 'AssumeRoleWithOIDC'
    throw err
  })
  const issued = value.Credentials
  if (!issued?.AccessKeyId || !issued.AccessKeySecret || !issued.SecurityToken) {
    throw new ExpectedFailure(`AssumeRoleWithOIDC returned no credentials (RequestId ${value.RequestId ?? 'unknown'}).`)
  }
  core.addSecret(issued.AccessKeySecret)
  core.addSecret(issued.SecurityToken)
  core.info(`Assumed ${settings.roleArn} as session ${settings.sessionName} until ${issued.Expiration ?? 'unknown'}.`)
  return {
    credentials: { accessKeyId: issued.AccessKeyId, accessKeySecret: issued.AccessKeySecret, securityToken: issued.SecurityToken },
    secrets: [idToken, issued.AccessKeySecret, issued.SecurityToken],
    expiration: issued.Expiration
  }
}
