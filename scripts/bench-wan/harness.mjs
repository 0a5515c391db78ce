// The bench's world: the SAE emulator over TLS (a throwaway CA, trusted by the action's process through
// NODE_EXTRA_CA_CERTS; verification on), a second one whose changes take a while to show, a health-check host that
// always fails, each behind a delay proxy; and one run of dist/index.js in it, measured, or of the bare pop-core
// script (bench/bare-pop-core.mjs) in the same conditions.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import https from 'node:https'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { createTestCa, startEmulator } from '../../emulator/index.mjs'
import { actionDefaults, parseOutputs, runnerEnv } from '../runner-env.mjs'
import { deliberateSleeps, shortCalls } from './analysis.mjs'
import { startDelayProxy } from './delay-proxy.mjs'
import { createFrameMapper, mapProbeStacks } from './source-positions.mjs'
import { PREVIEW_INGRESS_ID, PRODUCTION_INGRESS_ID, concurrentInputs, concurrentPrs, previewDomain } from './modes.mjs'

const KEYS = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' }
/** The certificate's name the action connects to, as it would to sae.<region>.aliyuncs.com (SNI and name check). */
const SAE_HOST = 'localhost'

/** A host that answers every request 503, like an application that did not come up. */
async function startFailingHealthHost(tls) {
  const host = { requests: 0 }
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    host.requests++
    req.resume()
    res.writeHead(503, { 'content-type': 'text/plain', 'content-length': '12' })
    res.end('unavailable\n')
  })
  server.keepAliveTimeout = 60_000
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return Object.assign(host, {
    port: server.address().port,
    close: () => new Promise(resolve => (server.close(() => resolve()), server.closeAllConnections()))
  })
}

const ruleKeys = live => (live?.Rules ?? []).map(rule => `${rule.Domain}${rule.Path}→${rule.AppId}:${rule.ContainerPort}`).sort().join(',')

export async function createHarness({ root, entry }) {
  const seedFile = JSON.parse(await readFile(path.join(root, 'examples', 'emulator-seed.json'), 'utf8'))
  const base = seedFile.ingresses.find(i => i.Id === PRODUCTION_INGRESS_ID)
  const seeds = {
    base,
    preview: { ...structuredClone(base), Id: PREVIEW_INGRESS_ID, Name: 'lb-emulator0000000000000-80-prev', Description: 'previews' },
    applied: undefined,
    previewWithRule: undefined
  }
  const ca = createTestCa([SAE_HOST, '127.0.0.1'])
  const tls = { keyPem: ca.keyPem, certPem: ca.certPem }
  const ingresses = [seeds.base, seeds.preview]
  const emulator = await startEmulator({ credentials: [KEYS], ingresses, tls })
  const slowEmulator = await startEmulator({ credentials: [KEYS], ingresses, tls, propagationDelayMs: 1000 })
  const health = await startFailingHealthHost(tls)
  const saeProxy = await startDelayProxy({ upstreamPort: emulator.port, rttMs: 0 })
  const slowProxy = await startDelayProxy({ upstreamPort: slowEmulator.port, rttMs: 0 })
  const healthProxy = await startDelayProxy({ upstreamPort: health.port, rttMs: 0 })
  const temp = await mkdtemp(path.join(tmpdir(), 'sae-ingress-bench-wan-'))
  const defaults = await actionDefaults(root)
  const probeUrl = pathToFileURL(path.join(root, 'scripts', 'bench-wan', 'sleep-probe.mjs')).href
  const bareScript = path.join(root, 'bench', 'bare-pop-core.mjs')
  let runNumber = 0
  const mapFrame = createFrameMapper()

  function setRtt(rttMs) {
    for (const proxy of [saeProxy, slowProxy, healthProxy]) proxy.setRtt(rttMs)
  }

  /** Both ingresses as the run starts: the production one (87) and the shared preview one (1024). */
  function reseed(target, seed) {
    if (!seeds[seed]) throw new Error(`bench:wan: no "${seed}" state yet: snapshot it from a warm-up run first`)
    target.setIngress(structuredClone(seed === 'applied' ? seeds.applied : seeds.base))
    target.setIngress(structuredClone(seed === 'previewWithRule' ? seeds.previewWithRule : seeds.preview))
    target.requests.length = 0
  }

  function spawnAction(env, args) {
    return new Promise((resolve, reject) => {
      const startedAt = performance.now()
      const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', chunk => (stdout += chunk))
      child.stderr.on('data', chunk => (stderr += chunk))
      child.on('error', reject)
      child.on('close', code => resolve({ code, stdout, stderr, startedAt, endedAt: performance.now() }))
    })
  }

  async function files(tag) {
    const dir = path.join(temp, `${tag}-${runNumber++}`)
    const outputFile = `${dir}-output.txt`
    const summaryFile = `${dir}-summary.md`
    await writeFile(outputFile, '')
    await writeFile(summaryFile, '')
    return { dir, outputFile, summaryFile, sleepFile: `${dir}-sleeps.json` }
  }

  function envFor({ outputFile, summaryFile, sleepFile }, endpointPort, inputs, extra = {}) {
    return {
      ...runnerEnv({
        root,
        temp,
        outputFile,
        summaryFile,
        keys: KEYS,
        defaults,
        inputs: { endpoint: `https://${SAE_HOST}:${endpointPort}`, 'region-id': 'cn-hangzhou', ...inputs }
      }),
      NODE_EXTRA_CA_CERTS: ca.caFile,
      BENCH_SLEEP_FILE: sleepFile,
      ...extra
    }
  }

  /** One run of the action in `mode` at `rttMs`; everything measured about it. */
  async function runMode(mode, rttMs) {
    setRtt(rttMs)
    const target = mode.propagationMs ? slowEmulator : emulator
    const proxy = mode.propagationMs ? slowProxy : saeProxy
    reseed(target, mode.seed)
    for (const p of [saeProxy, slowProxy, healthProxy]) p.reset()
    health.requests = 0
    const paths = await files(mode.id)
    const inputs = { ...mode.inputs }
    if (mode.health) inputs['health-check-url'] = `https://127.0.0.1:${healthProxy.port}/health`
    const env = envFor(paths, proxy.port, inputs, mode.env)
    const run = await spawnAction(env, ['--import', probeUrl, entry])
    const outputs = parseOutputs(await readFile(paths.outputFile, 'utf8'))
    const probe = mapProbeStacks(JSON.parse(await readFile(paths.sleepFile, 'utf8').catch(() => '[]')), mapFrame)
    const ingressId = mode.seed.startsWith('preview') ? PREVIEW_INGRESS_ID : PRODUCTION_INGRESS_ID
    const wanted = mode.expect.ingress ? seeds[mode.expect.ingress] : undefined
    const problems = []
    if (run.code !== mode.expect.exit) problems.push(`exit ${run.code}, expected ${mode.expect.exit}`)
    if (mode.expect.changed !== undefined && outputs.changed !== mode.expect.changed) problems.push(`changed=${outputs.changed}, expected ${mode.expect.changed}`)
    if (wanted && ruleKeys(target.getIngress(ingressId)) !== ruleKeys(wanted)) problems.push(`the live rules are not those of "${mode.expect.ingress}"`)
    if (run.code === 0 && run.stderr.trim()) problems.push(`stderr: ${run.stderr.trim().slice(0, 300)}`)
    return {
      mode: mode.id,
      rttMs,
      wallMs: run.endedAt - run.startedAt,
      exit: run.code,
      saeCalls: shortCalls(target.requests.map(r => r.action)),
      saeRequests: target.requests.length,
      saeConnections: proxy.stats.connections,
      tlsHandshakes: proxy.stats.clientHellos,
      healthConnections: healthProxy.stats.connections,
      healthRequests: health.requests,
      sleeps: deliberateSleeps(probe),
      probe,
      proxyLateMs: proxy.stats.releases ? proxy.stats.lateMsTotal / proxy.stats.releases : 0,
      problems,
      log: problems.length ? `${run.stdout}${run.stderr}` : ''
    }
  }

  /** The state a mode's run leaves, to seed the modes that start from it (no change, remove). */
  function snapshot(name, ingressId) {
    seeds[name] = emulator.getIngress(ingressId)
  }

  /** Ten upserts of distinct rules into one ingress at once: which rules are live afterwards. */
  async function runConcurrent(rttMs) {
    setRtt(rttMs)
    reseed(emulator, 'preview')
    saeProxy.reset()
    const prs = concurrentPrs()
    const startedAt = performance.now()
    const runs = await Promise.all(
      prs.map(async pr => spawnAction(envFor(await files(`pr-${pr}`), saeProxy.port, concurrentInputs(), { PR_NUMBER: String(pr) }), ['--import', probeUrl, entry]))
    )
    const wallMs = performance.now() - startedAt
    const live = emulator.getIngress(PREVIEW_INGRESS_ID)
    const domains = new Set((live?.Rules ?? []).map(rule => rule.Domain))
    const lost = prs.filter(pr => !domains.has(previewDomain(pr)))
    const othersKept = ruleKeys({ Rules: (live?.Rules ?? []).filter(r => !/^pr-\d+\./.test(r.Domain)) }) === ruleKeys(seeds.preview)
    const calls = emulator.requests.map(r => r.action)
    return {
      rttMs,
      wallMs,
      slowestMs: Math.max(...runs.map(r => r.endedAt - r.startedAt)),
      failed: runs.filter(r => r.code !== 0).length,
      lost: lost.length + (othersKept ? 0 : 1),
      lostRules: lost.map(previewDomain),
      othersKept,
      updates: calls.filter(a => a === 'UpdateIngress').length,
      describes: calls.filter(a => a === 'DescribeIngress').length,
      connections: saeProxy.stats.connections,
      logs: runs.filter(r => r.code !== 0).map(r => `${r.stdout}${r.stderr}`.slice(-2000))
    }
  }

  /** The environment of a process that is not the action (`node -e 0`, the bare script): the runs' conditions. */
  const bareEnv = (tag, extra = {}) => ({
    PATH: process.env.PATH ?? '',
    NODE_EXTRA_CA_CERTS: ca.caFile,
    BENCH_SLEEP_FILE: path.join(temp, `${tag}-${runNumber++}-sleeps.json`),
    ...extra
  })

  /**
   * `node -e 0`, the floor's start-up, in the same conditions as the action's runs: the extra CA, and the sleep
   * probe preloaded and writing its file (instrumentation the action's runs pay for, so the floor does too).
   */
  async function nodeStartup() {
    const run = await spawnAction(bareEnv('node-e-0'), ['--import', probeUrl, '-e', '0'])
    if (run.code !== 0) throw new Error(`node -e 0 failed: ${run.stderr}`)
    return run.endedAt - run.startedAt
  }

  /**
   * The bare pop-core script making `calls` (e.g. 'D U D') at `rttMs`, started like the action's runs (same node, the
   * extra CA, the sleep probe) against the same emulator and relay: its wall time, and what went wrong if it did not
   * make exactly those calls, each answered 200, on one connection (a fast failure must not pass for a baseline).
   */
  async function runBare(calls, rttMs) {
    setRtt(rttMs)
    reseed(emulator, 'base')
    saeProxy.reset()
    const env = bareEnv('bare', {
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEYS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEYS.accessKeySecret,
      SAE_ENDPOINT: `https://${SAE_HOST}:${saeProxy.port}`
    })
    const run = await spawnAction(env, ['--import', probeUrl, bareScript, 'examples/ingress.json', calls])
    const made = shortCalls(emulator.requests.map(r => r.action))
    const ok = run.code === 0 && made === calls && emulator.requests.every(r => r.status === 200) && saeProxy.stats.connections === 1
    return {
      calls,
      rttMs,
      wallMs: run.endedAt - run.startedAt,
      problem: ok ? undefined : `the bare script (${calls} at RTT ${rttMs}): exit ${run.code}, made ${made || 'no calls'} (${emulator.requests.map(r => r.status).join(' ')}) on ${saeProxy.stats.connections} connection(s); ${run.stderr.trim().slice(-1000)}`
    }
  }

  async function close() {
    await Promise.all([saeProxy.close(), slowProxy.close(), healthProxy.close(), emulator.close(), slowEmulator.close(), health.close()])
    await rm(temp, { recursive: true, force: true })
    await rm(ca.dir, { recursive: true, force: true })
  }

  return { runMode, runConcurrent, runBare, snapshot, nodeStartup, close, seeds }
}
