// The live ingress as an ingress file (the CLI's `export`): adopting an ingress that already exists starts here. The
// contract is the round trip: planning the exported file against the ingress it came from finds no changes.
import { loadIngressFile } from '../ingress/load.js'
import { SETTING_NAMES, type CorsConfig, type DefaultRule, type IngressFile, type IngressRule } from '../ingress/types.js'
import type { LiveIngress } from '../model/live.js'
import { DEFAULT_BACKEND_PROTOCOL } from './equivalence.js'
import { liveRuleActions, normaliseLive } from './normalise.js'
import { actionTypes, madeByRewritePath } from './rule-set.js'

/** What the exported file points its editors at: the schema of the release `v1` points at. */
export const SCHEMA_URL = 'https://raw.githubusercontent.com/sae-ingress/sae-ingress-action/v1/schema/ingress.schema.json'

export interface ExportedIngress {
  file: IngressFile
  /** What the file cannot hold or say as the service has it: each worth reading before the file is committed. */
  warnings: string[]
}

/**
 * The live ingress in the file format: `$schema` first, then the format's keys in its order (the schema's), no value
 * the service derives (AppName, Name, the load balancer), no default the format leaves out (backendProtocol http,
 * flags that are off), rules in their live order. `IngressId` only when the ingress was chosen by id: one chosen by
 * name keeps its file free of ids, to serve several namespaces.
 */
export function exportIngress(live: LiveIngress, options: { withId: boolean }): ExportedIngress {
  const normalised = normaliseLive(live)
  const file: Record<string, unknown> = { $schema: SCHEMA_URL }
  if (options.withId) file.IngressId = normalised.IngressId
  for (const name of SETTING_NAMES) {
    const value = exported(name, normalised[name])
    if (value !== undefined) file[name] = value
    // Rules come after DefaultRule, as the schema lists them.
    if (name === 'DefaultRule' && normalised.Rules?.length) file.Rules = normalised.Rules.map(rule)
  }
  const literal = escapePlaceholders(file) as IngressFile
  return { file: literal, warnings: warnings(live, normalised, literal) }
}

/**
 * Every string as the file must write it to mean itself: `${NAME}` and `$${` would be read as a placeholder and an
 * escape when the file is loaded, so they are written `$${NAME}` and `$$${` (`/${1}`, ALB's back-reference, stays).
 */
function escapePlaceholders(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\{(?=[A-Za-z_])|\$\$\{/g, found => `$${found}`)
  if (Array.isArray(value)) return value.map(escapePlaceholders)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === '$schema' ? item : escapePlaceholders(item)]))
  return value
}

function exported(name: (typeof SETTING_NAMES)[number], value: unknown): unknown {
  if (value === undefined || value === false) return undefined
  switch (name) {
    case 'CertIds':
      return String(value).split(',').map(id => id.trim()).filter(Boolean)
    case 'DefaultRule':
      return rule(value as DefaultRule)
    case 'CorsConfig':
      return cors(value as CorsConfig)
    default:
      return value
  }
}

/** A rule with its keys in the format's order, and without the default protocol. */
function rule<T extends IngressRule | DefaultRule>(from: T): T {
  const { appId, containerPort, backendProtocol, ...rest } = from as IngressRule
  const routed = 'domain' in from ? { domain: rest.domain, path: rest.path } : {}
  const protocol = backendProtocol && backendProtocol !== DEFAULT_BACKEND_PROTOCOL ? { backendProtocol } : {}
  const rewrite = rest.rewritePath !== undefined ? { rewritePath: rest.rewritePath } : {}
  return { appId, containerPort, ...routed, ...protocol, ...rewrite } as T
}

/** The service's strings as the format's own types: `"true"` is true, `"600"` is 600. */
function cors(from: CorsConfig): CorsConfig | undefined {
  const out: CorsConfig = { ...from }
  if (out.Enable !== undefined) out.Enable = String(out.Enable) === 'true'
  if (out.MaxAge !== undefined && /^-?\d+$/.test(String(out.MaxAge))) out.MaxAge = Number(out.MaxAge)
  return Object.keys(out).length ? out : undefined
}

function warnings(live: LiveIngress, normalised: IngressFile, file: IngressFile): string[] {
  const found: string[] = []
  const byKey = new Map((normalised.Rules ?? []).map(rule => [`${rule.domain.toLowerCase()}${rule.path}`, rule]))
  for (const [key, actions] of liveRuleActions(live)) {
    const lost = actions.filter(action => !madeByRewritePath(action, byKey.get(key)))
    if (lost.length) {
      found.push(
        `rule ${key} has RuleActions (${actionTypes(lost)}) that an ingress file cannot hold: they stay live while the rule is ` +
          'not sent again, and a write that sends the rule set would drop them (it is refused unless drop-rule-actions is set)'
      )
    }
  }
  const loaded = loadIngressFile(JSON.stringify(file, null, 2), {})
  if (!loaded.ok) {
    for (const problem of loaded.problems) found.push(`the exported file does not validate as it stands: line ${problem.line}: ${problem.message}`)
  }
  return found
}
