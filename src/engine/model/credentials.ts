import type { Deadline } from '../clock.js'

/** What signs a run's requests: shared by the front ends that find it, the STS exchanges and the client that signs. */
export interface Credentials {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
}

/**
 * Where a run's credentials come from, resolved when the first call needs them. Whatever resolves them registers the
 * secrets it learns (an STS token, a secret from a profile) before anything can print them.
 */
export interface CredentialSource {
  /** For the log: `the access-key-id and access-key-secret inputs`, `role acs:ram::…:role/deploy (OIDC)`, … */
  readonly from: string
  resolve(deadline: Deadline): Promise<Credentials>
}

/** Credentials known already (inputs, variables): nothing to resolve. */
export function staticCredentials(credentials: Credentials, from: string): CredentialSource {
  return { from, resolve: async () => credentials }
}

/** Keyless auth: an OIDC token exchanged with STS AssumeRoleWithOIDC for temporary credentials. */
export interface OidcExchange {
  roleArn: string
  providerArn: string
  sessionName: string
  durationSeconds: number
  stsEndpoint: string
}
