import type { DefaultRule, IngressFile, IngressRule } from '../ingress/types.js'
import { asBoolean, asNonEmptyString, asNumber, asString, isRecord, read } from './coerce.js'
import type { FieldChange, SettingName } from './types.js'

/**
 * When a value the file states is the same as what the service reports. The file is free to
 * spell things the way the API accepts them (ports as strings, CertIds as arrays), and the
 * service fills in values the file left out, so plain `===` would report changes on every run
 * and make verification fail forever.
 */

/**
 * DNS names are case-insensitive in ASCII only (RFC 4343): Unicode case folding would make a KELVIN SIGN domain the
 * same rule as its `k` twin. Paths are case-sensitive (and may be regular expressions on ALB).
 */
const dnsLower = (name: string): string => name.replace(/[A-Z]/g, letter => letter.toLowerCase())

export function ruleKey(rule: Pick<IngressRule, 'domain' | 'path'>): string {
  return `${dnsLower(rule.domain)}${rule.path}`
}

export function compareRules(a: Pick<IngressRule, 'domain' | 'path'>, b: Pick<IngressRule, 'domain' | 'path'>): number {
  return order(dnsLower(a.domain), dnsLower(b.domain)) || order(a.path, b.path)
}

function canonical(ingress: IngressFile): string {
  const rules = [...(ingress.Rules ?? [])].sort(compareRules)
  const sorted = Object.fromEntries(Object.entries({ ...ingress, Rules: rules }).sort(([a], [b]) => order(a, b)))
  return JSON.stringify(sorted)
}

/** The same state, read twice: equal values, in any order of rules (the service lists them as it likes). */
export function sameIngress(a: IngressFile, b: IngressFile): boolean {
  return canonical(a) === canonical(b)
}

/** Code-unit order, so the result does not depend on the runner's locale. */
function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** What the service assumes when a rule has no backend protocol. */
export const DEFAULT_BACKEND_PROTOCOL = 'http'

/**
 * Differences between a rule in the file and the live rule with the same key, in a fixed order.
 *
 * A rule in the file is the whole rule, because UpdateIngress replaces rules whole: `backendProtocol` left out means
 * `http` and `rewritePath` left out means no rewrite, so a live `https` or rewrite the file does not state is a
 * difference (marked `implicit`). Only what the service derives is never one: a rule's AppName comes from its app.
 */
export function ruleDifferences(file: IngressRule | DefaultRule, live: IngressRule | DefaultRule): FieldChange[] {
  const fields: FieldChange[] = []
  const differ = (name: FieldChange['name'], same: boolean, before: unknown, after: unknown, stated = true): void => {
    if (!same) fields.push({ name, before, after, ...(stated ? {} : { implicit: true as const }) })
  }
  differ('appId', asString(file.appId) === asString(live.appId), live.appId, file.appId)
  differ('containerPort', sameNumber(file.containerPort, live.containerPort), live.containerPort, file.containerPort)
  const [fileProtocol, liveProtocol] = [file.backendProtocol ?? DEFAULT_BACKEND_PROTOCOL, live.backendProtocol ?? DEFAULT_BACKEND_PROTOCOL]
  differ('backendProtocol', sameWord(fileProtocol, liveProtocol), liveProtocol, fileProtocol, file.backendProtocol !== undefined)
  const [fileRewrite, liveRewrite] = [rewritePathOf(file), rewritePathOf(live)]
  differ('rewritePath', sameText(fileRewrite, liveRewrite), liveRewrite, fileRewrite, fileRewrite !== undefined)
  return fields
}

function rewritePathOf(rule: IngressRule | DefaultRule): string | undefined {
  return 'rewritePath' in rule ? rule.rewritePath : undefined
}

/** The DefaultRule setting changes only through a field the file leaves out (see ruleDifferences). */
export function onlyImplicit(fields: readonly FieldChange[]): boolean {
  return fields.length > 0 && fields.every((field) => field.implicit)
}

/** The idle timeout the service applies when asked for 0 ("use the default"). */
const DEFAULT_IDLE_TIMEOUT = 15

export function sameSetting(name: SettingName, file: unknown, live: unknown): boolean {
  switch (name) {
    case 'ListenerPort':
    case 'RequestTimeout':
      return sameNumber(file, live)
    case 'IdleTimeout':
      if (asNumber(file) === 0) return live === undefined || [0, DEFAULT_IDLE_TIMEOUT].includes(asNumber(live) ?? NaN)
      return sameNumber(file, live)
    case 'ListenerProtocol':
      return sameWord(file, live)
    case 'CertIds':
      return sameList(certIds(file), certIds(live))
    case 'DefaultRule':
      return isRecord(file) && isRecord(live)
        ? ruleDifferences(file as unknown as DefaultRule, live as unknown as DefaultRule).length === 0
        : file === live
    case 'CorsConfig':
      return sameCors(file, live)
    case 'Description':
    case 'CertId':
    case 'SecurityPolicyId':
      return sameText(file, live)
    default:
      return sameFlag(file, live)
  }
}

/** `"80"` and `80` are the same port; non-numbers fall back to text so nothing compares equal by accident. */
function sameNumber(a: unknown, b: unknown): boolean {
  const [x, y] = [asNumber(a), asNumber(b)]
  return x !== undefined && y !== undefined ? x === y : sameText(a, b)
}

/** A blank string and no value both mean "not set". */
function sameText(a: unknown, b: unknown): boolean {
  return asNonEmptyString(a)?.trim() === asNonEmptyString(b)?.trim()
}

function sameWord(a: unknown, b: unknown): boolean {
  return asNonEmptyString(a)?.trim().toLowerCase() === asNonEmptyString(b)?.trim().toLowerCase()
}

/** Flags the service leaves out are off, so `false` in the file matches a missing flag. */
function sameFlag(a: unknown, b: unknown): boolean {
  const [x, y] = [asBoolean(a), asBoolean(b)]
  if (x === undefined || y === undefined) return x === undefined ? sameText(a, b) : !x && b === undefined
  return x === y
}

/** The file may list CertIds as an array; the service answers with a comma-separated string. */
function certIds(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map((item) => asString(item) ?? '') : (asString(value) ?? '').split(',')
  return items.map((item) => item.trim()).filter((item) => item !== '')
}

function sameList(a: string[], b: string[]): boolean {
  const [x, y] = [[...new Set(a)].sort(), [...new Set(b)].sort()]
  return x.length === y.length && x.every((item, index) => item === y[index])
}

/**
 * Key by key, and only for keys the file sets: the service reports every CORS value as a
 * string (`"true"`, `"600"`) and fills in keys the file did not mention.
 */
function sameCors(file: unknown, live: unknown): boolean {
  if (!isRecord(file)) return file === live
  return Object.keys(file).every((key) => {
    const wanted = file[key]
    return wanted === undefined || corsValue(key, wanted) === corsValue(key, read(live, key))
  })
}

function corsValue(key: string, value: unknown): string | undefined {
  if (key === 'Enable') return String(asBoolean(value) ?? false)
  if (key === 'MaxAge') return asString(asNumber(value)) ?? asNonEmptyString(value)
  if (key === 'AllowCredentials') return asNonEmptyString(value)?.trim().toLowerCase()
  // Lists such as "GET, POST" and "GET,POST" mean the same; their order is kept as written.
  return asNonEmptyString(value)
    ?.split(',')
    .map((item) => item.trim())
    .join(',')
}
