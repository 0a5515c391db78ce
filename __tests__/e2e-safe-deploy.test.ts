// End to end (issue #3): the bundled action (dist/index.js) against the loopback SAE emulator, as
// a release or preview workflow would run it. Skips writes that would change nothing, plans
// without writing, leaves other teams' rules alone, hands back a previous-config that restores
// the earlier state, and fails loudly (optionally rolling back) when a change does not take or
// the app does not come up healthy.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator, type LiveIngress, type RecordedRequest } from '../emulator/index.mjs'
import { runChecked as runAction } from './support/integrity.js'
import {
  APP_LEGACY,
  APP_PAYMENTS,
  APP_PREVIEW,
  APP_WEB,
  CREDENTIALS_ENV,
  INGRESS_ID,
  actionsOf,
  domainsOf,
  emulatorInputs,
  json,
  rulesExcept,
  seedIngress,
  startHealthServer,
  updatesOf,
  type HealthServer
} from './support/e2e-fixtures.js'

let emu: Emulator
const servers: HealthServer[] = []

async function start(seed: LiveIngress = seedIngress(), propagation?: Propagation): Promise<Emulator> {
  emu = await startEmulator({ ingresses: [seed], propagationDelayMs: propagation?.delayMs, now: propagation?.now })
  propagation?.watch(emu)
  return emu
}

interface Propagation {
  delayMs: number
  now(): number
  watch(emulator: Emulator): void
}

/**
 * Propagation by what the run does, not by how long it takes: an emulator clock that stands still, so each
 * UpdateIngress stays invisible to reads, until the run has read the ingress back `reads` times since that write; at
 * that read it jumps past the propagation delay, and the write shows. The emulator records a request as it arrives,
 * before it answers it, so the read that moves the clock is the first to see the write.
 */
function shownAtReadBack(reads: number): Propagation {
  const delayMs = 60_000
  let now = Date.now()
  let shown = 0
  let requests: readonly RecordedRequest[] = []
  return {
    delayMs,
    now: () => {
      const actions = requests.map(r => r.action)
      const writes = actions.filter(action => action === 'UpdateIngress').length
      const readsSince = actions.slice(actions.lastIndexOf('UpdateIngress') + 1).filter(action => action === 'DescribeIngress').length
      if (writes > shown && readsSince >= reads) {
        now += delayMs
        shown = writes
      }
      return now
    },
    watch: emulator => void (requests = emulator.requests)
  }
}

afterEach(async () => {
  await emu?.close()
  await Promise.all(servers.splice(0).map(server => server.close()))
})

/** The seed, written the way a team keeps it in the repository: only what it cares about. */
function fileMatchingSeed(): Record<string, unknown> {
  return {
    IngressId: INGRESS_ID,
    Description: 'web-prod',
    ListenerPort: 80,
    ListenerProtocol: 'HTTP',
    RequestTimeout: 30,
    DefaultRule: { appId: APP_WEB, containerPort: 8080 },
    Rules: [
      { appId: APP_WEB, containerPort: 8080, domain: 'www.example.com', path: '/' },
      { appId: APP_LEGACY, containerPort: 8443, domain: 'old.example.com', path: '/', backendProtocol: 'https', rewritePath: '/v2' },
      { appId: APP_PAYMENTS, containerPort: 9000, domain: 'pay.example.com', path: '/rpc', backendProtocol: 'grpc' }
    ]
  }
}

/** A change worth deploying: one more rule and a longer request timeout. */
function fileWithChange(): Record<string, unknown> {
  const file = fileMatchingSeed()
  file.RequestTimeout = 60
  file.EnableXForwardedFor = true
  ;(file.Rules as unknown[]).push({ appId: APP_PREVIEW, containerPort: 9090, domain: 'api.example.com', path: '/v1' })
  return file
}

describe('no-change skip', () => {
  test('a file equal to the live ingress is read once and not written', async () => {
    await start()
    const run = await runAction({ inputs: emulatorInputs(emu), files: { 'ingress.json': json(fileMatchingSeed()) }, env: CREDENTIALS_ENV })
    expect(run.code).toBe(0)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
    expect(run.outputs.changed).toBe('false')
    expect(run.outputs.diff).toBe('no changes')
    expect(run.outputs['request-id']).toBeUndefined()
    expect(run.summary).toContain('Ingress is already up to date: nothing to write')
  })

  const httpsSeed = (): LiveIngress => ({
    ...seedIngress(),
    ListenerPort: 443,
    ListenerProtocol: 'HTTPS',
    CertIds: '756123-cn-hangzhou,756124-cn-hangzhou'
  })

  test.each<[string, () => LiveIngress, (file: Record<string, unknown>) => void]>([
    [
      'the service filled in AppName and BackendProtocol http that the file leaves out',
      seedIngress,
      file => expect(JSON.stringify(file)).not.toMatch(/appName|"backendProtocol":"http"/)
    ],
    [
      'the file spells ListenerPort as a string and IdleTimeout 0 (the default)',
      seedIngress,
      file => Object.assign(file, { ListenerPort: '80', IdleTimeout: 0 })
    ],
    [
      'the file lists CertIds as an array in another order, the service as a comma-separated string',
      httpsSeed,
      file => Object.assign(file, { ListenerPort: '443', ListenerProtocol: 'HTTPS', CertIds: ['756124-cn-hangzhou', '756123-cn-hangzhou'] })
    ],
    [
      'the file writes a domain in another case and the protocol in upper case',
      seedIngress,
      file => {
        const rules = file.Rules as Array<Record<string, unknown>>
        rules[0]!.domain = 'WWW.Example.COM'
        rules[2]!.backendProtocol = 'grpc'
      }
    ]
  ])('still no write when %s', async (_why, seed, edit) => {
    await start(seed())
    const file = fileMatchingSeed()
    edit(file)
    const run = await runAction({ inputs: emulatorInputs(emu), files: { 'ingress.json': json(file) }, env: CREDENTIALS_ENV })
    expect(run.code).toBe(0)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
    expect(run.outputs.changed).toBe('false')
    expect(run.summary).toContain('already up to date')
  })
})

describe('dry run', () => {
  test('reads the live ingress, writes nothing and lists the changes in the diff output', async () => {
    await start()
    const before = emu.getIngress(INGRESS_ID)
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'dry-run': 'true' }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(0)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
    expect(emu.getIngress(INGRESS_ID)).toEqual(before)
    expect(run.outputs.changed).toBe('true')
    expect(run.outputs.diff?.split('\n')).toEqual([
      `+ rule api.example.com/v1 → ${APP_PREVIEW}:9090`,
      '~ RequestTimeout: 30 → 60',
      '~ EnableXForwardedFor: false → true'
    ])
    expect(run.summary).toContain('Dry run: nothing was written')
  })

  test('without any credentials makes no request at all, validates offline and says so', async () => {
    await start()
    const run = await runAction({
      // No credentials in inputs or environment: a pull request from a fork.
      inputs: emulatorInputs(emu, { 'dry-run': 'true' }),
      files: { 'ingress.json': json(fileWithChange()) }
    })
    expect(run.code).toBe(0)
    expect(emu.requests).toHaveLength(0)
    expect(run.annotations).toContainEqual(expect.objectContaining({ level: 'notice', message: expect.stringMatching(/validated offline/) }))
    expect(run.summary).toContain('Ingress file is valid (offline dry run: no credentials, nothing was read or written)')
    expect(run.outputs.urls).toBe(JSON.stringify(['http://www.example.com/', 'http://old.example.com/', 'http://pay.example.com/rpc', 'http://api.example.com/v1']))
  })

  test('without credentials an invalid file still fails the dry run', async () => {
    await start()
    const file = fileWithChange()
    ;(file.Rules as Array<Record<string, unknown>>)[3]!.path = 'v1'
    const run = await runAction({ inputs: emulatorInputs(emu, { 'dry-run': 'true' }), files: { 'ingress.json': json(file) } })
    expect(run.code).toBe(1)
    expect(emu.requests).toHaveLength(0)
    expect(run.annotations).toContainEqual(expect.objectContaining({ level: 'error', file: 'ingress.json', message: expect.stringMatching(/must start with "\/"/) }))
  })
})

describe('rules modes on a shared ingress', () => {
  const previewRule = { appId: APP_PREVIEW, containerPort: 9090, domain: 'pr-42.preview.example.com', path: '/' }

  test('upsert of a file with only IngressId and Rules adds the rule and keeps every other rule byte for byte', async () => {
    await start()
    const othersBefore = rulesExcept(emu.getIngress(INGRESS_ID))
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'rules-mode': 'upsert' }),
      files: { 'ingress.json': json({ IngressId: INGRESS_ID, Rules: [previewRule] }) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(0)
    const after = emu.getIngress(INGRESS_ID)
    expect(rulesExcept(after, 'pr-42.preview.example.com')).toBe(othersBefore)
    expect(after?.Rules).toContainEqual(expect.objectContaining({ Domain: 'pr-42.preview.example.com', Path: '/', AppId: APP_PREVIEW, ContainerPort: 9090 }))
    // Settings the file does not mention are not sent, so nobody else's settings are touched.
    expect(updatesOf(emu)[0]!.params).not.toHaveProperty('RequestTimeout')
    expect(after?.RequestTimeout).toBe(30)
    expect(run.outputs.changed).toBe('true')
    expect(run.outputs.diff).toBe(`+ rule pr-42.preview.example.com/ → ${APP_PREVIEW}:9090`)
  })

  test('upsert of a rule that is already live as written does not write', async () => {
    const seed = seedIngress()
    seed.Rules!.push({ AppId: APP_PREVIEW, ContainerPort: 9090, Domain: 'pr-42.preview.example.com', Path: '/' })
    await start(seed)
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'rules-mode': 'upsert' }),
      files: { 'ingress.json': json({ IngressId: INGRESS_ID, Rules: [previewRule] }) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(0)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
    expect(run.outputs.changed).toBe('false')
  })

  test('remove takes out only the file\'s rule and keeps every other rule byte for byte', async () => {
    const seed = seedIngress()
    seed.Rules!.splice(1, 0, { AppId: APP_PREVIEW, ContainerPort: 9090, Domain: 'pr-42.preview.example.com', Path: '/' })
    await start(seed)
    const othersBefore = rulesExcept(emu.getIngress(INGRESS_ID), 'pr-42.preview.example.com')
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'rules-mode': 'remove' }),
      files: { 'ingress.json': json({ IngressId: INGRESS_ID, Rules: [previewRule] }) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(0)
    const after = emu.getIngress(INGRESS_ID)
    expect(JSON.stringify(after?.Rules)).toBe(othersBefore)
    expect(domainsOf(after)).not.toContain('pr-42.preview.example.com')
    expect(run.outputs.diff).toBe('- rule pr-42.preview.example.com/')
  })

  test('remove of a rule that is not live writes nothing and says so', async () => {
    await start()
    const before = emu.getIngress(INGRESS_ID)
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'rules-mode': 'remove' }),
      files: { 'ingress.json': json({ IngressId: INGRESS_ID, Rules: [previewRule] }) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(0)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
    expect(emu.getIngress(INGRESS_ID)).toEqual(before)
    expect(run.outputs.changed).toBe('false')
    expect(run.outputs.diff).toBe('no changes\n= rule pr-42.preview.example.com/ is not live, nothing to remove')
  })
})

describe('previous-config', () => {
  test('is a file under RUNNER_TEMP in the ingress-file format that restores the earlier state when re-applied', async () => {
    await start()
    const original = emu.getIngress(INGRESS_ID)
    const deployed = await runAction({ inputs: emulatorInputs(emu), files: { 'ingress.json': json(fileWithChange()) }, env: CREDENTIALS_ENV })
    expect(deployed.code).toBe(0)
    expect(emu.getIngress(INGRESS_ID)).not.toEqual(original)

    const saved = deployed.outputs['previous-config']!
    expect(path.dirname(saved)).toBe(path.join(deployed.workspace, '_temp'))
    const previous = JSON.parse(await readFile(saved, 'utf8'))
    expect(previous).toMatchObject({ IngressId: INGRESS_ID, RequestTimeout: 30, EnableXForwardedFor: false })
    // No derived values (AppName): re-applying it sends only what the request API documents.
    expect(previous.Rules).toContainEqual({ appId: APP_WEB, backendProtocol: 'http', containerPort: 8080, domain: 'www.example.com', path: '/' })
    expect(JSON.stringify(previous)).not.toMatch(/appName/i)
    for (const serviceOnly of ['Id', 'Name', 'SlbId', 'NamespaceId', 'LoadBalanceType']) expect(previous).not.toHaveProperty(serviceOnly)

    const restored = await runAction({
      inputs: emulatorInputs(emu, { 'ingress-file': 'previous.json' }),
      files: { 'previous.json': await readFile(saved) },
      env: CREDENTIALS_ENV
    })
    expect(restored.code).toBe(0)
    expect(restored.outputs.changed).toBe('true')
    expect(emu.getIngress(INGRESS_ID)).toEqual(original)
    expect(updatesOf(emu).at(-1)?.params['Rules']).not.toMatch(/appName/i)
  })
  test('restores HTTPS, certificate, CORS, flags and the default rule too', async () => {
    await start({
      ...seedIngress(),
      ListenerPort: 443,
      ListenerProtocol: 'HTTPS',
      CertId: '1234-cn-hangzhou',
      SecurityPolicyId: 'tls_cipher_policy_1_2',
      EnableGzip: true,
      EnableXForwardedForProto: true,
      CorsConfig: { Enable: 'true', AllowOrigin: 'https://a.example.com', AllowMethods: 'GET,POST', AllowCredentials: 'on', MaxAge: '600' }
    })
    const original = emu.getIngress(INGRESS_ID)
    const everything = {
      IngressId: INGRESS_ID,
      Description: 'changed',
      ListenerPort: 8443,
      CertId: '999-cn-hangzhou',
      SecurityPolicyId: 'tls_cipher_policy_1_1',
      EnableGzip: false,
      EnableXForwardedForProto: false,
      CorsConfig: { Enable: false, AllowOrigin: '*', MaxAge: 60 },
      IdleTimeout: 30,
      RequestTimeout: 90,
      DefaultRule: { appId: APP_PREVIEW, containerPort: 80, backendProtocol: 'https' },
      Rules: [{ appId: APP_PREVIEW, containerPort: 80, domain: 'x.example.com', path: '/' }]
    }
    const deployed = await runAction({ inputs: emulatorInputs(emu), files: { 'ingress.json': json(everything) }, env: CREDENTIALS_ENV })
    expect(deployed.code).toBe(0)
    expect(emu.getIngress(INGRESS_ID)).toMatchObject({ ListenerPort: 8443, CorsConfig: { Enable: 'false', AllowOrigin: '*', MaxAge: '60' } })

    const restored = await runAction({
      inputs: emulatorInputs(emu, { 'ingress-file': 'previous.json' }),
      files: { 'previous.json': await readFile(deployed.outputs['previous-config']!) },
      env: CREDENTIALS_ENV
    })
    expect(restored.code).toBe(0)
    expect(emu.getIngress(INGRESS_ID)).toEqual(original)
  })
})

describe('verification', () => {
  test('an update that answers success but does not take fails the step with what did not take', async () => {
    await start()
    emu.inject({ kind: 'dropUpdate' })
    const run = await runAction({
      inputs: emulatorInputs(emu, { timeout: '3' }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(1)
    const error = run.annotations.find(a => a.level === 'error')?.message
    expect(error).toMatch(/^The change did not take within the timeout: /)
    expect(error).toContain('rule api.example.com/v1 is missing')
    expect(error).toContain('RequestTimeout')
    expect(run.summary).toContain('#### Did not take')
    expect(run.summary).toMatch(/- rule api\.example\.com\/v1 is missing/)
    expect(run.summary).toContain('Ingress deployment failed')
    // Polled until the timeout ran out (when each poll comes and where polling stops: confirm-polling.test.ts).
    expect(actionsOf(emu).filter(a => a === 'DescribeIngress').length).toBeGreaterThan(2)
    expect(updatesOf(emu)).toHaveLength(1)
  })

  test('with rollback-on-failure the failure and the rollback are both reported, and the step still fails', async () => {
    await start()
    const original = emu.getIngress(INGRESS_ID)
    emu.inject({ kind: 'dropUpdate' })
    const run = await runAction({
      inputs: emulatorInputs(emu, { timeout: '4', 'rollback-on-failure': 'true' }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(1)
    const error = run.annotations.find(a => a.level === 'error')?.message
    expect(error).toMatch(/did not take within the timeout: .*rule api\.example\.com\/v1 is missing.* Rolled back: yes/)
    expect(run.summary).toContain('· rolled back')
    expect(run.summary).toMatch(/\*\*Rollback:\*\* ✅/)
    expect(emu.getIngress(INGRESS_ID)).toEqual(original)
  })

  test('a change that becomes visible after a propagation delay is confirmed by polling', async () => {
    // The write shows from the third read after it: two reads find the ingress as it was.
    await start(seedIngress(), shownAtReadBack(3))
    const run = await runAction({ inputs: emulatorInputs(emu, { timeout: '20' }), files: { 'ingress.json': json(fileWithChange()) }, env: CREDENTIALS_ENV })
    expect(run.code).toBe(0)
    expect(run.outputs.changed).toBe('true')
    // Read back until the change showed, written once. When the reads come (at once, 0.5 s, 1 s later) is
    // write-and-confirm.test.ts's and confirm-polling.test.ts's, on a fake clock.
    expect(actionsOf(emu)).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress', 'DescribeIngress', 'DescribeIngress'])
    expect(run.stdout).toMatch(/Confirmed: the live ingress matches \(3 read\(s\), 0 re-apply\(s\)\)/)
    expect(emu.getIngress(INGRESS_ID)).toMatchObject({ RequestTimeout: 60, EnableXForwardedFor: true })
    expect(domainsOf(emu.getIngress(INGRESS_ID))).toContain('api.example.com')
  })
})

describe('health check', () => {
  async function healthServer(statusFor: (n: number) => number, host?: string): Promise<HealthServer> {
    const server = await startHealthServer(statusFor, host)
    servers.push(server)
    return server
  }

  test('a 503 that turns into 200 passes after retrying', async () => {
    await start()
    const health = await healthServer(n => (n === 0 ? 503 : 200))
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'health-check-url': `${health.url}/healthz` }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(0)
    expect(health.hits).toEqual(['/healthz', '/healthz'])
    expect(run.summary).toContain(`**Health check:** ✅ \`${health.url}/healthz\` answered HTTP 200 after 2 attempt(s)`)
  })

  test('an app that always answers 500 fails the step', async () => {
    await start()
    const health = await healthServer(() => 500)
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'health-check-url': `${health.url}/healthz`, timeout: '3' }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(1)
    expect(run.annotations.find(a => a.level === 'error')?.message).toMatch(/^Health check failed: http:\/\/127\.0\.0\.1:\d+\/healthz answered HTTP 500 after \d+ attempt\(s\)\.$/)
    // Asked, and refused; how many attempts fit in the timeout (1 s doubling) is health.test.ts's, on a fake clock.
    expect(health.hits.length).toBeGreaterThanOrEqual(1)
    // Without rollback the change stays.
    expect(domainsOf(emu.getIngress(INGRESS_ID))).toContain('api.example.com')
  })

  test('with rollback-on-failure an unhealthy deploy restores the previous configuration', async () => {
    await start()
    const original = emu.getIngress(INGRESS_ID)
    const health = await healthServer(() => 500)
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'health-check-url': `${health.url}/healthz`, timeout: '6', 'rollback-on-failure': 'true' }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(1)
    expect(run.annotations.find(a => a.level === 'error')?.message).toMatch(/Health check failed: .* Rolled back: yes \(the previous configuration is live again\)\./)
    expect(updatesOf(emu)).toHaveLength(2)
    expect(emu.getIngress(INGRESS_ID)).toEqual(original)
    expect(run.summary).toMatch(/\*\*Rollback:\*\* ✅ the previous configuration is live again \(RequestId [0-9A-F-]+\)/)
  })

  test('a rollback that has to wait for propagation still has the reserved quarter of the timeout', async () => {
    // Each write shows from the second read after it: the rollback, too, has to poll once before it is confirmed.
    await start(seedIngress(), shownAtReadBack(2))
    const original = emu.getIngress(INGRESS_ID)
    const health = await healthServer(() => 500)
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'health-check-url': `${health.url}/healthz`, timeout: '8', 'rollback-on-failure': 'true' }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(1)
    expect(run.annotations.find(a => a.level === 'error')?.message).toMatch(/Health check failed: .* Rolled back: yes \(the previous configuration is live again\)\./)
    // The write, two reads to see it; the rollback's read, its write, two reads to see that.
    expect(actionsOf(emu)).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress', 'DescribeIngress', 'DescribeIngress', 'UpdateIngress', 'DescribeIngress', 'DescribeIngress'])
    expect(emu.getIngress(INGRESS_ID)).toEqual(original)
  })

  test('the URL may use ${NAME} placeholders from the environment', async () => {
    await start()
    const health = await healthServer(() => 200)
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'health-check-url': 'http://127.0.0.1:${HEALTH_PORT}/healthz?pr=${PR_NUMBER}' }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: { ...CREDENTIALS_ENV, HEALTH_PORT: String(health.port), PR_NUMBER: '42' }
    })
    expect(run.code).toBe(0)
    expect(health.hits).toEqual(['/healthz?pr=42'])
  })

  test('a placeholder cannot move the health check to another host: a branch like x@127.0.0.3/ is refused before anything is sent', async () => {
    await start()
    const elsewhere = await healthServer(() => 200, '127.0.0.3')
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'health-check-url': 'http://pr-${PR_BRANCH}.preview.example.com/' }),
      files: { 'ingress.json': json(fileWithChange()) },
      // Pasted in as it is, the branch would make the URL http://pr-x@127.0.0.3:<port>/.preview.example.com/.
      env: { ...CREDENTIALS_ENV, PR_BRANCH: `x@127.0.0.3:${elsewhere.port}/` }
    })
    expect(run.code).toBe(1)
    expect(run.annotations.find(a => a.level === 'error')?.message).toMatch(/health-check-url: placeholder \$\{PR_BRANCH\} lands in the host name/)
    expect(elsewhere.hits).toEqual([])
    expect(emu.requests).toEqual([])
  })

  test('a placeholder in the path is percent-encoded there: the health check reaches the template\'s host and path', async () => {
    await start()
    const health = await healthServer(() => 200)
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'health-check-url': `${health.url}/pr/\${PR_BRANCH}/healthz` }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: { ...CREDENTIALS_ENV, PR_BRANCH: 'x@127.0.0.3/a b?c#d' }
    })
    expect(run.code).toBe(0)
    expect(health.hits).toEqual(['/pr/x%40127.0.0.3%2Fa%20b%3Fc%23d/healthz'])
  })

  test.each([
    ['200,418', 418, 0],
    ['2xx', 302, 1],
    ['200-299,418', 204, 0],
    ['204', 200, 1]
  ])('health-check-status %s with an app answering %i exits %i', async (accepted, status, code) => {
    await start()
    const health = await healthServer(() => status)
    const run = await runAction({
      inputs: emulatorInputs(emu, { 'health-check-url': `${health.url}/`, 'health-check-status': accepted, timeout: '2' }),
      files: { 'ingress.json': json(fileWithChange()) },
      env: CREDENTIALS_ENV
    })
    expect(run.code).toBe(code)
    expect(run.summary).toContain(`answered HTTP ${status}`)
  })
})
