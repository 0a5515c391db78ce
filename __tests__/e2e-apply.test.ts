// End to end: dist/index.js, run as the runner runs it, applying a file to the loopback SAE emulator.
import {
  API_APP,
  expectCleanFailure,
  envKeys,
  failureAnnotation,
  INGRESS_ID,
  ingressFile,
  json,
  KEYS,
  OTHER_INGRESS_ID,
  useEmulatorBehindRelay,
  STS,
  WEB_APP
} from './support/e2e.js'
import { runAction } from './support/run-action.js'

const target = useEmulatorBehindRelay()

const FILE = 'deploy/ingress.json'

function apply(file: unknown, extra: { inputs?: Record<string, string>; env?: Record<string, string> } = {}) {
  return runAction({
    inputs: { 'ingress-file': FILE, endpoint: target.relay.url, 'region-id': 'cn-hangzhou', timeout: '20', ...extra.inputs },
    files: { [FILE]: typeof file === 'string' ? file : json(file) },
    env: extra.env ?? envKeys()
  })
}

const updates = () => target.emulator.requests.filter(r => r.action === 'UpdateIngress')
const actions = () => target.emulator.requests.map(r => r.action)

describe('applying a valid file', () => {
  test('updates the live ingress to match the file and reports outputs and summary', async () => {
    const run = await apply(ingressFile())

    expect(run.code).toBe(0)
    expect(actions()).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress'])
    const live = target.emulator.getIngress(INGRESS_ID)!
    expect(live.Rules!.map(r => [r.Domain, r.Path, r.AppId, r.ContainerPort])).toEqual([
      ['www.example.com', '/', WEB_APP, 8080],
      ['api.example.com', '/v1', API_APP, 9090]
    ])
    expect(live).toMatchObject({
      Description: 'web-prod',
      ListenerPort: 80,
      ListenerProtocol: 'HTTP',
      RequestTimeout: 60,
      IdleTimeout: 15,
      EnableXForwardedFor: true,
      DefaultRule: { AppId: WEB_APP, ContainerPort: 8080 }
    })

    const answered = target.relay.responses.filter(r => r.method === 'PUT')
    expect(answered).toHaveLength(1)
    expect(answered[0]!.requestId).toMatch(/^[0-9A-F-]{36}$/)
    expect(run.outputs).toMatchObject({
      'ingress-id': String(INGRESS_ID),
      'request-id': answered[0]!.requestId,
      'trace-id': answered[0]!.traceId,
      changed: 'true'
    })
    expect(JSON.parse(run.outputs.urls!)).toEqual(['http://www.example.com/', 'http://api.example.com/v1'])
    expect(run.outputs.diff).toContain('+ rule api.example.com/v1')
    expect(run.outputs.diff).toContain('- rule old.example.com/')

    expect(run.summary).toContain('### ✅ Ingress updated')
    expect(run.summary).toMatch(/\| \*\*Ingress\*\* \| 87 \|/)
    expect(run.summary).toMatch(/\| \*\*Region\*\* \| cn-hangzhou \|/)
    expect(run.summary).toMatch(/\| \*\*File\*\* \| deploy\/ingress\.json \|/)
    expect(run.summary).toContain(`| **RequestId** | ${answered[0]!.requestId} |`)
    expect(run.summary).toContain('#### Plan (replace)')
    expect(run.summary).toMatch(/➕ added \| rule api\.example\.com\/v1 \|/)
    expect(run.summary).toMatch(/➖ removed \| rule old\.example\.com\/ \|/)
    expect(run.summary).toMatch(/setting RequestTimeout \| 30 \| 60 \|/)
    expect(run.summary).toContain('#### Rules in the file')
    expect(run.summary).toContain('| api.example.com | /v1 | 666403ce-d25b-47cf-87fe-497565d20002 | 9090 | <http://api.example.com/v1> |')
    expect(run.annotations.filter(a => a.level !== 'notice')).toEqual([])
  })

  test('sends Rules as an application/x-www-form-urlencoded body and every other parameter in the query', async () => {
    const run = await apply(ingressFile())

    expect(run.code).toBe(0)
    const [update] = updates()
    expect(update!.method).toBe('PUT')
    expect(update!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect([...new URLSearchParams(update!.body).keys()]).toEqual(['Rules'])
    // The rule the file keeps is sent as the file writes it (the service's http default and AppName are not added).
    expect(JSON.parse(new URLSearchParams(update!.body).get('Rules')!)).toEqual([
      { appId: WEB_APP, containerPort: 8080, domain: 'www.example.com', path: '/' },
      { appId: API_APP, containerPort: 9090, domain: 'api.example.com', path: '/v1' }
    ])
    expect(update!.query).not.toHaveProperty('Rules')
    expect(Object.keys(update!.query).sort()).toEqual(
      ['DefaultRule', 'Description', 'EnableXForwardedFor', 'IdleTimeout', 'IngressId', 'ListenerPort', 'ListenerProtocol', 'RequestTimeout'].sort()
    )
    expect(update!.query).toMatchObject({ IngressId: '87', RequestTimeout: '60', EnableXForwardedFor: 'true', ListenerPort: '80' })
    expect(JSON.parse(update!.query.DefaultRule!)).toEqual({ appId: WEB_APP, containerPort: 8080 })
  })

  test('sends only the parameters the file states; what it leaves out keeps its live value', async () => {
    const run = await apply({ IngressId: INGRESS_ID, RequestTimeout: 90 })

    expect(run.code).toBe(0)
    const [update] = updates()
    expect(update!.query).toEqual({ IngressId: '87', RequestTimeout: '90' })
    expect(update!.body).toBe('')
    expect(update!.headers['content-type']).toBeUndefined()
    const live = target.emulator.getIngress(INGRESS_ID)!
    expect(live.RequestTimeout).toBe(90)
    expect(live.Rules!.map(r => r.Domain)).toEqual(['www.example.com', 'old.example.com'])
    expect(live.Description).toBe('web-prod')
  })

  test('LoadBalanceType in the file is warned about at its line and never sent', async () => {
    const text = json(ingressFile({ LoadBalanceType: 'clb' }))
    const line = text.split('\n').findIndex(l => l.includes('"LoadBalanceType"')) + 1

    const run = await apply(text)

    expect(run.code).toBe(0)
    const warnings = run.annotations.filter(a => a.level === 'warning')
    expect(warnings).toEqual([expect.objectContaining({ file: FILE, line, col: 3, message: expect.stringContaining('LoadBalanceType is ignored') })])
    expect(updates()).toHaveLength(1)
    expect(updates()[0]!.params).not.toHaveProperty('LoadBalanceType')
    expect(run.summary).toContain('LoadBalanceType is ignored')
  })

  test('a file that already matches the live ingress is not written: changed=false, no request-id', async () => {
    expect((await apply(ingressFile())).code).toBe(0)
    target.emulator.requests.length = 0

    const run = await apply(ingressFile())

    expect(run.code).toBe(0)
    expect(actions()).toEqual(['DescribeIngress'])
    expect(run.outputs.changed).toBe('false')
    expect(run.outputs).not.toHaveProperty('request-id')
    expect(run.summary).toContain('Ingress is already up to date')
  })
})

describe('which ingress, and what goes into it', () => {
  test('the ingress-id input overrides IngressId in the file', async () => {
    const before = target.emulator.getIngress(INGRESS_ID)
    const run = await apply(ingressFile({ ListenerPort: 8080 }), { inputs: { 'ingress-id': String(OTHER_INGRESS_ID) } })

    expect(run.code).toBe(0)
    expect(target.emulator.requests.every(r => r.params.IngressId === String(OTHER_INGRESS_ID))).toBe(true)
    expect(updates()).toHaveLength(1)
    expect(target.emulator.getIngress(OTHER_INGRESS_ID)!.Rules!.map(r => r.Domain)).toEqual(['www.example.com', 'api.example.com'])
    expect(target.emulator.getIngress(INGRESS_ID)).toEqual(before)
    expect(run.outputs['ingress-id']).toBe(String(OTHER_INGRESS_ID))
  })

  test('the ingress-id input is enough when the file has no IngressId', async () => {
    const { IngressId: _omitted, ...file } = ingressFile({ ListenerPort: 8080 })
    const run = await apply(file, { inputs: { 'ingress-id': String(OTHER_INGRESS_ID) } })

    expect(run.code).toBe(0)
    expect(updates().map(r => r.params.IngressId)).toEqual([String(OTHER_INGRESS_ID)])
    expect(run.outputs['ingress-id']).toBe(String(OTHER_INGRESS_ID))
  })

  test('${NAME} placeholders are filled from the step environment', async () => {
    const file = ingressFile({
      Description: 'preview-${PR_NUMBER}',
      Rules: [{ appId: WEB_APP, containerPort: 8080, domain: 'pr-${PR_NUMBER}.preview.example.com', path: '/${PR_NUMBER}' }]
    })
    const run = await apply(file, { env: { ...envKeys(), PR_NUMBER: '1234' } })

    expect(run.code).toBe(0)
    const live = target.emulator.getIngress(INGRESS_ID)!
    expect(live.Description).toBe('preview-1234')
    expect(live.Rules!.map(r => `${r.Domain}${r.Path}`)).toEqual(['pr-1234.preview.example.com/1234'])
    expect(JSON.parse(run.outputs.urls!)).toEqual(['http://pr-1234.preview.example.com/1234'])
  })

  test('urls follow ListenerProtocol and show a non-default port', async () => {
    const run = await apply(ingressFile({ ListenerProtocol: 'HTTPS', ListenerPort: 8443, CertId: '1880770869021234_176993d0000_1814370000_1087240000' }))

    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.urls!)).toEqual(['https://www.example.com:8443/', 'https://api.example.com:8443/v1'])
    expect(target.emulator.getIngress(INGRESS_ID)).toMatchObject({ ListenerProtocol: 'HTTPS', ListenerPort: 8443 })
  })

  test('a file that does not state the listener gets URLs from the live listener', async () => {
    target.emulator.setIngress({ ...target.emulator.getIngress(INGRESS_ID)!, ListenerProtocol: 'HTTPS', ListenerPort: 8443, CertId: '1880770869021234_176993d0000' })

    const run = await apply({ IngressId: INGRESS_ID, Rules: [{ appId: WEB_APP, containerPort: 8080, domain: 'www.example.com', path: '/' }] })

    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.urls!)).toEqual(['https://www.example.com:8443/'])
  })

  test('urls leave out the default port of the scheme', async () => {
    const run = await apply(ingressFile({ ListenerProtocol: 'HTTPS', ListenerPort: 443, CertIds: ['756123-cn-hangzhou'] }))

    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.urls!)).toEqual(['https://www.example.com/', 'https://api.example.com/v1'])
  })
})

describe('credentials', () => {
  const signedBy = () => target.emulator.requests.map(r => /^acs ([^:]+):/.exec(r.headers.authorization ?? '')?.[1])

  test('are read from ALIBABA_CLOUD_* in the environment, region included', async () => {
    const run = await runAction({
      inputs: { 'ingress-file': FILE, endpoint: target.relay.url, timeout: '20' },
      files: { [FILE]: json(ingressFile()) },
      env: { ...envKeys(), ALIBABA_CLOUD_REGION_ID: 'cn-shanghai' }
    })

    expect(run.code).toBe(0)
    expect(new Set(signedBy())).toEqual(new Set([KEYS.accessKeyId]))
    expect(run.stdout).toContain('credentials from ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET')
    expect(run.summary).toMatch(/\| \*\*Region\*\* \| cn-shanghai \|/)
  })

  test('inputs win over the environment', async () => {
    const run = await apply(ingressFile(), {
      inputs: { 'access-key-id': KEYS.accessKeyId, 'access-key-secret': KEYS.accessKeySecret, 'region-id': 'cn-beijing' },
      env: { ...envKeys({ accessKeyId: 'e2eEnvKeyNobodyKnows', accessKeySecret: KEYS.wrongSecret }), ALIBABA_CLOUD_REGION_ID: 'cn-shanghai' }
    })

    expect(run.code).toBe(0)
    expect(new Set(signedBy())).toEqual(new Set([KEYS.accessKeyId]))
    expect(run.stdout).toContain('credentials from the access-key-id and access-key-secret inputs')
    expect(run.summary).toMatch(/\| \*\*Region\*\* \| cn-beijing \|/)
  })

  test('STS credentials from the environment are sent with their security token', async () => {
    const run = await apply(ingressFile(), { env: envKeys(STS) })

    expect(run.code).toBe(0)
    expect(target.emulator.requests.length).toBe(3)
    for (const request of target.emulator.requests) {
      expect(request.headers['x-acs-security-token']).toBe(STS.securityToken)
      expect(request.headers['x-acs-accesskey-id']).toBe(STS.accessKeyId)
      expect(request.status).toBe(200)
    }
  })

  test('STS credentials from inputs are sent with their security token', async () => {
    const run = await apply(ingressFile(), {
      inputs: { 'access-key-id': STS.accessKeyId, 'access-key-secret': STS.accessKeySecret, 'security-token': STS.securityToken },
      env: {}
    })

    expect(run.code).toBe(0)
    expect(target.emulator.requests.map(r => r.headers['x-acs-security-token'])).toEqual([STS.securityToken, STS.securityToken, STS.securityToken])
  })

  test('STS credentials without their token fail with MissingSecurityToken before anything is written', async () => {
    const { securityToken: _dropped, ...keys } = STS
    const run = await apply(ingressFile(), { env: envKeys(keys) })

    expectCleanFailure(run)
    expect(actions()).toEqual(['DescribeIngress'])
    expect(target.emulator.requests[0]!.status).toBe(400)
    const message = failureAnnotation(run)
    expect(message).toMatch(/^DescribeIngress failed: MissingSecurityToken: SecurityToken is mandatory for this action\./)
    expect(message).toContain(`RequestId: ${target.relay.responses[0]!.requestId}`)
    expect(message).toMatch(/Hint: .*security token/i)
  })

  test('a security token that is not the one issued with the key fails with InvalidSecurityToken', async () => {
    const run = await apply(ingressFile(), { env: envKeys({ ...STS, securityToken: 'e2eStsToken-NotIssued-0000' }) })

    expectCleanFailure(run)
    expect(actions()).toEqual(['DescribeIngress'])
    const message = failureAnnotation(run)
    expect(message).toMatch(/^DescribeIngress failed: InvalidSecurityToken\.Malformed: /)
    expect(message).toMatch(/Hint: The STS security token is missing, expired or belongs to other credentials/)
  })
})

describe('the endpoint', () => {
  test('plain http:// to a host that is not loopback is refused before any request', async () => {
    // 0.0.0.0 is not a loopback name, so the rule must refuse it; were the rule broken, the connection would still land
    // on this machine (the emulator's port), never on the network, and show up below as a request.
    const port = new URL(target.emulator.url).port
    const run = await apply(ingressFile(), { inputs: { endpoint: `http://0.0.0.0:${port}` } })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toBe(
      `Input endpoint must use https:// (plain http:// is allowed only for loopback hosts), got "http://0.0.0.0:${port}".`
    )
    expect(target.emulator.requests).toHaveLength(0)
  })

  test('an endpoint with a path is refused before any request', async () => {
    const run = await apply(ingressFile(), { inputs: { endpoint: `${target.emulator.url}/pop` } })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(/^Input endpoint must be a bare origin/)
    expect(target.emulator.requests).toHaveLength(0)
  })

  test('a trailing slash on the endpoint is harmless', async () => {
    const run = await apply(ingressFile(), { inputs: { endpoint: `${target.relay.url}/` } })

    expect(run.code).toBe(0)
    expect(target.emulator.requests.map(r => r.path)).toEqual(['/pop/v1/sam/ingress/Ingress', '/pop/v1/sam/ingress/Ingress', '/pop/v1/sam/ingress/Ingress'])
  })
})
