/**
 * Shapes shared by the client, the planner and the report: what the service says about an ingress and about a call.
 * They live here so that the planner and the renderers never import from the client.
 */
/** DescribeIngress `Data`, as the service sends it (PascalCase; see shared/reference notes 1.4). */
export interface LiveRule {
  AppId: string
  AppName?: string
  BackendProtocol?: string
  ContainerPort: number
  Domain: string
  Path: string
  RewritePath?: string
  RuleActions?: Array<{ ActionType?: string; ActionConfig?: string }>
}

export interface LiveIngress {
  Id: number
  Name?: string
  Description?: string
  NamespaceId?: string
  SlbId?: string
  SlbType?: string
  LoadBalanceType?: string
  ListenerPort?: number
  ListenerProtocol?: string
  CertId?: string
  CertIds?: string
  SecurityPolicyId?: string
  RequestTimeout?: number
  IdleTimeout?: number
  EnableGzip?: boolean
  EnableXForwardedFor?: boolean
  EnableXForwardedForClientSrcPort?: boolean
  EnableXForwardedForProto?: boolean
  EnableXForwardedForSlbId?: boolean
  EnableXForwardedForSlbPort?: boolean
  CreatedBySae?: boolean
  CorsConfig?: {
    AllowCredentials?: string
    AllowHeaders?: string
    AllowMethods?: string
    AllowOrigin?: string
    Enable?: string
    ExposeHeaders?: string
    MaxAge?: string
  }
  DefaultRule?: { AppId: string; AppName?: string; BackendProtocol?: string; ContainerPort: number }
  Rules?: LiveRule[]
}

/** What every successful call yields besides its data. */
export interface CallMeta {
  requestId: string
  traceId?: string
  /** Attempts made, retries included. */
  attempts: number
}
