import type { StatusRange } from '../engine/apply/health.js'
import { InputError } from '../engine/failure.js'
import { placeholderEnv, refusedPlaceholderMessage, refusedPlaceholders } from '../engine/ingress/placeholder-policy.js'
import type { Credentials, OidcExchange } from '../engine/model/credentials.js'
import { parseEndpoint } from '../engine/net/endpoint.js'
import { FILE_MODES, type FileMode } from '../engine/ingress/types.js'
import { closestKey } from '../engine/text/suggest.js'
import { parseBoolean, parseChoice, parseInteger, parseList, parseStatusRanges } from './input-parsers.js'
import { DECLARED_INPUTS } from './inputs.generated.js'

/** Keyless auth: the workflow's OIDC token, for this audience, exchanged with STS for temporary credentials. */
export interface OidcSettings extends OidcExchange {
  audience: string
  /** Whether the runner offers an ID token at all (it needs `permissions: id-token: write`). */
  tokenAvailable: boolean
}

/**
 * Everything the action was asked to do, read once, before anything is printed. No other module reads inputs or
 * ALIBABA_CLOUD_* variables.
 */
export interface Settings {
  readonly workspace: string
  readonly ingressFile: string
  /** The ingress-id input: wins over the file's IngressId. */
  readonly ingressId?: number
  /** The namespace-id and ingress-name inputs: the ingress found by name (ListIngresses), instead of an id. */
  readonly ingressName?: { readonly namespaceId: string; readonly name: string }
  readonly regionId?: string
  /** Undefined only when neither endpoint nor region is known (allowed for an offline dry run). */
  readonly endpoint?: string
  readonly credentials?: Credentials
  /** chain: Alibaba's credential chain, asked for with the credential-chain input (an ECS instance's RAM role…). */
  readonly credentialSource: 'inputs' | 'oidc' | 'chain' | 'environment' | 'none'
  /** Keyless auth: exchange the workflow's OIDC token for temporary credentials (when no AccessKey inputs). */
  readonly oidc?: OidcSettings
  readonly timeoutMs: number
  readonly dryRun: boolean
  readonly rulesMode: FileMode
  readonly wait: boolean
  readonly healthCheck?: { readonly url: string; readonly accepted: StatusRange[]; readonly allowInternal: boolean }
  readonly rollbackOnFailure: boolean
  /** Re-sending a live rule drops its console-made RuleActions; only with this set is that allowed. */
  readonly dropRuleActions: boolean
  /** The github-token input: the PR comment, the drift issue, the pull requests a prune looks up. */
  readonly githubToken: string
  readonly comment: { readonly enabled: boolean }
  /** Keep one issue per ingress and file saying the live ingress differs from it (with dry-run only). */
  readonly driftIssue: boolean
  readonly allowedIngressIds?: number[]
  readonly runnerTemp: string
  /** For `${NAME}` placeholders in the ingress file and the health-check URL. */
  readonly env: Readonly<Record<string, string | undefined>>
}

/** An input as the runner passes it (INPUT_<NAME>, spaces to underscores, hyphens kept), trimmed: @actions/core's rule. */
const input = (name: string, env: NodeJS.ProcessEnv = process.env): string =>
  (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()

const ROLE_ARN = /^acs:ram::\d+:role\/[A-Za-z0-9.@_/-]+$/
const PROVIDER_ARN = /^acs:ram::\d+:oidc-provider\/[A-Za-z0-9.@_-]+$/

/** role-session-name default: repository and run, in the 2–64 characters of [A-Za-z0-9.@_-] that STS accepts. */
export function defaultSessionName(env: NodeJS.ProcessEnv): string {
  const raw = `github-${env.GITHUB_REPOSITORY ?? 'action'}-${env.GITHUB_RUN_ID ?? 'local'}`
  return raw.replace(/[^A-Za-z0-9.@_-]/g, '-').slice(-64)
}

function readOidc(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const roleArn = input('role-to-assume')
  if (!roleArn) return undefined
  if (!ROLE_ARN.test(roleArn)) throw new InputError(`Input role-to-assume must be a RAM role ARN like acs:ram::123456789012:role/deploy, got "${roleArn}".`)
  const providerArn = input('oidc-provider-arn')
  if (!PROVIDER_ARN.test(providerArn)) {
    throw new InputError(`Input oidc-provider-arn must be set with role-to-assume, like acs:ram::123456789012:oidc-provider/GitHub; got "${providerArn}".`)
  }
  const sessionName = input('role-session-name') || defaultSessionName(env)
  if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(sessionName)) {
    throw new InputError(`Input role-session-name must be 2–64 characters of A-Z a-z 0-9 . @ _ -, got "${sessionName}".`)
  }
  return {
    roleArn,
    providerArn,
    sessionName,
    durationSeconds: parseInteger('role-session-expiration', input('role-session-expiration'), { min: 900, max: 43_200 }) ?? 3600,
    audience: input('audience') || 'sts.aliyuncs.com',
    stsEndpoint: parseEndpoint('Input sts-endpoint', input('sts-endpoint') || 'https://sts.aliyuncs.com'),
    tokenAvailable: Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
  }
}

/** `cn-hangzhou` (a region's default namespace) or `cn-hangzhou:prod`, as SAE writes namespace ids. */
const NAMESPACE_ID = /^[a-z]{2,}(-[a-z0-9]+)+(:[A-Za-z0-9._-]{1,64})?$/

/** namespace-id and ingress-name, which name the ingress instead of ingress-id; both or neither. */
function readIngressName(ingressId: number | undefined): Settings['ingressName'] {
  const namespaceId = input('namespace-id')
  const name = input('ingress-name')
  if (!namespaceId && !name) return undefined
  if (ingressId !== undefined) throw new InputError('Input ingress-id names the ingress already: set either ingress-id, or namespace-id and ingress-name.')
  if (!namespaceId || !name) throw new InputError('Inputs namespace-id and ingress-name go together: the name is looked up in that namespace.')
  if (!NAMESPACE_ID.test(namespaceId)) throw new InputError(`Input namespace-id must look like cn-hangzhou:prod, got "${namespaceId}".`)
  return { namespaceId, name }
}

/** Explicit AccessKey inputs first, then keyless OIDC, then the credential chain if asked for, then the ALIBABA_CLOUD_* variables. */
function readCredentials(env: NodeJS.ProcessEnv): Pick<Settings, 'credentials' | 'credentialSource' | 'oidc'> {
  const fromInputs = {
    accessKeyId: input('access-key-id'),
    accessKeySecret: input('access-key-secret'),
    securityToken: input('security-token')
  }
  const fromEnv = {
    accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID?.trim() ?? '',
    accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET?.trim() ?? '',
    securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN?.trim() ?? ''
  }
  // Nothing is printed before the caller has masked secretValues(), which covers both sources.
  const explicit = Boolean(fromInputs.accessKeyId || fromInputs.accessKeySecret)
  const oidc = explicit ? undefined : readOidc(env)
  if (oidc) return { credentialSource: 'oidc', oidc }
  // Only when asked: the chain ends at the instance metadata endpoint, which GitHub-hosted runners must never probe.
  if (!explicit && parseBoolean('credential-chain', input('credential-chain'), false)) return { credentialSource: 'chain' }
  const [source, picked] = explicit
    ? (['inputs', fromInputs] as const)
    : fromEnv.accessKeyId || fromEnv.accessKeySecret
      ? (['environment', fromEnv] as const)
      : (['none', undefined] as const)
  if (!picked) return { credentialSource: 'none' }
  if (!picked.accessKeyId || !picked.accessKeySecret) {
    const names = source === 'inputs' ? 'access-key-id and access-key-secret' : 'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET'
    throw new InputError(`Credentials are incomplete: set both ${names}.`)
  }
  return {
    credentialSource: source,
    credentials: {
      accessKeyId: picked.accessKeyId,
      accessKeySecret: picked.accessKeySecret,
      ...(picked.securityToken ? { securityToken: picked.securityToken } : {})
    }
  }
}

/**
 * The runner passes every `with:` key as INPUT_<NAME> and only warns about keys the action does not declare, so a
 * typo such as `dry_run: true` would run a real write and `rules_mode: upsert` a replace. Refused before anything else.
 */
export function checkDeclaredInputs(env: NodeJS.ProcessEnv, declared: readonly string[] = DECLARED_INPUTS): void {
  const variable = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
  const known = new Set(declared.map(variable))
  const unknown = Object.keys(env).filter(key => key.startsWith('INPUT_') && !known.has(key))
  if (unknown.length === 0) return
  const described = unknown.sort().map(key => {
    const name = key.slice('INPUT_'.length).toLowerCase()
    const closest = closestKey(name, declared)
    return closest ? `${name} (did you mean ${closest}?)` : name
  })
  throw new InputError(
    `This action has no input ${described.join(', ')}. Nothing was done: a misspelt input would otherwise be ignored ` +
      `(dry_run instead of dry-run would write for real). Inputs: ${declared.join(', ')}.`
  )
}

export function getSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  checkDeclaredInputs(env)
  const credentials = readCredentials(env)
  const ingressFile = input('ingress-file')
  if (!ingressFile) throw new InputError('Input ingress-file is required: the path of the ingress JSON, relative to the workspace.')
  const regionId = input('region-id') || env.ALIBABA_CLOUD_REGION_ID?.trim() || undefined
  if (regionId !== undefined && !/^[a-z]{2,}(-[a-z0-9]+)+$/.test(regionId)) {
    throw new InputError(`Input region-id must look like cn-hangzhou, got "${regionId}".`)
  }
  const endpointInput = input('endpoint')
  const endpoint = endpointInput
    ? parseEndpoint('Input endpoint', endpointInput)
    : regionId
      ? `https://sae.${regionId}.aliyuncs.com`
      : undefined
  const githubToken = input('github-token')
  const healthCheckUrl = input('health-check-url')
  const refused = refusedPlaceholders(healthCheckUrl)
  if (refused.length) throw new InputError(`Input health-check-url: ${refusedPlaceholderMessage(refused[0]!)}.`)
  const allowed = parseList(input('allowed-ingress-ids'))
  const ingressId = parseInteger('ingress-id', input('ingress-id'), { min: 1, max: Number.MAX_SAFE_INTEGER })
  const isPullRequest = (env.GITHUB_EVENT_NAME ?? '').startsWith('pull_request')
  const dryRun = parseBoolean('dry-run', input('dry-run'), false)
  const rulesMode = parseChoice('rules-mode', input('rules-mode'), FILE_MODES, 'replace')
  const driftIssue = parseBoolean('drift-issue', input('drift-issue'), false)
  if (driftIssue && !dryRun) throw new InputError('Input drift-issue needs dry-run: true: it reports drift, and a run that writes ends it instead.')
  if (driftIssue && rulesMode === 'prune') throw new InputError('Input drift-issue does not go with rules-mode: prune, which finds rules rather than states them.')
  return {
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    runnerTemp: env.RUNNER_TEMP || env.TMPDIR || '/tmp',
    ingressFile,
    ingressId,
    ingressName: readIngressName(ingressId),
    regionId,
    endpoint,
    ...credentials,
    timeoutMs: (parseInteger('timeout', input('timeout'), { min: 1, max: 21_600 }) ?? 300) * 1000,
    dryRun,
    rulesMode,
    wait: parseBoolean('wait', input('wait'), true),
    healthCheck: healthCheckUrl
      ? {
          url: healthCheckUrl,
          accepted: parseStatusRanges('health-check-status', input('health-check-status') || '200-399'),
          allowInternal: parseBoolean('health-check-allow-internal', input('health-check-allow-internal'), false)
        }
      : undefined,
    rollbackOnFailure: parseBoolean('rollback-on-failure', input('rollback-on-failure'), false),
    dropRuleActions: parseBoolean('drop-rule-actions', input('drop-rule-actions'), false),
    githubToken,
    comment: { enabled: parseBoolean('comment', input('comment'), isPullRequest) },
    driftIssue,
    allowedIngressIds: allowed.length
      ? allowed.map(id => parseInteger('allowed-ingress-ids', id, { min: 1, max: Number.MAX_SAFE_INTEGER }) as number)
      : undefined,
    env: placeholderEnv(env)
  }
}

/** Whether this run can reach the API at all; an offline dry run validates the file and stops. */
export function canAuthenticate(settings: Settings): boolean {
  return settings.credentials !== undefined || settings.credentialSource === 'chain' || (settings.oidc?.tokenAvailable ?? false)
}

/** Every secret the run could hold, for scrubbing messages; usable even when getSettings itself failed. */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = ['access-key-secret', 'security-token', 'github-token']
  return [
    ...names.map(name => env[`INPUT_${name.toUpperCase()}`]),
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    env.ALIBABA_CLOUD_SECURITY_TOKEN
  ].filter((value): value is string => Boolean(value?.trim())).map(value => value.trim())
}
