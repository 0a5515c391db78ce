import * as core from '@actions/core'
import {
  InputError,
  parseBoolean,
  parseChoice,
  parseEndpoint,
  parseInteger,
  parseList,
  parseStatusRanges,
  type StatusRange
} from './parse.js'
import { RULES_MODES, type RulesMode } from './plan/types.js'
import type { Credentials } from './sae/pop-client.js'


/** Everything the action was asked to do, read once. No other module reads inputs or ALIBABA_CLOUD_* variables. */
export interface Settings {
  readonly workspace: string
  readonly ingressFile: string
  readonly ingressId?: number
  readonly regionId?: string
  /** Undefined only when neither endpoint nor region is known (allowed for an offline dry run). */
  readonly endpoint?: string
  readonly credentials?: Credentials
  readonly credentialSource: 'inputs' | 'environment' | 'none'
  readonly timeoutMs: number
  readonly dryRun: boolean
  readonly rulesMode: RulesMode
  readonly wait: boolean
  readonly healthCheck?: { readonly url: string; readonly accepted: StatusRange[] }
  readonly rollbackOnFailure: boolean
  readonly comment: { readonly enabled: boolean; readonly token: string }
  readonly allowedIngressIds?: number[]
  readonly runnerTemp: string
  /** For `${NAME}` placeholders in the ingress file and the health-check URL. */
  readonly env: Readonly<Record<string, string | undefined>>
}

const input = (name: string): string => core.getInput(name)

function readCredentials(env: NodeJS.ProcessEnv): Pick<Settings, 'credentials' | 'credentialSource'> {
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
  // Mask before anything can be logged, whichever source ends up used.
  for (const value of [fromInputs.accessKeySecret, fromInputs.securityToken, fromEnv.accessKeySecret, fromEnv.securityToken]) {
    if (value) core.setSecret(value)
  }
  const [source, picked] = fromInputs.accessKeyId || fromInputs.accessKeySecret
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

export function getSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const credentials = readCredentials(env)
  const ingressFile = input('ingress-file')
  if (!ingressFile) throw new InputError('Input ingress-file is required: the path of the ingress JSON, relative to the workspace.')
  const regionId = input('region-id') || env.ALIBABA_CLOUD_REGION_ID?.trim() || undefined
  if (regionId !== undefined && !/^[a-z]{2,}(-[a-z0-9]+)+$/.test(regionId)) {
    throw new InputError(`Input region-id must look like cn-hangzhou, got "${regionId}".`)
  }
  const endpointInput = input('endpoint')
  const endpoint = endpointInput
    ? parseEndpoint('endpoint', endpointInput)
    : regionId
      ? `https://sae.${regionId}.aliyuncs.com`
      : undefined
  const githubToken = input('github-token')
  if (githubToken) core.setSecret(githubToken)
  const healthCheckUrl = input('health-check-url')
  const allowed = parseList(input('allowed-ingress-ids'))
  const isPullRequest = (env.GITHUB_EVENT_NAME ?? '').startsWith('pull_request')
  return {
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    runnerTemp: env.RUNNER_TEMP || env.TMPDIR || '/tmp',
    ingressFile,
    ingressId: parseInteger('ingress-id', input('ingress-id'), { min: 1, max: Number.MAX_SAFE_INTEGER }),
    regionId,
    endpoint,
    ...credentials,
    timeoutMs: (parseInteger('timeout', input('timeout'), { min: 1, max: 21_600 }) ?? 300) * 1000,
    dryRun: parseBoolean('dry-run', input('dry-run'), false),
    rulesMode: parseChoice('rules-mode', input('rules-mode'), RULES_MODES, 'replace'),
    wait: parseBoolean('wait', input('wait'), true),
    healthCheck: healthCheckUrl
      ? { url: healthCheckUrl, accepted: parseStatusRanges('health-check-status', input('health-check-status') || '200-399') }
      : undefined,
    rollbackOnFailure: parseBoolean('rollback-on-failure', input('rollback-on-failure'), false),
    comment: {
      enabled: parseBoolean('comment', input('comment'), isPullRequest),
      token: githubToken
    },
    allowedIngressIds: allowed.length
      ? allowed.map(id => parseInteger('allowed-ingress-ids', id, { min: 1, max: Number.MAX_SAFE_INTEGER }) as number)
      : undefined,
    env: placeholderEnv(env)
  }
}

/** Credentials and runner internals never feed `${NAME}` placeholders: they would land in requests and summaries. */
const PRIVATE_VARIABLE = /^(INPUT_|ACTIONS_|ALIBABA_CLOUD_(ACCESS_KEY|SECURITY_TOKEN)|GITHUB_TOKEN$)/

function placeholderEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !PRIVATE_VARIABLE.test(name)))
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
