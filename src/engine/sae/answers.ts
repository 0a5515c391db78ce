import { SaeApiError } from './errors.js'
import type { IngressPage, IngressSummary } from './types.js'

/**
 * What a 2xx answer must say before it is believed. A proxy's error page, a captive portal, an API change or a
 * hostile endpoint can all answer 200; planning from such an answer would turn "no Data" into "no rules" and delete
 * every live rule on the next write. A malformed answer is treated like a gateway error: retried while time remains,
 * then a failure naming the RequestId. Pure: the client calls these on the parsed body.
 */

type Json = Record<string, unknown>

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** An integer as the service sends it (a number, or its digits: json-bigint keeps long ones as text). */
function integer(value: unknown): number | undefined {
  // Beyond 2^53 a number is not the id the service sent (a rounded one would address another ingress).
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined
  return number !== undefined && Number.isSafeInteger(number) ? number : undefined
}

function malformed(body: unknown, why: string): SaeApiError {
  return new SaeApiError({
    code: 'MalformedResponse',
    message: `the answer cannot be believed: ${why}`,
    requestId: isRecord(body) ? text(body.RequestId) : undefined,
    transient: true
  })
}

function ruleProblem(rule: unknown, index: number): string | undefined {
  if (!isRecord(rule)) return `Rules[${index}] is not an object`
  for (const key of ['Domain', 'Path', 'AppId'] as const) {
    if (text(rule[key]) === undefined) return `Rules[${index}] has no ${key}`
  }
  const port = integer(rule.ContainerPort)
  if (port === undefined || port < 0 || port > 65535) return `Rules[${index}] has no valid ContainerPort`
  return undefined
}

/** DescribeIngress: `Data` for the ingress asked about, with well-formed rules when it lists any. */
export function checkDescribeAnswer(body: unknown, ingressId: number): Json {
  if (!isRecord(body)) throw malformed(body, 'it is not a JSON object')
  const data = body.Data
  if (!isRecord(data)) throw malformed(body, 'DescribeIngress returned no Data')
  const id = integer(data.Id)
  if (id !== ingressId) throw malformed(body, `DescribeIngress returned ingress ${id ?? 'without an Id'}, not ${ingressId}`)
  if (data.Rules !== undefined && data.Rules !== null) {
    if (!Array.isArray(data.Rules)) throw malformed(body, 'Rules is not a list')
    const problem = data.Rules.map(ruleProblem).find(found => found !== undefined)
    if (problem) throw malformed(body, problem)
  }
  return data
}

/**
 * ListIngresses: `Data` with a page of well-formed items (an Id each) of the namespace asked about, and counts that
 * add up; the caller pages on by them. Names are the service's words: kept as text, shown only redacted.
 */
export function checkListAnswer(body: unknown, namespaceId: string): IngressPage {
  if (!isRecord(body)) throw malformed(body, 'it is not a JSON object')
  const data = body.Data
  if (!isRecord(data)) throw malformed(body, 'ListIngresses returned no Data')
  const totalSize = integer(data.TotalSize)
  const currentPage = integer(data.CurrentPage)
  const pageSize = integer(data.PageSize)
  if (totalSize === undefined || totalSize < 0) throw malformed(body, 'ListIngresses returned no TotalSize')
  if (currentPage === undefined || currentPage < 1 || pageSize === undefined || pageSize < 1) throw malformed(body, 'ListIngresses returned no page')
  const list = data.IngressList ?? []
  if (!Array.isArray(list) || list.length > pageSize) throw malformed(body, 'IngressList is not a page of ingresses')
  const ingresses = list.map((item, index): IngressSummary => {
    const id = isRecord(item) ? integer(item.Id) : undefined
    if (!isRecord(item) || id === undefined || id < 1) throw malformed(body, `IngressList[${index}] has no Id`)
    if (item.NamespaceId !== undefined && item.NamespaceId !== namespaceId) {
      throw malformed(body, `IngressList[${index}] is in another namespace, not ${namespaceId}`)
    }
    return { id, ...(text(item.Description) ? { description: text(item.Description) } : {}), ...(text(item.Name) ? { name: text(item.Name) } : {}) }
  })
  return { currentPage, pageSize, totalSize, ingresses }
}

/** UpdateIngress: success is not denied, and the ingress it names (when it names one) is ours. */
export function checkUpdateAnswer(body: unknown, ingressId: number): void {
  if (!isRecord(body)) throw malformed(body, 'it is not a JSON object')
  const data = body.Data
  if (data === undefined || data === null) return
  if (!isRecord(data)) throw malformed(body, 'Data is not an object')
  if (data.IngressId !== undefined && integer(data.IngressId) !== ingressId) {
    throw malformed(body, `UpdateIngress answered for ingress ${String(data.IngressId)}, not ${ingressId}`)
  }
}
