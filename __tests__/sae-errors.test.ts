import { SaeApiError, classifyThrown, describeApiError, errorFromBody, hintFor, separateRequestLine } from '../src/engine/sae/errors.js'
import { createRedactor } from '../src/engine/text/secrets.js'

const redact = createRedactor(['s3cr3t-Value/+=', 'tok/en+value=='])

/** Builds what pop-core throws for an HTTP >= 400 JSON answer (roa.js: name, statusCode, code, result). */
function popError(status: number, body: Record<string, unknown>): Error {
  const err = new Error(`code: ${status}, ${body.Message}, requestid: ${body.RequestId}`) as Error & Record<string, unknown>
  Object.assign(err, { name: `${body.Code}Error`, statusCode: status, code: body.Code, result: body })
  return err
}

function networkError(name: string, code?: string, message = 'failed'): Error {
  const err = new Error(message) as Error & { code?: string }
  err.name = name
  if (code) err.code = code
  return err
}

describe('what pop-core or the network threw, classified', () => {
  test.each([
    ['throttling', popError(400, { Code: 'Throttling.User', Message: 'flow control', RequestId: 'R1' }), 'Throttling.User', true],
    ['an API-level throttle', popError(400, { Code: 'Throttling.Api', RequestId: 'R1' }), 'Throttling.Api', true],
    ['ServiceUnavailable', popError(503, { Code: 'ServiceUnavailable', RequestId: 'R2' }), 'ServiceUnavailable', true],
    ['any 5xx', popError(502, { Code: 'BadGateway', RequestId: 'R3' }), 'BadGateway', true],
    ['a bad parameter', popError(400, { Code: 'InvalidParameter.WithMessage', RequestId: 'R4' }), 'InvalidParameter.WithMessage', false],
    ['the rule limit', popError(400, { Code: 'Exceed.IngressRule', RequestId: 'R5' }), 'Exceed.IngressRule', false],
    ['a wrong signature', popError(400, { Code: 'SignatureDoesNotMatch', RequestId: 'R6' }), 'SignatureDoesNotMatch', false],
    ['an unknown key', popError(404, { Code: 'InvalidAccessKeyId.NotFound', RequestId: 'R7' }), 'InvalidAccessKeyId.NotFound', false],
    ['a read timeout', networkError('RequestTimeoutError', undefined, 'ReadTimeout: 500. GET /x failed.'), 'Timeout', true],
    ['a reset connection', networkError('Error', 'ECONNRESET'), 'NetworkError', true],
    ['a refused connection', networkError('Error', 'ECONNREFUSED'), 'NetworkError', true],
    ['a socket hang up', networkError('Error', undefined, 'socket hang up'), 'NetworkError', true],
    ['unparseable JSON', networkError('FormatError', undefined, 'parse response to json error'), 'NonJsonResponse', true],
    ['a programming error', new TypeError('x is not a function'), 'TypeError', false],
    ['a thrown string', 'weird', 'Error', false]
  ])('%s', (_name, thrown, code, transient) => {
    const err = classifyThrown(thrown, redact)
    expect(err).toBeInstanceOf(SaeApiError)
    expect([err.code, err.transient]).toEqual([code, transient])
  })

  test('the RequestId, TraceId and status of an error body are kept', () => {
    const err = classifyThrown(popError(400, { Code: 'InvalidParameter.NotEmpty', Message: 'm', RequestId: 'REQ-1', TraceId: 'T-1' }), redact)
    expect([err.requestId, err.traceId, err.httpStatus, err.message]).toEqual(['REQ-1', 'T-1', 400, 'm'])
  })

  test('a 2xx Success:false body prefers ErrorCode over the numeric Code', () => {
    const err = errorFromBody({ Success: false, Code: '400', ErrorCode: 'InvalidParameter.Obviously', Message: 'bad', RequestId: 'R' }, undefined, redact)
    expect([err.code, err.transient]).toEqual(['InvalidParameter.Obviously', false])
  })

  test('secrets in service and network messages are masked, raw and URL-encoded', () => {
    const echoed = popError(400, {
      Code: 'SignatureDoesNotMatch',
      Message: 'server string to sign is:PUT\nx-acs-security-token:tok/en+value==\n/pop?k=s3cr3t-Value%2F%2B%3D',
      RequestId: 'R'
    })
    const message = classifyThrown(echoed, redact).message
    expect(message).not.toMatch(/s3cr3t|tok\/en|tok%2Fen/)
    expect(message).toContain('x-acs-security-token:***')
  })
})

describe('hints for the codes the API documents', () => {
  test.each([
    ['InvalidParameter.NotEmpty', /required parameter/],
    ['InvalidParameter.Obviously', /IngressId does not exist/],
    ['InvalidParameter.WithMessage', /IngressId does not exist/],
    ['Exceed.IngressRule', /at most 40 rules/],
    ['SlbListenerPort.NotAvailable', /ListenerPort is already used/],
    ['SSLCert.NotFound', /CertIds entries look like <id>-<region>/],
    ['SlbHttpsCert.NotFound', /needs a certificate/],
    ['InvalidAccessKeyId.NotFound', /ALIBABA_CLOUD_ACCESS_KEY_ID/],
    ['SignatureDoesNotMatch', /ALIBABA_CLOUD_ACCESS_KEY_SECRET/],
    ['InvalidSecurityToken.Expired', /security token/],
    ['Forbidden.RAM', /sae:UpdateIngress/],
    ['Throttling.User', /throttled/],
    ['AuthenticationFail.OIDCToken.Expired', /expired/],
    ['EntityNotExist.Role', /trust policy/]
  ])('%s', (code, hint) => expect(hintFor(code)).toMatch(hint))

  test('an undocumented code gets no made-up hint', () => expect(hintFor('Some.NewCode')).toBeUndefined())

  test('the failure line names action, code, message, RequestId and attempts', () => {
    const err = new SaeApiError({ code: 'Throttling.User', message: 'denied', requestId: 'ABC', transient: true })
    err.attempts = 4
    expect(describeApiError('UpdateIngress', err)).toBe(
      'UpdateIngress failed: Throttling.User: denied · RequestId: ABC · after 4 attempts\nHint: ' + hintFor('Throttling.User')
    )
  })
})

describe("pop-core's transport runs the reason and the request line together; they are told apart", () => {
  test.each([
    ['getaddrinfo ENOTFOUND sae.cn-hangzho.aliyuncs.comGET https://sae.cn-hangzho.aliyuncs.com/pop/v1/sam/ingress/Ingress?IngressId=87 failed.',
      'getaddrinfo ENOTFOUND sae.cn-hangzho.aliyuncs.com (GET https://sae.cn-hangzho.aliyuncs.com/pop/v1/sam/ingress/Ingress?IngressId=87 failed)'],
    ['socket hang upPUT http://127.0.0.1:9/pop failed.', 'socket hang up (PUT http://127.0.0.1:9/pop failed)'],
    ['nothing appended', 'nothing appended']
  ])('%s', (raw, shown) => {
    expect(separateRequestLine(raw)).toBe(shown)
  })
})
