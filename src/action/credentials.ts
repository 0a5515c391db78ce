// Which credentials sign the run: the AccessKey inputs, then keyless OIDC (the workflow's ID token exchanged with STS),
// then Alibaba's credential chain when the credential-chain input asks for it (a self-hosted runner on ECS signs with
// its instance RAM role), then the ALIBABA_CLOUD_* variables (aliyun/configure-aliyun-credentials-action sets them).
import { getIDToken } from '@actions/core'
import { credentialChain } from '../engine/credentials/chain.js'
import { oidcCredentials, type ExchangeContext } from '../engine/credentials/oidc.js'
import { ExpectedFailure, InputError } from '../engine/failure.js'
import { staticCredentials, type CredentialSource } from '../engine/model/credentials.js'
import type { OidcSettings, Settings } from './inputs.js'

const FROM = {
  inputs: 'the access-key-id and access-key-secret inputs',
  environment: 'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET'
} as const

export function credentialSource(settings: Pick<Settings, 'credentials' | 'credentialSource' | 'oidc'>, ctx: ExchangeContext): CredentialSource {
  if (settings.credentials) return staticCredentials(settings.credentials, FROM[settings.credentialSource === 'inputs' ? 'inputs' : 'environment'])
  const oidc = settings.oidc
  if (oidc) return oidcCredentials(oidc, () => requestIdToken(oidc), ctx)
  if (settings.credentialSource === 'chain') return credentialChain({}, ctx)
  throw new InputError(
    'No credentials: set role-to-assume and oidc-provider-arn (keyless), or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (aliyun/configure-aliyun-credentials-action sets them), ' +
      'or, on a self-hosted runner, credential-chain: true (to use its ~/.aliyun/config.json or ECS instance RAM role), ' +
      'or the access-key-id and access-key-secret inputs.'
  )
}

async function requestIdToken(oidc: OidcSettings): Promise<string> {
  if (!oidc.tokenAvailable) {
    throw new ExpectedFailure(
      'role-to-assume is set but the job cannot request an OIDC token: add `permissions: id-token: write` to the job ' +
        '(pull requests from forks never get one; use dry-run there).'
    )
  }
  try {
    return await getIDToken(oidc.audience)
  } catch (err) {
    throw new ExpectedFailure(`Could not get the workflow's OIDC token: ${err instanceof Error ? err.message : String(err)}`)
  }
}
