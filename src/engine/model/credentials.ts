/** How the run authenticates: shared by the inputs that read it, the OIDC exchange and the client that signs. */
export interface Credentials {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
}

/** Keyless auth: the workflow's OIDC token exchanged with STS AssumeRoleWithOIDC for temporary credentials. */
export interface OidcSettings {
  roleArn: string
  providerArn: string
  sessionName: string
  durationSeconds: number
  audience: string
  stsEndpoint: string
  /** Whether the runner offers an ID token at all (it needs `permissions: id-token: write`). */
  tokenAvailable: boolean
}
