/** What the confirming reads after a write found; shared by the deploy loop and the report. */
export interface Verification {
  ok: boolean
  unmet: string[]
  reads: number
  /** Re-applies after another writer changed the ingress under us. */
  reapplies: number
}

export interface HealthResult {
  url: string
  ok: boolean
  attempts: number
  /** Last HTTP status seen, if any answer came. */
  status?: number
  /** Last network error, if the last attempt got no answer. */
  error?: string
}
