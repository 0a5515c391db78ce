// What every command that calls SAE shares: where (an endpoint, from --endpoint or a region), as whom (Alibaba's
// credential chain, or a named profile), which ingress (by id, or by name), and the engine's context on a terminal.
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as proxies from '@actions/http-client/lib/proxy'
import type { EngineContext } from '../engine/apply/deploy.js'
import { systemClock } from '../engine/clock.js'
import { credentialChain } from '../engine/credentials/chain.js'
import { InputError } from '../engine/failure.js'
import type { IngressFile } from '../engine/ingress/types.js'
import { parseEndpoint } from '../engine/net/endpoint.js'
import type { IngressRef } from '../engine/sae/find-ingress.js'
import type { SaeTarget } from '../engine/sae/session.js'
import { SecretRegistry } from '../engine/text/secrets.js'
import { Terminal, type Io } from './terminal.js'

/** The options of the commands that talk to SAE, as commander hands them over. */
export interface RemoteOptions {
  ingressId?: string
  namespaceId?: string
  ingressName?: string
  region?: string
  endpoint?: string
  profile?: string
  timeout: string
  verbose?: boolean
}

export interface Session {
  terminal: Terminal
  ctx: EngineContext & { log: Terminal }
}

/** A terminal and the engine's context for one command, with the secrets of the environment masked first. */
export function openTerminal(io: Io, verbose = false): Session {
  const secrets = new SecretRegistry()
  for (const name of ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN']) secrets.add(io.env[name])
  const terminal = new Terminal(io, secrets, verbose)
  return { terminal, ctx: { log: terminal, secrets, clock: systemClock, proxies } }
}

const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/
const NAMESPACE_ID = /^[a-z]{2,}(-[a-z0-9]+)+(:[A-Za-z0-9._-]{1,64})?$/

/** The region of the aliyun CLI's profile (--profile, ALIBABA_CLOUD_PROFILE, or its current one), if it names one. */
function profileRegion(profile: string | undefined, env: Io['env']): string | undefined {
  try {
    const config = JSON.parse(readFileSync(path.join(os.homedir(), '.aliyun', 'config.json'), 'utf8')) as { current?: string; profiles?: Array<{ name?: string; region_id?: string }> }
    const name = profile ?? env.ALIBABA_CLOUD_PROFILE ?? config.current
    return config.profiles?.find(entry => entry.name === name)?.region_id || undefined
  } catch {
    return undefined
  }
}

/** The SAE endpoint and credentials: --endpoint, or https://sae.<region>.aliyuncs.com. */
export function saeTarget(options: RemoteOptions, { ctx }: Session, env: Io['env']): SaeTarget {
  if (options.endpoint && options.region) throw new InputError('Set --region or --endpoint, not both.')
  const region = options.region ?? env.ALIBABA_CLOUD_REGION_ID ?? profileRegion(options.profile, env)
  if (!options.endpoint && !region) {
    throw new InputError('No region: set --region (e.g. cn-hangzhou) or --endpoint, ALIBABA_CLOUD_REGION_ID, or region_id in the ~/.aliyun/config.json profile.')
  }
  if (!options.endpoint && !REGION.test(region!)) throw new InputError(`--region must look like cn-hangzhou, got "${region}".`)
  const endpoint = options.endpoint ? parseEndpoint('--endpoint', options.endpoint) : `https://sae.${region}.aliyuncs.com`
  return { endpoint, credentials: credentialChain({ profile: options.profile }, ctx) }
}

/** The ingress the options name (an id, or a namespace and a name), else the file's IngressId. */
export function ingressRef(options: RemoteOptions, file?: IngressFile): IngressRef {
  if (options.namespaceId || options.ingressName) {
    if (options.ingressId) throw new InputError('--ingress-id names the ingress already: set either --ingress-id, or --namespace-id and --ingress-name.')
    if (!options.namespaceId || !options.ingressName) throw new InputError('--namespace-id and --ingress-name go together: the name is looked up in that namespace.')
    if (!NAMESPACE_ID.test(options.namespaceId)) throw new InputError(`--namespace-id must look like cn-hangzhou:prod, got "${options.namespaceId}".`)
    return { namespaceId: options.namespaceId, ingressName: options.ingressName }
  }
  if (options.ingressId !== undefined) {
    // Sixteen digits can be past 2^53: such an id would be rounded to another one, not refused.
    if (!/^[1-9]\d{0,15}$/.test(options.ingressId) || !Number.isSafeInteger(Number(options.ingressId))) {
      throw new InputError(`--ingress-id must be a positive whole number, got "${options.ingressId}".`)
    }
    return { ingressId: Number(options.ingressId) }
  }
  if (file?.IngressId !== undefined) return { ingressId: file.IngressId }
  throw new InputError(file ? 'No ingress: set IngressId in the file, --ingress-id, or --namespace-id and --ingress-name.' : 'No ingress: set --ingress-id, or --namespace-id and --ingress-name.')
}

/** --timeout in seconds, as milliseconds. */
export function timeoutMs(options: RemoteOptions): number {
  if (!/^\d+$/.test(options.timeout) || Number(options.timeout) < 1 || Number(options.timeout) > 21_600) {
    throw new InputError(`--timeout must be a whole number of seconds from 1 to 21600, got "${options.timeout}".`)
  }
  return Number(options.timeout) * 1000
}
