// The WAN bench's reference client (scripts/bench-wan/reference-client.cjs), about the least a Node program can do
// for a mode's requests: it must really do them (one connection, one TLS handshake, every request answered 200),
// and fail when it did not, or a fast failure would pass for a floor. Real processes against the emulator over TLS,
// behind the delay proxy at RTT 0 (which counts connections and handshakes).
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTestCa, type Emulator } from '../emulator/index.mjs'
import { startDelayProxy, type DelayProxy } from '../scripts/bench-wan/delay-proxy.mjs'
import { signedDescribe } from '../scripts/bench-wan/signed-request.mjs'
import { INGRESS_ID, KEYS, startE2eEmulator } from './support/e2e.js'
import { closedPort } from './support/ports.js'

const CLIENT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'bench-wan', 'reference-client.cjs')

describe('the reference client', () => {
  const ca = createTestCa(['localhost'])
  let emulator: Emulator
  let proxy: DelayProxy

  beforeAll(async () => {
    emulator = await startE2eEmulator({ tls: { keyPem: ca.keyPem, certPem: ca.certPem } })
    proxy = await startDelayProxy({ upstreamPort: emulator.port, host: 'sae', rttMs: 0 })
  })
  afterAll(async () => {
    await proxy.close()
    await emulator.close()
    rmSync(ca.dir, { recursive: true, force: true })
  })
  beforeEach(() => {
    proxy.reset()
    emulator.requests.length = 0
  })

  function runClient(requests: string[], target = { hostname: 'localhost', port: proxy.port }): Promise<{ code: number | null; stderr: string }> {
    const reference = { ...target, requests }
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLIENT], {
        env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: ca.caFile, BENCH_REFERENCE: JSON.stringify(reference) },
        stdio: ['ignore', 'ignore', 'pipe']
      })
      let stderr = ''
      child.stderr.on('data', chunk => (stderr += chunk))
      child.on('error', reject)
      child.on('close', code => resolve({ code, stderr }))
    })
  }

  const describeWith = (accessKeySecret: string): string =>
    signedDescribe({ host: 'localhost', port: proxy.port, ingressId: INGRESS_ID, keys: { accessKeyId: KEYS.accessKeyId, accessKeySecret } })

  test('sends every request on one connection, each answered 200, and exits 0', async () => {
    const { code, stderr } = await runClient(Array.from({ length: 3 }, () => describeWith(KEYS.accessKeySecret)))
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(emulator.requests.map(r => `${r.action} ${r.status}`)).toEqual(Array(3).fill('DescribeIngress 200'))
    expect(proxy.stats).toMatchObject({ connections: 1, clientHellos: 1 })
  })

  test('exits 1 when an answer is not 200 (a wrong signature), naming it', async () => {
    const { code, stderr } = await runClient([describeWith(KEYS.accessKeySecret), describeWith(KEYS.wrongSecret)])
    expect(code).toBe(1)
    expect(stderr).toMatch(/answer 2: HTTP\/1\.1 400 .*SignatureDoesNotMatch/)
  })

  test('exits 1 when the endpoint refuses the connection', async () => {
    const { code, stderr } = await runClient([describeWith(KEYS.accessKeySecret)], { hostname: 'localhost', port: await closedPort() })
    expect(code).toBe(1)
    expect(stderr).toMatch(/ECONNREFUSED/)
  })
})
