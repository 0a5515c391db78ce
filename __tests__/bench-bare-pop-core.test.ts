// The bare pop-core script (bench/bare-pop-core.mjs), the baseline both benches compare the action with: it must
// really make the calls it is asked for (one connection, one TLS handshake, each answered 200) and fail when they
// fail, or a fast failure would pass for a baseline. Real processes against the emulator over TLS, behind the WAN
// bench's delay proxy at RTT 0 (which counts connections and handshakes).
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTestCa, startEmulator, type Emulator, type LiveIngress } from '../emulator/index.mjs'
import { shortCalls } from '../scripts/bench-wan/analysis.mjs'
import { startDelayProxy, type DelayProxy } from '../scripts/bench-wan/delay-proxy.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SCRIPT = path.join(ROOT, 'bench', 'bare-pop-core.mjs')
const KEYS = { accessKeyId: 'benchAccessKeyId', accessKeySecret: 'benchAccessKeySecret' }
const seed = (): LiveIngress[] => JSON.parse(readFileSync(path.join(ROOT, 'examples', 'emulator-seed.json'), 'utf8')).ingresses

describe('the bare pop-core script', () => {
  const ca = createTestCa(['localhost'])
  let emulator: Emulator
  let proxy: DelayProxy

  beforeAll(async () => {
    emulator = await startEmulator({ credentials: [KEYS], ingresses: seed(), tls: { keyPem: ca.keyPem, certPem: ca.certPem } })
    proxy = await startDelayProxy({ upstreamPort: emulator.port, rttMs: 0 })
  })
  afterAll(async () => {
    await proxy.close()
    await emulator.close()
    rmSync(ca.dir, { recursive: true, force: true })
  })
  beforeEach(() => {
    for (const ingress of seed()) emulator.setIngress(ingress)
    emulator.requests.length = 0
    proxy.reset()
  })

  /** Runs it as the WAN bench does (asynchronously: the emulator answers from this process). */
  function bare(calls: string, accessKeySecret = KEYS.accessKeySecret): Promise<{ code: number; stderr: string }> {
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: ca.caFile,
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: accessKeySecret,
      SAE_ENDPOINT: `https://localhost:${proxy.port}`
    }
    return new Promise(resolve => {
      execFile(process.execPath, [SCRIPT, 'examples/ingress.json', calls], { cwd: ROOT, env }, (error, _stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stderr })
      )
    })
  }

  test.each(['D', 'D U', 'D U D'])('makes %s on one connection, one TLS handshake, each answered 200', async calls => {
    expect(await bare(calls)).toEqual({ code: 0, stderr: '' })
    expect(shortCalls(emulator.requests.map(r => r.action))).toBe(calls)
    expect(emulator.requests.every(r => r.status === 200)).toBe(true)
    expect(proxy.stats).toMatchObject({ connections: 1, clientHellos: 1 })
  })

  test('writes the file: after D U the live rules are those of examples/ingress.json', async () => {
    await bare('D U')
    const file = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'ingress.json'), 'utf8'))
    const live = emulator.getIngress(file.IngressId)
    expect((live?.Rules ?? []).map(rule => rule.Domain).sort()).toEqual(file.Rules.map((rule: { domain: string }) => rule.domain).sort())
  })

  test('exits 1 on an error answer (a wrong secret), after the first call', async () => {
    const run = await bare('D U D', 'wrong secret')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/SignatureDoesNotMatch/)
    expect(emulator.requests.map(r => `${r.action} ${r.status}`)).toEqual(['DescribeIngress 400'])
  })

  test('refuses calls it does not know before sending anything', async () => {
    const run = await bare('D X')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/calls "D X": D \(DescribeIngress\) or U \(UpdateIngress\)/)
    expect(emulator.requests).toEqual([])
  })
})
