// Credentials as Alibaba Cloud's own tools find them, through Alibaba's provider chain (@alicloud/credentials, used as
// shipped): ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN, then an OIDC token file (ALIBABA_CLOUD_ROLE_ARN,
// ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE), then the aliyun CLI's ~/.aliyun/config.json (its
// current profile, or ALIBABA_CLOUD_PROFILE), then ~/.alibabacloud/credentials, then the ECS instance's RAM role
// (off with ALIBABA_CLOUD_ECS_METADATA_DISABLED=true), then ALIBABA_CLOUD_CREDENTIALS_URI. A named profile is looked
// up in ~/.aliyun/config.json alone. The library is loaded only when a chain is asked for.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { InputError } from '../failure.js'
import type { CredentialSource, Credentials } from '../model/credentials.js'
import type { Secrets } from '../text/secrets.js'

interface Provider {
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string; providerName?: string }>
}

interface CredentialsLibrary {
  DefaultCredentialsProvider: { builder(): { build(): Provider } }
  CLIProfileCredentialsProvider: { builder(): { withProfileName(name: string): { build(): Provider } } }
}

const library = (): CredentialsLibrary => createRequire(import.meta.url)('@alicloud/credentials') as CredentialsLibrary

/** Where the chain looks, in order, for the message when it finds nothing. */
const LOOKED = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'an OIDC token file (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)',
  '~/.aliyun/config.json (the current profile, or ALIBABA_CLOUD_PROFILE)',
  '~/.alibabacloud/credentials',
  'the ECS instance RAM role (ALIBABA_CLOUD_ECS_METADATA_DISABLED=true skips it)',
  'ALIBABA_CLOUD_CREDENTIALS_URI'
]

/** Keys of an ~/.aliyun/config.json profile that hold secrets (access_key_secret, sts_token, OAuth and SSO tokens, …). */
const SECRET_KEY = /secret|token|password|private/i
/** …and those that only name one (oidc_token_file) or say when it expires. */
const NOT_SECRET_KEY = /file$|expire/i
const holdsSecret = (key: string): boolean => SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key)

/**
 * The aliyun CLI's config as text, with every profile's secrets registered first: the library echoes what it reads
 * (a RamRoleArn profile's own key secret in an STS error, the whole file when it is not JSON), and a secret it never
 * hands back would otherwise be printed as it is. Undefined when there is no such file.
 */
function registerConfigSecrets(secrets: Secrets): string | undefined {
  let text: string
  try {
    text = readFileSync(path.join(os.homedir(), '.aliyun', 'config.json'), 'utf8')
  } catch {
    return undefined
  }
  try {
    const config = JSON.parse(text) as { profiles?: unknown }
    for (const profile of Array.isArray(config.profiles) ? config.profiles : []) {
      for (const [key, value] of Object.entries((profile ?? {}) as Record<string, unknown>)) if (holdsSecret(key) && typeof value === 'string') secrets.add(value)
    }
  } catch {
    // Not JSON: the values that look like secrets, as written.
    for (const [, key, value] of text.matchAll(/"([^"]*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) if (holdsSecret(key!)) secrets.add(value)
  }
  return text
}

/** What the chain said, without the config file's text that the library quotes when it cannot parse it. */
function withoutConfig(message: string, config: string | undefined): string {
  return config?.trim() ? message.split(config).join('<the file as written>') : message
}

/**
 * The credentials the chain (or the named profile) gives, resolved once when the first call needs them. Whatever it
 * hands back is registered with `secrets` before anything can print it, and its errors are redacted.
 */
export function credentialChain(options: { profile?: string }, ctx: { secrets: Secrets }): CredentialSource {
  let resolved: Promise<Credentials> | undefined
  const source = {
    from: options.profile ? `profile ${options.profile} of ~/.aliyun/config.json` : 'the default credential chain',
    resolve: () => (resolved ??= find(options, ctx.secrets, found => (source.from = found)))
  }
  return source
}

async function find(options: { profile?: string }, secrets: Secrets, describe: (from: string) => void): Promise<Credentials> {
  const config = registerConfigSecrets(secrets)
  let provider: Provider
  try {
    const { CLIProfileCredentialsProvider, DefaultCredentialsProvider } = library()
    provider = options.profile ? CLIProfileCredentialsProvider.builder().withProfileName(options.profile).build() : DefaultCredentialsProvider.builder().build()
  } catch (err) {
    throw new InputError(`No credentials: ${secrets.redact(withoutConfig(err instanceof Error ? err.message : String(err), config))}.`)
  }
  let found: Awaited<ReturnType<Provider['getCredentials']>>
  try {
    found = await provider.getCredentials()
  } catch (err) {
    const reason = secrets.redact(withoutConfig(err instanceof Error ? err.message : String(err), config))
    const where = options.profile ? `profile ${options.profile} of ~/.aliyun/config.json` : LOOKED.join('; ')
    throw new InputError(`No credentials found. Looked in: ${where}. What the chain said: ${reason}`)
  }
  secrets.add(found.accessKeySecret)
  secrets.add(found.securityToken)
  if (!found.accessKeyId || !found.accessKeySecret) throw new InputError('The credential chain gave an AccessKey ID or secret that is empty.')
  if (found.providerName) describe(`the credential chain (${found.providerName})`)
  return { accessKeyId: found.accessKeyId, accessKeySecret: found.accessKeySecret, ...(found.securityToken ? { securityToken: found.securityToken } : {}) }
}
