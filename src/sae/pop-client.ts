import ROAClient from '@alicloud/pop-core/lib/roa.js'
import type { Deadline } from '../clock.js'
import type { UpdateRequest } from '../ingress/types.js'
import { SaeApiError, errorFromBody, classifyThrown } from './errors.js'
import type { Redactor } from './redact.js'
import { withRetry, type RetryPolicy } from './retry.js'
import type { CallMeta, LiveIngress, SaeClient } from './types.js'

export const SAE_API_VERSION = '2019-05-06'
const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress'
/** A single attempt never waits longer than this, so a hung connection is retried while time remains. */
const MAX_ATTEMPT_MS = 20_000

export interface Credentials {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
}

export interface PopClientOptions {
  endpoint: string
  credentials: Credentials
  deadline: Deadline
  retry: RetryPolicy
  redact: Redactor
  onRetry: (action: string, err: SaeApiError, attempt: number, delayMs: number) => void
}

interface Envelope {
  RequestId?: string
  TraceId?: string
  Success?: boolean
  Data?: unknown
}

/** The SAE client used for real: pop-core's ROA signer, one keep-alive agent for every call of the run. */
export function createPopSaeClient(options: PopClientOptions): SaeClient {
  const { credentials, deadline, redact } = options
  const roa = new ROAClient({
    endpoint: options.endpoint.replace(/\/+$/, ''),
    apiVersion: SAE_API_VERSION,
    // A provider, not plain keys: pop-core then signs with exactly what we hand it, token included.
    credentialsProvider: { getCredentials: async () => ({ ...credentials }) }
  })

  async function call(
    action: string,
    method: 'GET' | 'PUT',
    query: Record<string, string>,
    body: string,
    headers: Record<string, string>
  ): Promise<CallMeta & { data: unknown }> {
    const { value, attempts } = await withRetry(
      async attemptMs => {
        let response: unknown
        try {
          response = await roa.request(method, INGRESS_PATH, query, body, headers, {
            timeout: Math.min(attemptMs, MAX_ATTEMPT_MS)
          })
        } catch (thrown) {
          throw classifyThrown(thrown, redact)
        }
        return checkEnvelope(response, redact)
      },
      deadline,
      options.retry,
      (err, attempt, delay) => options.onRetry(action, err, attempt, delay)
    ).catch((err: unknown) => {
      if (err instanceof SaeApiError) err.action = action
      throw err
    })
    // checkEnvelope already made the body plain JSON (no json-bigint prototypes or BigNumbers).
    return { requestId: value.RequestId ?? '', traceId: value.TraceId, attempts, data: value.Data }
  }

  return {
    async describeIngress(ingressId) {
      const result = await call('DescribeIngress', 'GET', { IngressId: String(ingressId) }, '', {})
      return { ...result, ingress: result.data as LiveIngress }
    },
    async updateIngress(request: UpdateRequest) {
      const body = request.rules === undefined ? '' : new URLSearchParams({ Rules: request.rules }).toString()
      // pop-core never sets Content-Type; the official SDKs send Rules as a form field.
      const headers: Record<string, string> = body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}
      const result = await call('UpdateIngress', 'PUT', request.query, body, headers)
      const id = Number((result.data as { IngressId?: unknown } | undefined)?.IngressId ?? request.query.IngressId)
      return { ...result, ingressId: id }
    }
  }
}

/** pop-core resolves non-JSON pages and 2xx `Success:false` bodies instead of throwing. */
function checkEnvelope(response: unknown, redact: Redactor): Envelope {
  if (typeof response === 'string' || response === null || typeof response !== 'object') {
    const snippet = typeof response === 'string' ? response.replace(/\s+/g, ' ').slice(0, 120) : String(response)
    throw new SaeApiError({
      code: 'NonJsonResponse',
      message: redact(`the endpoint answered with a non-JSON page: ${snippet}`),
      transient: true
    })
  }
  const envelope = toPlain(response) as Envelope
  if (envelope.Success === false) throw errorFromBody(envelope, undefined, redact)
  return envelope
}

/**
 * pop-core parses JSON with json-bigint: objects come with a null prototype and integers beyond 2^53 as
 * BigNumber objects. Round-tripping through JSON gives ordinary objects; BigNumber serialises itself as a string.
 * (The bundle's stand-in, src/stubs/json-bigint.cjs, answers that way already; the unit tests run the real one.)
 */
function toPlain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
}
