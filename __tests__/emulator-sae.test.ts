// The SAE ingress side of the emulator, driven through the real @alicloud/pop-core ROAClient so
// that every call here is also a signature-compatibility check.
import ROAClient from '@alicloud/pop-core/lib/roa.js'
import { emulatorAt, startEmulator, type Emulator, type LiveIngress } from '../emulator/index.mjs'

const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress'
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

interface SaeBody<T = unknown> {
  RequestId: string
  Message: string
  TraceId: string
  Code: string
  Success: boolean
  Data: T
}
interface PopError {
  name: string
  code: string
  statusCode: number
  message: string
  result: Record<string, unknown>
}

function seed(): LiveIngress {
  return {
    Id: 87,
    Name: 'lb-test-80',
    NamespaceId: 'cn-hangzhou:demo',
    SlbId: 'lb-test',
    LoadBalanceType: 'clb',
    ListenerPort: 80,
    DefaultRule: { AppId: '395b60e4-0550-458d-9c54-a265d036aaaa', ContainerPort: 8080 },
    Rules: [{ AppId: '395b60e4-0550-458d-9c54-a265d036aaaa', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' }]
  }
}

function client(emu: Emulator): ROAClient {
  return new ROAClient({ endpoint: emu.url, apiVersion: '2019-05-06', accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' })
}

async function failure(promise: Promise<unknown>): Promise<PopError> {
  try {
    await promise
  } catch (err) {
    return err as PopError
  }
  throw new Error('expected the call to fail')
}

function update(c: ROAClient, query: Record<string, string>, rules?: unknown[]): Promise<unknown> {
  const body = rules === undefined ? '' : new URLSearchParams({ Rules: JSON.stringify(rules) }).toString()
  return c.put(INGRESS_PATH, { IngressId: '87', ...query }, body, rules === undefined ? {} : FORM)
}

function rule(i: number) {
  return { appId: `app${String(i).padStart(5, '0')}-id`, containerPort: 8080, domain: `d${i}.example.com`, path: '/' }
}

describe('SAE ingress APIs', () => {
  let emu: Emulator
  beforeEach(async () => {
    emu = await startEmulator({ ingresses: [seed()], occupiedPorts: [8443], knownCertIds: ['1234-cn-hangzhou', 'clb-cert-1'] })
  })
  afterEach(async () => {
    await emu.close()
  })

  test('DescribeIngress returns the seeded ingress with service defaults, in the SAE wrapper', async () => {
    const body = (await client(emu).get(INGRESS_PATH, { IngressId: '87' })) as SaeBody<LiveIngress>
    expect(body.Success).toBe(true)
    expect(body.Code).toBe('200')
    expect(body.Message).toBe('success')
    expect(body.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/)
    expect(body.TraceId).toMatch(/^[0-9a-f]{30}$/)
    expect(body.Data).toEqual({
      ...seed(),
      RequestTimeout: 60,
      IdleTimeout: 15,
      ListenerProtocol: 'HTTP',
      DefaultRule: { AppId: '395b60e4-0550-458d-9c54-a265d036aaaa', AppName: 'app-395b60e4', BackendProtocol: 'http', ContainerPort: 8080 },
      Rules: [
        { AppId: '395b60e4-0550-458d-9c54-a265d036aaaa', AppName: 'app-395b60e4', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' }
      ]
    })
    expect(emu.requests).toHaveLength(1)
    expect(emu.requests[0]).toMatchObject({ method: 'GET', action: 'DescribeIngress', status: 200, query: { IngressId: '87' } })
  })

  test('UpdateIngress with Rules in the form body replaces rules and changes only the given params', async () => {
    const c = client(emu)
    const result = (await update(
      c,
      {
        Description: 'héllo wörld & more',
        DefaultRule: JSON.stringify({ appId: 'default-app-0001', containerPort: 9090 }),
        RequestTimeout: '120',
        EnableXForwardedFor: 'true',
        CorsConfig: JSON.stringify({ Enable: true, MaxAge: 600, AllowOrigin: '*' })
      },
      [
        { appId: 'aaaaaaaa-1111', containerPort: 8080, domain: 'a.example.com', path: '/a' },
        { appId: 'bbbbbbbb-2222', appName: 'named', containerPort: 8081, domain: 'b.example.com', path: '/b', backendProtocol: 'https', rewritePath: '/' }
      ]
    )) as SaeBody<{ IngressId: number }>
    expect(result).toMatchObject({ Success: true, Code: '200', Message: 'success', Data: { IngressId: 87 } })

    const live = emu.getIngress(87)
    expect(live).toEqual({
      ...seed(),
      Description: 'héllo wörld & more',
      RequestTimeout: 120,
      IdleTimeout: 15,
      ListenerProtocol: 'HTTP',
      EnableXForwardedFor: true,
      CorsConfig: { Enable: 'true', MaxAge: '600', AllowOrigin: '*' },
      DefaultRule: { AppId: 'default-app-0001', AppName: 'app-default-', BackendProtocol: 'http', ContainerPort: 9090 },
      Rules: [
        { AppId: 'aaaaaaaa-1111', AppName: 'app-aaaaaaaa', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'a.example.com', Path: '/a' },
        { AppId: 'bbbbbbbb-2222', AppName: 'named', BackendProtocol: 'https', ContainerPort: 8081, Domain: 'b.example.com', Path: '/b', RewritePath: '/' }
      ]
    })
    const described = (await c.get(INGRESS_PATH, { IngressId: '87' })) as SaeBody<LiveIngress>
    expect(described.Data).toEqual(live)
    const recorded = emu.requests.find((r) => r.action === 'UpdateIngress')
    expect(recorded?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(recorded?.params['Rules']).toContain('bbbbbbbb-2222')
  })

  test('Rules are also accepted from the query', async () => {
    await update(client(emu), { Rules: JSON.stringify([rule(1)]) })
    expect(emu.getIngress(87)?.Rules).toEqual([
      { AppId: 'app00001-id', AppName: 'app-app00001', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'd1.example.com', Path: '/' }
    ])
  })

  test('40 rules are accepted, 41 fail with Exceed.IngressRule and change nothing', async () => {
    const c = client(emu)
    await update(c, {}, Array.from({ length: 40 }, (_, i) => rule(i)))
    expect(emu.getIngress(87)?.Rules).toHaveLength(40)
    const err = await failure(update(c, {}, Array.from({ length: 41 }, (_, i) => rule(i))))
    expect(err.code).toBe('Exceed.IngressRule')
    expect(err.statusCode).toBe(400)
    expect(err.result['Message']).toBe('The number of Ingress related rules must be less than or equal to 40.')
    expect(emu.getIngress(87)?.Rules).toHaveLength(40)
  })

  test.each([
    [{}, 'InvalidParameter.NotEmpty', 'You must specify the parameter IngressId.', true],
    [{ IngressId: '999' }, 'InvalidParameter.WithMessage', 'The parameter is invalid {IngressId}: The ingress [999] does not exist.', true],
    [{ ListenerPort: 'eighty' }, 'InvalidParameter.Obviously', 'The specified parameter is invalid {ListenerPort}.', false],
    [{ ListenerPort: '8443' }, 'SlbListenerPort.NotAvailable', 'The SLB listening port is unavailable: slbId [lb-test], port [8443]', false],
    [{ ListenerProtocol: 'TCP' }, 'InvalidParameter.Obviously', 'The specified parameter is invalid {ListenerProtocol}.', false],
    [{ ListenerProtocol: 'HTTPS' }, 'SlbHttpsCert.NotFound', 'You must configure the certificate before you configure HTTPS listening for the SLB instance.', false],
    [{ ListenerProtocol: 'HTTPS', CertId: 'unknown-cert' }, 'SSLCert.NotFound', 'The specified SSL certificate cannot be found.', false],
    [{ CertIds: '1234-cn-hangzhou,999-cn-hangzhou' }, 'SSLCert.NotFound', 'The specified SSL certificate cannot be found.', false],
    [{ EnableGzip: 'yes' }, 'InvalidParameter.Obviously', 'The specified parameter is invalid {EnableGzip}.', false],
    [{ RequestTimeout: '181' }, 'InvalidParameter.WithMessage', 'The parameter is invalid {RequestTimeout}: must be between 1 and 180', false],
    [{ IdleTimeout: '61' }, 'InvalidParameter.WithMessage', 'The parameter is invalid {IdleTimeout}: must be between 0 and 60', false],
    [{ DefaultRule: '{appId:' }, 'InvalidParameter.Obviously', 'The specified parameter is invalid {DefaultRule}.', false],
    [{ CorsConfig: '[1]' }, 'InvalidParameter.Obviously', 'The specified parameter is invalid {CorsConfig}.', false],
    [{ Rules: 'not json' }, 'InvalidParameter.Obviously', 'The specified parameter is invalid {Rules}.', false],
    [{ Rules: '[{"appId":"x","containerPort":0,"domain":"a","path":"/"}]' }, 'InvalidParameter.WithMessage', 'The parameter is invalid {Rules}: containerPort must be an integer between 1 and 65535', false],
    [{ LoadBalanceType: 'alb' }, 'InvalidParameter.WithMessage', 'The parameter is invalid {LoadBalanceType}: Updates are no longer supported.', false]
  ])('UpdateIngress %j fails with %s', async (query, code, message, replaceId) => {
    const c = client(emu)
    const before = emu.getIngress(87)
    const err = await failure(c.put(INGRESS_PATH, replaceId ? query : { IngressId: '87', ...query }, ''))
    expect(err.statusCode).toBe(400)
    expect(err.code).toBe(code)
    expect(err.result).toEqual({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      HostId: 'sae.cn-hangzhou.aliyuncs.com',
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=sae&requestId=${String(err.result['RequestId'])}`,
      Success: false,
      ErrorCode: code,
      TraceId: expect.stringMatching(/^[0-9a-f]{30}$/)
    })
    expect(emu.getIngress(87)).toEqual(before)
  })

  test('HTTPS with a known certificate and IdleTimeout 0 (the default) are accepted', async () => {
    await update(client(emu), { ListenerProtocol: 'HTTPS', ListenerPort: '443', CertId: 'clb-cert-1', IdleTimeout: '0' })
    expect(emu.getIngress(87)).toMatchObject({ ListenerProtocol: 'HTTPS', ListenerPort: 443, CertId: 'clb-cert-1', IdleTimeout: 15 })
  })

  test('ListIngresses pages through the namespace and filters by AppId', async () => {
    emu.setIngress({ ...seed(), Id: 88, Rules: [] })
    emu.setIngress({ ...seed(), Id: 89, NamespaceId: 'cn-hangzhou:other' })
    emu.setIngress({ ...seed(), Id: 90, DefaultRule: { AppId: 'other-app', ContainerPort: 80 }, Rules: [] })
    const c = client(emu)
    const page1 = (await c.get('/pop/v1/sam/ingress/IngressList', { NamespaceId: 'cn-hangzhou:demo', PageSize: '1' })) as SaeBody<{
      CurrentPage: number
      PageSize: number
      TotalSize: number
      IngressList: Array<{ Id: number; ListenerPort: string }>
    }>
    expect(page1.Data).toMatchObject({ CurrentPage: 1, PageSize: 1, TotalSize: 3 })
    expect(page1.Data.IngressList.map((i) => i.Id)).toEqual([87])
    expect(page1.Data.IngressList[0]?.ListenerPort).toBe('80')
    const page2 = (await c.get('/pop/v1/sam/ingress/IngressList', { NamespaceId: 'cn-hangzhou:demo', PageSize: '1', CurrentPage: '2' })) as typeof page1
    expect(page2.Data.IngressList.map((i) => i.Id)).toEqual([88])
    const byApp = (await c.get('/pop/v1/sam/ingress/IngressList', { NamespaceId: 'cn-hangzhou:demo', AppId: 'other-app' })) as typeof page1
    expect(byApp.Data.IngressList.map((i) => i.Id)).toEqual([90])
    const missing = await failure(c.get('/pop/v1/sam/ingress/IngressList', {}))
    expect(missing.code).toBe('InvalidParameter.NotEmpty')
    expect(emu.requests.map((r) => r.action)).toEqual(['ListIngresses', 'ListIngresses', 'ListIngresses', 'ListIngresses'])
  })

  test('unknown path or method answers 404 InvalidApi.NotFound', async () => {
    const c = client(emu)
    const err = await failure(c.request('DELETE', INGRESS_PATH, { IngressId: '87' }))
    expect(err.statusCode).toBe(404)
    expect(err.code).toBe('InvalidApi.NotFound')
    const other = await failure(c.get('/pop/v1/sam/app/describeApplicationConfig', { AppId: 'x' }))
    expect(other.code).toBe('InvalidApi.NotFound')
  })

  test('setIngress changes state behind the client, visible at once', async () => {
    emu.setIngress({ ...seed(), Description: 'changed by someone else' })
    const body = (await client(emu).get(INGRESS_PATH, { IngressId: '87' })) as SaeBody<LiveIngress>
    expect(body.Data.Description).toBe('changed by someone else')
  })
})

describe('propagation delay', () => {
  test('DescribeIngress shows the previous state until the delay has passed', async () => {
    let clock = Date.now()
    const emu = await startEmulator({ ingresses: [seed()], propagationDelayMs: 5000, now: () => clock })
    try {
      const c = client(emu)
      await update(c, { Description: 'first' })
      clock += 1000
      await update(c, { Description: 'second' })
      expect(emu.getIngress(87)?.Description).toBe('second')

      const describe = async () => ((await c.get(INGRESS_PATH, { IngressId: '87' })) as SaeBody<LiveIngress>).Data.Description
      expect(await describe()).toBeUndefined()
      clock += 4000 // 5 s after "first", 4 s after "second"
      expect(await describe()).toBe('first')
      clock += 999
      expect(await describe()).toBe('first')
      clock += 1
      expect(await describe()).toBe('second')
    } finally {
      await emu.close()
    }
  })
})

describe('startEmulator options', () => {
  test('refuses AccessKey IDs that look real', async () => {
    await expect(startEmulator({ credentials: [{ accessKeyId: 'LTAI-obviously-fake', accessKeySecret: 'x' }] })).rejects.toThrow(/LTAI/)
  })

  test('region shows up in HostId', async () => {
    const emu = await startEmulator({ region: 'cn-shanghai' })
    try {
      const err = await failure(client(emu).get(INGRESS_PATH, { IngressId: '1' }))
      expect(err.result['HostId']).toBe('sae.cn-shanghai.aliyuncs.com')
    } finally {
      await emu.close()
    }
  })
})

describe('rules as the service keeps them', () => {
  const redirect = { ActionType: 'redirect', ActionConfig: '{"host":"www.example.com","path":"/"}' }
  const withActions = (): LiveIngress => ({
    Id: 87,
    Rules: [
      { AppId: 'app-w', AppName: 'web', ContainerPort: 8080, Domain: 'www.example.com', Path: '/' },
      { AppId: 'app-o', AppName: 'legacy', ContainerPort: 8080, Domain: 'old.example.com', Path: '/', RuleActions: [redirect] }
    ]
  })
  const describe87 = async (c: ROAClient) => ((await c.get(INGRESS_PATH, { IngressId: '87' })) as SaeBody<LiveIngress>).Data

  test('RuleActions can be seeded and are returned by DescribeIngress', async () => {
    const emu = await startEmulator({ ingresses: [withActions()] })
    try {
      const live = await describe87(client(emu))
      expect(live.Rules?.[1]?.RuleActions).toEqual([redirect])
    } finally {
      await emu.close()
    }
  })

  test('a rule re-sent without RuleActions loses them (no request can carry them); AppName stays the app\'s', async () => {
    const emu = await startEmulator({ ingresses: [withActions()] })
    try {
      const c = client(emu)
      const sent = [
        { appId: 'app-w', containerPort: 8080, domain: 'www.example.com', path: '/' },
        { appId: 'app-o', containerPort: 8080, domain: 'old.example.com', path: '/', ruleActions: [{ actionType: 'redirect' }] }
      ]
      await update(c, {}, sent)
      const live = await describe87(c)
      expect(live.Rules?.[1]).toEqual({ AppId: 'app-o', AppName: 'legacy', BackendProtocol: 'http', ContainerPort: 8080, Domain: 'old.example.com', Path: '/' })
      expect(live.Rules?.[0]?.AppName).toBe('web')
    } finally {
      await emu.close()
    }
  })

  test('a rule re-sent without rewritePath or backendProtocol has no rewrite and http', async () => {
    const emu = await startEmulator({
      ingresses: [{ Id: 87, Rules: [{ AppId: 'app-o', BackendProtocol: 'https', ContainerPort: 8443, Domain: 'old.example.com', Path: '/', RewritePath: '/v2' }] }]
    })
    try {
      const c = client(emu)
      await update(c, {}, [{ appId: 'app-o', containerPort: 8443, domain: 'old.example.com', path: '/' }])
      const [rule] = (await describe87(c)).Rules ?? []
      expect(rule?.BackendProtocol).toBe('http')
      expect(rule?.RewritePath).toBeUndefined()
    } finally {
      await emu.close()
    }
  })
})

test('emulatorAt finds a running emulator by its URL (a trailing slash allowed) until it is closed; ingressIds lists what it holds', async () => {
  const emu = await startEmulator({ ingresses: [seed(), { ...seed(), Id: 12 }] })
  expect(emulatorAt(emu.url)).toBe(emu)
  expect(emulatorAt(`${emu.url}/`)).toBe(emu)
  expect(emu.ingressIds()).toEqual([12, 87])
  await emu.close()
  expect(emulatorAt(emu.url)).toBeUndefined()
})
