import os from 'node:os'
import type { Deadline } from '../clock.js'
import type { UpdateRequest } from '../ingress/types.js'
import type { Log } from '../log.js'
import type { Credentials } from '../model/credentials.js'
import type { LiveIngress } from '../model/live.js'
import type { NetAgent } from '../net/types.js'
import type { Redactor } from '../text/secrets.js'
import { VERSION } from '../version.generated.js'
import { checkDescribeAnswer, checkListAnswer, checkUpdateAnswer } from './answers.js'
import { SaeApiError, callFailure, errorFromBody, nonJsonAnswer } from './errors.js'
import { createRoaClient } from './pop-core.js'
import { withRetry, type RetryPolicy } from './retry.js'
import type { CallMeta, IngressPage, SaeClient, UpdateOptions } from './types.js'

export const SAE_API_VERSION = '2019-05-06'
const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress'
const INGRESS_LIST_PATH = '/pop/v1/sam/ingress/IngressList'
/** A single attempt never waits longer than this, so a hung connection is retried while time remains. */
const MAX_ATTEMPT_MS = 20_000
/** pop-core's own user agent, as its helper builds it, with this action and its version after it. */
const USER_AGENT = `AlibabaCloud (${os.platform()}; ${os.arch()}) Node.js/${process.version} Core/1.8.0 sae-ingress/${VERSION}`

/** The run's connection to the endpoint: every call of every client of a run goes through this agent (../net). */
export type Transport = Pick<NetAgent, 'lastStatus' | 'proxyAddress'>

export interface PopClientOptions {
  endpoint: string
  credentials: Credentials
  deadline: Deadline
  retry: RetryPolicy
  redact: Redactor
  transport?: Transport
  /** Each attempt in a debug line; each retry in an info line. */
  log: Pick<Log, 'debug' | 'info'>
}

interface Envelope {
  RequestId?: string
  TraceId?: string
  Success?: boolean
  Data?: unknown
}

/** The SAE client used for real: pop-core's ROA signer over the run's one connection. */
export function createPopSaeClient(options: PopClientOptions): SaeClient {
  const { credentials, deadline, redact, transport } = options
  const host = new URL(options.endpoint).hostname
  const roa = createRoaClient({
    endpoint: options.endpoint.replace(/\/+$/, ''),
    apiVersion: SAE_API_VERSION,
    // A provider, not plain keys: pop-core then signs with exactly what we hand it, token included.
    credentialsProvider: { getCredentials: async () => ({ ...credentials }) }
  })

  async function attemptOnce(request: ApiRequest, attemptMs: number, attempt: number): Promise<Envelope> {
    const { action, method, path, query, body = '', headers = {} } = request
    const started = deadline.clock.now()
    const described = `${action}: ${method} ${path} with ${[...Object.keys(query), ...(body ? ['Rules (form body)'] : [])].join(', ')}, attempt ${attempt}`
    let response: unknown
    try {
      response = await roa.request(method, path, query, body, { ...headers, 'user-agent': USER_AGENT }, {
        timeout: Math.min(attemptMs, MAX_ATTEMPT_MS),
        ...(transport ? { agent: transport } : {})
      })
    } catch (thrown) {
      const err = callFailure(thrown, { host, inputHint: 'region-id or endpoint', proxy: transport?.proxyAddress }, redact)
      options.log.debug(`${described}: ${err.httpStatus !== undefined ? `HTTP ${err.httpStatus}` : err.code}, RequestId ${err.requestId ?? 'none'}, ${deadline.clock.now() - started} ms`)
      throw err
    }
    const status = transport?.lastStatus()
    const envelope = checkEnvelope(response, status, redact)
    options.log.debug(`${described}: HTTP ${status ?? '2xx'}, RequestId ${envelope.RequestId ?? 'none'}, ${deadline.clock.now() - started} ms`)
    return envelope
  }

  async function call(request: ApiRequest, check: (envelope: Envelope) => void, retry = true): Promise<CallMeta & { data: unknown }> {
    const { action } = request
    let attempt = 0
    const once = async (attemptMs: number) => {
      const envelope = await attemptOnce(request, attemptMs, ++attempt)
      check(envelope)
      return envelope
    }
    try {
      const { value, attempts } = retry
        ? await withRetry(once, deadline, options.retry, (err, n, delay) => options.log.info(`${action}: ${err.code} on attempt ${n}; retrying in ${delay} ms.`))
        : { value: await once(Math.max(1, deadline.remainingMs())), attempts: 1 }
      // An answer's IDs are the service's words too: they may echo a secret of the request.
      return { requestId: redact(String(value.RequestId ?? '')), traceId: value.TraceId === undefined ? undefined : redact(String(value.TraceId)), attempts, data: value.Data }
    } catch (err) {
      if (err instanceof SaeApiError) err.action = action
      throw err
    }
  }

  return {
    async describeIngress(ingressId) {
      let ingress: LiveIngress | undefined
      const request: ApiRequest = { action: 'DescribeIngress', method: 'GET', path: INGRESS_PATH, query: { IngressId: String(ingressId) } }
      const result = await call(request, envelope => {
        ingress = checkDescribeAnswer(envelope, ingressId) as unknown as LiveIngress
      })
      return { ...result, ingress: ingress! }
    },
    async updateIngress(update: UpdateRequest, updateOptions: UpdateOptions = {}) {
      const ingressId = Number(update.query.IngressId)
      const body = update.rules === undefined ? '' : new URLSearchParams({ Rules: update.rules }).toString()
      // pop-core never sets Content-Type; the official SDKs send Rules as a form field.
      const headers: Record<string, string> = body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}
      const request: ApiRequest = { action: 'UpdateIngress', method: 'PUT', path: INGRESS_PATH, query: update.query, body, headers }
      const result = await call(request, envelope => checkUpdateAnswer(envelope, ingressId), updateOptions.retry ?? true)
      return { ...result, ingressId }
    },
    async listIngresses(namespaceId, currentPage, pageSize) {
      let page: IngressPage | undefined
      const query = { NamespaceId: namespaceId, CurrentPage: String(currentPage), PageSize: String(pageSize) }
      const request: ApiRequest = { action: 'ListIngresses', method: 'GET', path: INGRESS_LIST_PATH, query }
      const result = await call(request, envelope => {
        page = checkListAnswer(envelope, namespaceId)
      })
      return { ...result, page: page! }
    }
  }
}

/** One call of the SAE API, as pop-core's ROA client sends it. */
interface ApiRequest {
  action: string
  method: 'GET' | 'PUT'
  path: string
  query: Record<string, string>
  /** A form body (UpdateIngress's Rules), with its content type in `headers`. */
  body?: string
  headers?: Record<string, string>
}

/**
 * pop-core resolves non-JSON pages, 3xx answers and 2xx `Success:false` bodies instead of throwing: none of them is
 * a success. A redirect is never followed (pop-core does not follow one either): it is a failure.
 */
function checkEnvelope(response: unknown, status: number | undefined, redact: Redactor): Envelope {
  if (status !== undefined && status < 400 && (status < 200 || status >= 300)) {
    // A redirect (pop-core resolves anything under 400): retried like a gateway error (a captive portal may clear), never followed.
    throw new SaeApiError({ code: `HTTP${status}`, message: redact(`the endpoint answered HTTP ${status}, which is not a success`), httpStatus: status, transient: true })
  }
  if (typeof response === 'string' || response === null || typeof response !== 'object') throw nonJsonAnswer(String(response), status, redact)
  const envelope = toPlain(response) as Envelope
  if (envelope.Success === false) throw errorFromBody(envelope, undefined, redact)
  return envelope
}

/**
 * pop-core parses JSON with json-bigint: objects come with a null prototype and integers beyond 2^53 as
 * BigNumber objects. Round-tripping through JSON gives ordinary objects; BigNumber serialises itself as a string.
 */
function toPlain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
}
