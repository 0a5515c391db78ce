// Shared fixtures of the end-to-end suites: the bundled action (dist/index.js) against the loopback SAE emulator.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { startEmulator, type Emulator, type EmulatorOptions, type LiveIngress } from '../../emulator/index.mjs'
import { aliasEndpoint } from './integrity.js'
import { recordWireSecrets, type ActionRun } from './run-action.js'

/** Distinctive fakes: any of these showing up in a transcript is a leak, never a coincidence. */
export const KEYS = {
  accessKeyId: 'e2eAccessKeyId4471',
  accessKeySecret: 'e2eSecret/Qx7+Wv3=Zk9LmP2',
  /** Known to nobody: the service answers SignatureDoesNotMatch. */
  wrongSecret: 'e2eWrongSecret/Hy5+Tb8=Nc1'
} as const

export const STS = {
  accessKeyId: 'STS.e2eTempKeyId9138',
  accessKeySecret: 'e2eStsSecret/Rf6+Gd2=Ua4',
  securityToken: 'e2eStsToken/CAIS9f8Jq+Lw2Vt=Xp0Ym3&Kn7%Zr5'
} as const

/** Every secret a run in these suites could hold. */

export const INGRESS_ID = 87
export const OTHER_INGRESS_ID = 88
export const WEB_APP = '395b60e4-0550-458d-9c54-a265d0360001'
export const API_APP = '666403ce-d25b-47cf-87fe-497565d20002'
export const LEGACY_APP = '777403ce-d25b-47cf-87fe-497565d20003'

/** What the emulator's seeded ingresses share: the load balancer and an HTTP listener on port 80. */
export const LIVE_LISTENER = {
  NamespaceId: 'cn-hangzhou:prod',
  SlbId: 'lb-emulator0000000000000',
  SlbType: 'internet',
  LoadBalanceType: 'clb',
  ListenerPort: 80,
  ListenerProtocol: 'HTTP',
  RequestTimeout: 30,
  IdleTimeout: 15
} as const

/** The live ingresses each test starts from (same as examples/emulator-seed.json, plus a second ingress). */
export function seedIngresses(): LiveIngress[] {
  const base = { ...LIVE_LISTENER, DefaultRule: { AppId: WEB_APP, AppName: 'web', ContainerPort: 8080 } }
  return [
    {
      ...base,
      Id: INGRESS_ID,
      Name: 'lb-emulator0000000000000-80-f5a1',
      Description: 'web-prod',
      Rules: [
        { AppId: WEB_APP, AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' },
        { AppId: LEGACY_APP, AppName: 'legacy', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'old.example.com', Path: '/' }
      ]
    },
    {
      ...base,
      Id: OTHER_INGRESS_ID,
      Name: 'lb-emulator0000000000000-8080-a0b2',
      Description: 'web-staging',
      ListenerPort: 8080,
      Rules: [{ AppId: WEB_APP, AppName: 'web', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'staging.example.com', Path: '/' }]
    }
  ]
}

/** A valid file for ingress 87 that changes something (one rule added, one removed, two settings). */
export function ingressFile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    IngressId: INGRESS_ID,
    Description: 'web-prod',
    ListenerPort: 80,
    ListenerProtocol: 'HTTP',
    RequestTimeout: 60,
    IdleTimeout: 15,
    EnableXForwardedFor: true,
    DefaultRule: { appId: WEB_APP, containerPort: 8080 },
    Rules: [
      { appId: WEB_APP, containerPort: 8080, domain: 'www.example.com', path: '/' },
      { appId: API_APP, containerPort: 9090, domain: 'api.example.com', path: '/v1' }
    ],
    ...overrides
  }
}

export const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n'

export interface Response {
  method: string
  status: number
  body: string
  requestId?: string
  traceId?: string
}

/**
 * The emulator records requests but not what it answered; this loopback relay sits in front of it and keeps each
 * response, so a test can compare the action's outputs with the RequestId the service really returned.
 */
export interface Relay {
  url: string
  responses: Response[]
  close(): Promise<void>
}

export async function startRelay(target: string): Promise<Relay> {
  const upstream = new URL(target)
  const responses: Response[] = []
  const server = http.createServer((req, res) => {
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      answer => {
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => chunks.push(chunk))
        answer.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          let parsed: { RequestId?: string; TraceId?: string } = {}
          try {
            parsed = JSON.parse(body) as typeof parsed
          } catch {
            // HTML pages and broken bodies are recorded as they are.
          }
          responses.push({ method: req.method ?? '', status: answer.statusCode ?? 0, body, requestId: parsed.RequestId, traceId: parsed.TraceId })
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          res.end(body)
        })
      }
    )
    forward.on('error', () => res.destroy())
    req.pipe(forward)
  })
  const sockets = new Set<import('node:net').Socket>()
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  // Runs through the relay change the emulator behind it: the integrity ledger judges them against that one.
  aliasEndpoint(`http://127.0.0.1:${port}`, target)
  return {
    url: `http://127.0.0.1:${port}`,
    responses,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
  }
}

/** An emulator holding the seed ingresses and both credentials (a long-term key and an STS one). */
export async function startE2eEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({
    credentials: [
      { accessKeyId: KEYS.accessKeyId, accessKeySecret: KEYS.accessKeySecret },
      { accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret, securityToken: STS.securityToken }
    ],
    ingresses: seedIngresses(),
    ...options
  })
  const close = emulator.close.bind(emulator)
  emulator.close = async () => {
    recordWireSecrets(emulator.requests)
    await close()
  }
  return emulator
}

/** Credentials as aliyun/configure-aliyun-credentials-action leaves them in the environment. */
export const envKeys = (keys: { accessKeyId: string; accessKeySecret: string; securityToken?: string } = KEYS): Record<string, string> => ({
  ALIBABA_CLOUD_ACCESS_KEY_ID: keys.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.accessKeySecret,
  ...(keys.securityToken ? { ALIBABA_CLOUD_SECURITY_TOKEN: keys.securityToken } : {})
})

export const STACK_LINE = /^\s{4}at /m

/** A failure the user can act on: exit 1 and no stack trace anywhere. */
export function expectCleanFailure(run: ActionRun): void {
  expect(run.code).toBe(1)
  expect(run.stdout).not.toMatch(STACK_LINE)
  expect(run.stderr).not.toMatch(STACK_LINE)
  expect(run.stdout).not.toContain('Unexpected error')
}

/** The `::error::` annotation setFailed prints (the one without a file). */
export function failureAnnotation(run: ActionRun): string {
  const failures = run.annotations.filter(a => a.level === 'error' && a.file === undefined)
  expect(failures).toHaveLength(1)
  return failures[0]!.message
}

/**
 * For a test file: a fresh emulator (startE2eEmulator) behind a recording relay before each test, both closed after.
 * Read `target.emulator` and `target.relay` inside tests; they change with every test.
 */
export function useEmulatorBehindRelay(): { emulator: Emulator; relay: Relay } {
  const target = {} as { emulator: Emulator; relay: Relay }
  beforeEach(async () => {
    target.emulator = await startE2eEmulator()
    target.relay = await startRelay(target.emulator.url)
  })
  afterEach(async () => {
    await target.relay.close()
    await target.emulator.close()
  })
  return target
}
