// Every fault kind once, seen through the real pop-core ROAClient (which is what the action
// uses), plus the matching rules: order, `action` filter, `times`, and "after authentication".
import ROAClient from '@alicloud/pop-core/lib/roa.js'
import { startEmulator, type Emulator } from '../emulator/index.mjs'

const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress'

interface PopError {
  name: string
  code: string
  statusCode: number
  message: string
  result: Record<string, unknown>
}

let emu: Emulator
let c: ROAClient

beforeEach(async () => {
  emu = await startEmulator({ ingresses: [{ Id: 87, NamespaceId: 'cn-hangzhou:demo', ListenerPort: 80 }] })
  c = new ROAClient({ endpoint: emu.url, apiVersion: '2019-05-06', accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' })
})
afterEach(async () => {
  await emu.close()
})

async function failure(promise: Promise<unknown>): Promise<PopError> {
  try {
    await promise
  } catch (err) {
    return err as PopError
  }
  throw new Error('expected the call to fail')
}

const describeIngress = (opts: { timeout?: number } = {}) => c.get(INGRESS_PATH, { IngressId: '87' }, {}, opts)
const updateDescription = (text: string) => c.put(INGRESS_PATH, { IngressId: '87', Description: text }, '')

describe('fault kinds', () => {
  test('throttle: 400 Throttling.User', async () => {
    emu.inject({ kind: 'throttle', retryAfterMs: 1500 })
    const err = await failure(describeIngress())
    expect(err.statusCode).toBe(400)
    expect(err.code).toBe('Throttling.User')
    expect(err.result['Message']).toBe('Request was denied due to user flow control.')
    expect(emu.requests[0]).toMatchObject({ status: 400, fault: 'throttle' })
    await expect(describeIngress()).resolves.toMatchObject({ Success: true })
  })

  test('unavailable: 503 ServiceUnavailable', async () => {
    emu.inject({ kind: 'unavailable' })
    const err = await failure(describeIngress())
    expect([err.statusCode, err.code]).toEqual([503, 'ServiceUnavailable'])
  })

  test.each([500, 502, 504])('status %i: JSON InternalError', async (status) => {
    emu.inject({ kind: 'status', status })
    const err = await failure(describeIngress())
    expect([err.statusCode, err.code]).toEqual([status, 'InternalError'])
  })

  test('html: 502 gateway page, which pop-core resolves as a plain string', async () => {
    emu.inject({ kind: 'html' })
    const result = await describeIngress()
    expect(typeof result).toBe('string')
    expect(result).toContain('<h1>502 Bad Gateway</h1>')
    expect(emu.requests[0]?.status).toBe(502)
  })

  test('reset: the connection is dropped without an answer', async () => {
    emu.inject({ kind: 'reset' })
    const err = await failure(describeIngress())
    expect(err.message).toMatch(/socket hang up|ECONNRESET/)
    expect(emu.requests[0]).toMatchObject({ status: undefined, fault: 'reset' })
  })

  test('hang: never answers; the client times out and close() still resolves promptly', async () => {
    emu.inject({ kind: 'hang' })
    const err = await failure(describeIngress({ timeout: 300 }))
    expect(err.name).toBe('RequestTimeoutError')
    emu.inject({ kind: 'hang' })
    const pending = describeIngress({ timeout: 30_000 }).catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = Date.now()
    await emu.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await pending).toMatchObject({ code: 'ECONNRESET' })
  })

  test('truncated: 200 with a body shorter than its Content-Length', async () => {
    emu.inject({ kind: 'truncated' })
    const err = await failure(describeIngress())
    expect(err).toMatchObject({ code: 'ECONNRESET', message: 'aborted' })
    expect(emu.requests[0]).toMatchObject({ status: 200, fault: 'truncated' })
  })

  test('badjson: 200 application/json that does not parse', async () => {
    emu.inject({ kind: 'badjson' })
    const err = (await failure(describeIngress())) as PopError & { body: string }
    expect(err.name).toBe('FormatError')
    expect(err.body).toMatch(/^\{"RequestId":/)
  })

  test('successFalse: HTTP 200 whose body says Success:false', async () => {
    emu.inject({ kind: 'successFalse', code: 'InvalidParameter.WithMessage', message: 'The parameter is invalid {Rules}: bad' })
    const result = (await updateDescription('x')) as Record<string, unknown>
    expect(result).toEqual({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      TraceId: expect.stringMatching(/^[0-9a-f]{30}$/),
      Code: '400',
      ErrorCode: 'InvalidParameter.WithMessage',
      Message: 'The parameter is invalid {Rules}: bad',
      Success: false
    })
    expect(emu.getIngress(87)?.Description).toBeUndefined()
  })

  test('error: any status and code', async () => {
    emu.inject({ kind: 'error', status: 400, code: 'SlbListenerPort.NotAvailable', message: 'The SLB listening port is unavailable: slbId [lb-1], port [443]' })
    const err = await failure(updateDescription('x'))
    expect([err.statusCode, err.code]).toEqual([400, 'SlbListenerPort.NotAvailable'])
    expect(err.result['Message']).toBe('The SLB listening port is unavailable: slbId [lb-1], port [443]')
    expect(emu.getIngress(87)?.Description).toBeUndefined()
  })

  test('dropUpdate: UpdateIngress answers success but the state does not change', async () => {
    emu.inject({ kind: 'dropUpdate' })
    await expect(describeIngress()).resolves.toMatchObject({ Success: true }) // reads are not consumed
    await expect(updateDescription('lost')).resolves.toMatchObject({ Success: true, Data: { IngressId: 87 } })
    expect(emu.getIngress(87)?.Description).toBeUndefined()
    await updateDescription('kept')
    expect(emu.getIngress(87)?.Description).toBe('kept')
  })
})

describe('fault matching', () => {
  test('faults apply in order, each for `times` requests', async () => {
    emu.inject({ kind: 'throttle', times: 2 })
    emu.inject({ kind: 'unavailable' })
    const codes: string[] = []
    for (let i = 0; i < 4; i++) {
      codes.push(await describeIngress().then(() => 'ok', (err: PopError) => err.code))
    }
    expect(codes).toEqual(['Throttling.User', 'Throttling.User', 'ServiceUnavailable', 'ok'])
  })

  test('`action` restricts a fault to one API', async () => {
    emu.inject({ kind: 'unavailable', action: 'UpdateIngress' })
    await expect(describeIngress()).resolves.toMatchObject({ Success: true })
    expect((await failure(updateDescription('x'))).code).toBe('ServiceUnavailable')
  })

  test('faults only hit authenticated requests, and clearFaults drops the rest', async () => {
    emu.inject({ kind: 'unavailable', times: Infinity })
    const bad = new ROAClient({ endpoint: emu.url, apiVersion: '2019-05-06', accessKeyId: 'testAccessKeyId', accessKeySecret: 'wrong' })
    expect((await failure(bad.get(INGRESS_PATH, { IngressId: '87' }))).code).toBe('SignatureDoesNotMatch')
    expect((await failure(describeIngress())).code).toBe('ServiceUnavailable')
    expect((await failure(describeIngress())).code).toBe('ServiceUnavailable')
    emu.clearFaults()
    await expect(describeIngress()).resolves.toMatchObject({ Success: true })
  })

  test('inject rejects unknown kinds and incomplete faults', () => {
    expect(() => emu.inject({ kind: 'explode' } as never)).toThrow(/unknown fault kind/)
    expect(() => emu.inject({ kind: 'status' } as never)).toThrow(/status/)
  })
})

describe('answers the action must refuse to believe', () => {
  test('raw: a 2xx without Data, or for another ingress', async () => {
    emu.inject({ kind: 'raw', body: ({ requestId }: { requestId: string }) => ({ RequestId: requestId, Success: true, Code: '200' }) })
    const answer = (await describeIngress()) as Record<string, unknown>
    expect(answer['Data']).toBeUndefined()
    expect(answer['RequestId']).toMatch(/^[0-9A-F-]{36}$/)
    expect(emu.requests[0]).toMatchObject({ status: 200, fault: 'raw' })
  })

  test.each([301, 302, 307, 308])('redirect %i: Location is the same URL, so following it would get a real answer', async (status) => {
    emu.inject({ kind: 'redirect', status })
    // pop-core never follows a redirect: it hands back the page, which names the Location.
    const page = await describeIngress()
    expect(page).toContain(`href="${emu.url}${INGRESS_PATH}?IngressId=87"`)
    expect(emu.requests).toHaveLength(1)
    expect(emu.requests[0]).toMatchObject({ status, fault: 'redirect' })
  })

  test('oversized: a valid success body of more than 6 MiB, streamed', async () => {
    emu.inject({ kind: 'oversized', body: { RequestId: 'R-big', Success: true, Data: { Id: 87 } } })
    const answer = (await describeIngress()) as Record<string, unknown>
    expect(JSON.stringify(answer).length).toBeGreaterThanOrEqual(6 * 1024 * 1024)
    expect(answer).toMatchObject({ RequestId: 'R-big', Success: true, Data: { Id: 87 } })
  })

  test('endless: the body never ends; the emulator cuts it after durationMs', async () => {
    emu.inject({ kind: 'endless', durationMs: 300 })
    const started = Date.now()
    const err = await failure(describeIngress({ timeout: 5000 }))
    expect(err.message).toMatch(/aborted|hang up|ECONNRESET|premature|terminated|JSON|Unexpected/i)
    expect(Date.now() - started).toBeLessThan(4000)
  })

  test('onApply runs before the answer: another writer changes the ingress while this request fails', async () => {
    emu.inject({ kind: 'unavailable', action: 'UpdateIngress', onApply: () => emu.setIngress({ Id: 87, Description: 'theirs' }) })
    const err = await failure(updateDescription('ours'))
    expect(err.statusCode).toBe(503)
    expect(emu.getIngress(87)?.Description).toBe('theirs')
  })
})

