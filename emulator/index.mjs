// @ts-check
// Public entry point of the loopback fakes. `startEmulator` serves the SAE ingress ROA APIs and
// STS AssumeRoleWithOIDC and AssumeRole on one 127.0.0.1 port; the OIDC token service and the GitHub REST fake
// are separate servers because the action reaches them through separate base URLs.

import { FaultQueue } from './faults.mjs'
import { IngressStore } from './ingress-store.mjs'
import { listenLoopback } from './loopback-server.mjs'
import { createEmulatorHandler } from './server.mjs'
import { CredentialStore, NonceStore } from './signature.mjs'

export * from './oidc-token-server.mjs'
export * from './github-fake.mjs'
export { FAULT_KINDS } from './faults.mjs'
export { rewriteAction } from './ingress-update.mjs'
export { createTestCa } from './tls.mjs'

/**
 * Emulators of this process by URL, so test support can find the one a run talks to (the integrity ledger compares
 * its state before and after each run, see __tests__/support/integrity.ts).
 * @type {Map<string, import('./index.d.mts').Emulator>}
 */
const running = new Map()

/** The emulator of this process serving `url` (its base URL), if any. @param {string} url */
export function emulatorAt(url) {
  return running.get(url.replace(/\/+$/, ''))
}

/** Obviously fake, so nobody is ever tempted to paste a real key into a fixture. */
export const DEFAULT_CREDENTIAL = Object.freeze({ accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' })

/**
 * @typedef {object} EmulatorOptions
 * @property {number} [port]
 * @property {Array<{ accessKeyId: string, accessKeySecret: string, securityToken?: string }>} [credentials]
 * @property {import('../src/engine/sae/types.js').LiveIngress[]} [ingresses]
 * @property {number} [propagationDelayMs]
 * @property {() => number} [now]
 * @property {string[]} [knownCertIds]
 * @property {boolean} [rewriteActions] a rule written with a rewritePath shows it as a `rewrite` RuleAction too
 * @property {number[]} [occupiedPorts]
 * @property {import('./sts.mjs').StsOptions} [sts]
 * @property {string} [region]
 * @property {{ keyPem: string, certPem: string }} [tls] serve https (certificates from tls.mjs)
 */

/**
 * @param {EmulatorOptions} [options]
 */
export async function startEmulator(options = {}) {
  const credentialList = options.credentials ?? [DEFAULT_CREDENTIAL]
  for (const credential of credentialList) {
    // Real Alibaba Cloud AccessKey IDs start with LTAI; refuse them so a real key can never end
    // up being exercised (or logged) by a test run.
    if (/^LTAI/i.test(credential.accessKeyId)) {
      throw new Error('startEmulator: refusing an AccessKey ID that looks real (LTAI...); use a fake one')
    }
  }
  const now = options.now ?? Date.now
  const requests = /** @type {import('./server.mjs').RecordedRequest[]} */ ([])
  const store = new IngressStore(options.ingresses ?? [], { now, propagationDelayMs: options.propagationDelayMs ?? 0 })
  const faults = new FaultQueue()
  const loop = await listenLoopback(
    createEmulatorHandler({
      store,
      credentials: new CredentialStore(credentialList),
      nonces: new NonceStore(),
      faults,
      updateRules: {
        knownCertIds: options.knownCertIds ? new Set(options.knownCertIds) : undefined,
        occupiedPorts: new Set(options.occupiedPorts ?? []),
        rewriteActions: options.rewriteActions ?? false
      },
      sts: options.sts ?? {},
      requests,
      now,
      region: options.region ?? 'cn-hangzhou'
    }),
    options.port ?? 0,
    { tls: options.tls }
  )

  /** @type {import('./index.d.mts').Emulator} */
  const emulator = {
    url: loop.url,
    port: loop.port,
    requests,
    /** Ids of every ingress it holds. */
    ingressIds: () => store.ids(),
    /** The service's real current state (not subject to propagation delay). @param {number} id */
    getIngress: (id) => store.current(id),
    /** Changes state behind the client's back, visible immediately. @param {import('../src/engine/sae/types.js').LiveIngress} live */
    setIngress: (live) => store.replace(live),
    /** @param {import('./faults.mjs').Fault} fault */
    inject: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    close: () => {
      running.delete(loop.url)
      return loop.close()
    }
  }
  running.set(loop.url, emulator)
  return emulator
}
