import { SETTING_NAMES, type FileMode } from './types.js'
import { domainProblem, pathProblem } from './rule-values.js'
import { childPointer, describePointer, previewValue, truncate } from './pointers.js'

/**
 * Rules of the file that the schema cannot express (unique domain and path pairs, a certificate
 * for HTTPS), plus the schema's ranges and patterns again, in words: a pattern failure from the
 * schema alone would show a regular expression to the user.
 *
 * Runs on the document whatever its shape (the schema may have failed too); values of the wrong
 * type are skipped here and left to the schema.
 */
export interface CheckFinding {
  pointer: string
  message: string
  /** Schema keywords at the same pointer that this finding says better; the loader drops those errors. */
  supersedes: readonly string[]
}

export const LOAD_BALANCE_TYPE_WARNING =
  'LoadBalanceType is ignored: UpdateIngress no longer accepts it and the load balancer type cannot change after creation; remove it'

/** A top-level LoadBalanceType is accepted with LOAD_BALANCE_TYPE_WARNING, whatever its value. */
export function declaresLoadBalanceType(document: unknown): boolean {
  return document !== null && typeof document === 'object' && Object.prototype.hasOwnProperty.call(document, 'LoadBalanceType')
}

/** UpdateIngress rejects more with Exceed.IngressRule. */
export const MAX_RULES = 40
/** `<certId>-<regionId>`; the same pattern as the schema's. */
const CERT_ID = /^[^,\s]+-[a-z]+-[a-z0-9]+$/
const DIGITS = /^(0|-?[1-9][0-9]*)$/
const RANGE_KEYWORDS = ['type', 'minimum', 'maximum', 'pattern'] as const
const CERT_EXAMPLE = 'e.g. 756123-cn-hangzhou'

type Json = Record<string, unknown>

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

interface Range {
  min: number
  max: number
  numericString?: boolean
}

function checkRange(findings: CheckFinding[], pointer: string, value: unknown, range: Range): void {
  let number: number
  if (typeof value === 'number') number = value
  else if (typeof value === 'string' && range.numericString) number = DIGITS.test(value) ? Number(value) : NaN
  else return
  if (Number.isInteger(number) && number >= range.min && number <= range.max) return
  const form = range.numericString ? ', as a number or a numeric string' : ''
  findings.push({
    pointer,
    message: `${describePointer(pointer)} must be an integer from ${range.min} to ${range.max}${form} (found ${previewValue(value)})`,
    supersedes: RANGE_KEYWORDS
  })
}

const PORT: Range = { min: 1, max: 65535 }

function checkRules(findings: CheckFinding[], rules: unknown[]): void {
  if (rules.length > MAX_RULES) {
    findings.push({
      pointer: '/Rules',
      message: `Rules has ${rules.length} rules; UpdateIngress accepts at most ${MAX_RULES} (it would fail with Exceed.IngressRule)`,
      supersedes: ['maxItems']
    })
  }
  const seen = new Map<string, string>()
  rules.forEach((rule, index) => {
    if (!isRecord(rule)) return
    const pointer = childPointer('/Rules', index)
    checkRange(findings, `${pointer}/containerPort`, rule.containerPort, PORT)
    const { domain, path } = rule
    if (typeof path === 'string' && !path.startsWith('/')) {
      findings.push({
        pointer: `${pointer}/path`,
        message: `${describePointer(`${pointer}/path`)} must start with "/" (found ${previewValue(path)})`,
        supersedes: ['pattern']
      })
    } else if (typeof path === 'string') {
      // The schema's pattern, in words: what characters a path may hold (and never `$(` or `${`).
      const problem = pathProblem(path)
      if (problem) findings.push({ pointer: `${pointer}/path`, message: `${describePointer(`${pointer}/path`)} ${problem} (found ${previewValue(path)})`, supersedes: ['pattern'] })
    }
    if (typeof domain === 'string') {
      const problem = domainProblem(domain)
      if (problem) {
        findings.push({
          pointer: `${pointer}/domain`,
          message: `${describePointer(`${pointer}/domain`)} is not a host name: ${problem} (found ${previewValue(domain)})`,
          supersedes: ['pattern']
        })
      }
    }
    if (typeof domain !== 'string' || typeof path !== 'string') return
    // Host names are case-insensitive, so "API.example.com" repeats "api.example.com".
    const key = `${domain.toLowerCase()}\u0000${path}`
    const first = seen.get(key)
    if (first === undefined) {
      seen.set(key, pointer)
      return
    }
    findings.push({
      pointer,
      message:
        `${describePointer(pointer)} repeats domain ${previewValue(domain)} and path ${previewValue(path)} of ` +
        `${describePointer(first)}; each domain and path pair may appear once`,
      supersedes: []
    })
  })
}

function checkCertIds(findings: CheckFinding[], certIds: unknown): void {
  if (Array.isArray(certIds)) {
    certIds.forEach((certId, index) => {
      if (typeof certId !== 'string' || CERT_ID.test(certId)) return
      const pointer = childPointer('/CertIds', index)
      findings.push({
        pointer,
        message: `${describePointer(pointer)} must look like <certId>-<regionId>, ${CERT_EXAMPLE} (found ${previewValue(certId)})`,
        supersedes: ['pattern']
      })
    })
  } else if (typeof certIds === 'string') {
    const bad = certIds.split(',').filter((entry) => !CERT_ID.test(entry))
    if (bad.length === 0) return
    const shown = bad.slice(0, 3).map((entry) => JSON.stringify(truncate(entry)))
    const more = bad.length > 3 ? ` and ${bad.length - 3} more` : ''
    const spaces = bad.some((entry) => /\s/.test(entry)) ? '; no spaces around the commas' : ''
    findings.push({
      pointer: '/CertIds',
      message: `CertIds must be comma-separated <certId>-<regionId> entries, ${CERT_EXAMPLE}; not valid: ${shown.join(', ')}${more}${spaces}`,
      supersedes: ['pattern']
    })
  }
}

/** What a file for `rules-mode` upsert, remove or prune may hold: it addresses the ingress and lists rules, nothing else. */
const RULES_ONLY_KEYS: ReadonlySet<string> = new Set(['$schema', 'IngressId', 'Rules'])
/** Top-level keys the format knows besides those; any other key is the schema's to report (with a suggestion). */
const INGRESS_WIDE_KEYS: ReadonlySet<string> = new Set([...SETTING_NAMES, 'LoadBalanceType'])

/**
 * Upsert and remove change only rules, in an ingress other teams share: a preview file that could also set the
 * listener, certificates, timeouts or the default rule would change them for everyone.
 */
function checkRulesOnly(findings: CheckFinding[], document: Json, mode: FileMode): void {
  for (const key of Object.keys(document)) {
    if (RULES_ONLY_KEYS.has(key) || !INGRESS_WIDE_KEYS.has(key)) continue
    findings.push({
      pointer: childPointer('', key),
      message:
        `${key} cannot be set with rules-mode ${mode}: upsert, remove and prune change only the rules under Rules, so the file ` +
        `may hold only IngressId and Rules (and $schema). Ingress-wide settings belong to a replace run ` +
        `(rules-mode: replace); remove ${key} from this file`,
      supersedes: []
    })
  }
}

/**
 * Every check runs and every finding is returned, in document order of the checks. `mode` is the rules-mode the file
 * is for (default replace): upsert and remove allow rules only.
 */
export function checkIngress(document: unknown, options: { mode?: FileMode } = {}): CheckFinding[] {
  const findings: CheckFinding[] = []
  if (!isRecord(document)) return findings
  const mode = options.mode ?? 'replace'
  if (mode !== 'replace') checkRulesOnly(findings, document, mode)
  checkRange(findings, '/ListenerPort', document.ListenerPort, { ...PORT, numericString: true })
  if (document.ListenerProtocol === 'HTTPS' && document.CertId === undefined && document.CertIds === undefined) {
    findings.push({
      pointer: '/ListenerProtocol',
      message: 'ListenerProtocol HTTPS needs a certificate: set CertId (CLB) or CertIds (ALB)',
      supersedes: []
    })
  }
  checkCertIds(findings, document.CertIds)
  if (isRecord(document.DefaultRule)) checkRange(findings, '/DefaultRule/containerPort', document.DefaultRule.containerPort, PORT)
  if (Array.isArray(document.Rules)) checkRules(findings, document.Rules)
  checkRange(findings, '/RequestTimeout', document.RequestTimeout, { min: 1, max: 180 })
  checkRange(findings, '/IdleTimeout', document.IdleTimeout, { min: 0, max: 60 })
  if (isRecord(document.CorsConfig)) {
    checkRange(findings, '/CorsConfig/MaxAge', document.CorsConfig.MaxAge, { min: -1, max: 172800, numericString: true })
  }
  return findings
}
