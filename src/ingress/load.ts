import { checkIngress, declaresLoadBalanceType } from './checks.js'
import { parseJsonQuickly } from './parse-json.js'
import { substituteDocument, type Env } from './placeholders.js'
import { isIngressFile } from './schema-check.generated.js'
import type { IngressFile, Problem } from './types.js'
import { decodeUtf8 } from './utf8.js'

export type LoadResult =
  | { ok: true; ingress: IngressFile; warnings: Problem[] }
  | { ok: false; problems: Problem[]; warnings: Problem[] }

/**
 * Reads an ingress file: strict UTF-8, JSON, `${NAME}` placeholders from `env`, the schema, then the checks. Every
 * problem is reported at once, sorted by line, each located at the offending value (or key). Never throws.
 *
 * Each run reads one file, once, with nothing compiled yet, so the clean case goes the quick way: native JSON.parse
 * and a schema check that stops at the first error. A file with anything to report (a problem, a warning, or just
 * something the quick way can't vouch for) is read again the thorough way, which locates every finding; that code
 * (explain.ts, the position parser and the full validator) loads only then.
 */
export async function loadIngressFile(content: Uint8Array | string, env: Env): Promise<LoadResult> {
  const quick = readIfClean(content, env)
  if (quick) return { ok: true, ingress: quick, warnings: [] }
  const { explainIngressFile } = await import('./explain.js')
  return explainIngressFile(content, env)
}

/** The quick way: the file's content when it is clean (valid, nothing to warn about), else undefined. */
export function readIfClean(content: Uint8Array | string, env: Env): IngressFile | undefined {
  try {
    let text: string
    // A leading BOM is no part of the JSON (the UTF-8 decoder drops it from bytes, too).
    if (typeof content === 'string') text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content
    else {
      const decoded = decodeUtf8(content)
      if (!decoded.ok) return undefined
      text = decoded.text
    }
    const parsed = parseJsonQuickly(text)
    if (!parsed) return undefined
    // LoadBalanceType earns a warning, which needs its line.
    if (declaresLoadBalanceType(parsed.value)) return undefined
    const substituted = substituteDocument(text, parsed.value, env)
    if (substituted.missing.length > 0 || checkIngress(substituted.value).length > 0 || !isIngressFile(substituted.value)) return undefined
    return substituted.value as IngressFile
  } catch {
    return undefined // the thorough way reports it
  }
}
