// Shared fixtures for the safe-deploy end-to-end suites (e2e-safe-deploy, e2e-concurrency,
// e2e-pr-comment): one seeded ingress shared by several "teams", and the inputs/env that point
// the bundled action at a loopback emulator.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Emulator, LiveIngress, RecordedRequest } from '../../emulator/index.mjs'

export const INGRESS_ID = 87
export { WEB_APP as APP_WEB, LEGACY_APP as APP_LEGACY, json } from './e2e.js'
import { WEB_APP as APP_WEB, LEGACY_APP as APP_LEGACY, LIVE_LISTENER } from './e2e.js'
export const APP_PREVIEW = '2f9c61aa-1c3e-4b5e-9d7f-0a1b2c3d4e5f'
export const APP_PAYMENTS = '5a1d0c3e-8b7f-4e2a-9c6d-11aa22bb33cc'

/** Credentials the emulator accepts by default, given the way configure-aliyun-credentials-action gives them. */
export const CREDENTIALS_ENV: Record<string, string> = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'testAccessKeyId',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'testAccessKeySecret'
}

/**
 * The live ingress before each test. Other teams' rules carry everything the service fills in or a
 * team may set (AppName, BackendProtocol other than http, RewritePath), so a run that re-sends
 * them lossily shows up as a difference.
 */
export function seedIngress(): LiveIngress {
  return {
    Id: INGRESS_ID,
    Name: 'lb-emulator0000000000000-80-f5a1',
    Description: 'web-prod',
    ...LIVE_LISTENER,
    EnableXForwardedFor: false,
    DefaultRule: { AppId: APP_WEB, AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080 },
    Rules: [
      { AppId: APP_WEB, AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' },
      { AppId: APP_LEGACY, AppName: 'legacy-team-b', BackendProtocol: 'https', ContainerPort: 8443, Domain: 'old.example.com', Path: '/', RewritePath: '/v2' },
      { AppId: APP_PAYMENTS, AppName: 'payments', BackendProtocol: 'grpc', ContainerPort: 9000, Domain: 'pay.example.com', Path: '/rpc' }
    ]
  }
}

/** Inputs that reach the emulator; `ingress-file` defaults to ingress.json in the workspace. */
export function emulatorInputs(emu: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return { 'ingress-file': 'ingress.json', endpoint: emu.url, 'region-id': 'cn-hangzhou', timeout: '30', ...extra }
}


export const actionsOf = (emu: Emulator): Array<string | undefined> => emu.requests.map(r => r.action)
export const updatesOf = (emu: Emulator): RecordedRequest[] => emu.requests.filter(r => r.action === 'UpdateIngress')

/** The rules of the live ingress that are not on `except`'s domains, as the service stores them. */
export function rulesExcept(live: LiveIngress | undefined, ...domains: string[]): string {
  return JSON.stringify((live?.Rules ?? []).filter(rule => !domains.includes(rule.Domain)))
}

export function domainsOf(live: LiveIngress | undefined): string[] {
  return (live?.Rules ?? []).map(rule => rule.Domain).sort()
}

/** Resolves once `predicate` holds, checking every 5 ms (the emulator runs in this process). */
export async function waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > until) throw new Error('waitFor: condition not met in time')
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

export interface HealthServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string
  port: number
  /** Paths requested, in order. */
  hits: string[]
  close(): Promise<void>
}

/** A loopback health endpoint answering the nth request (0-based) with `statusFor(n)`. */
export async function startHealthServer(statusFor: (n: number, req: IncomingMessage) => number, host = '127.0.0.1'): Promise<HealthServer> {
  const hits: string[] = []
  const server: Server = createServer((req, res) => {
    const status = statusFor(hits.length, req)
    hits.push(req.url ?? '')
    res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' })
    res.end(`status ${status}\n`)
  })
  await new Promise<void>(resolve => server.listen(0, host, resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
