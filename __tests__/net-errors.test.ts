// What a network error means for the user: configuration errors fail at once and say what to check; a DNS server
// that does not answer and dropped connections may be retried. Table first, then real errors from real sockets.
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { createTestCa, startEmulator, type Emulator, type TestCa } from '../emulator/index.mjs'
import { createAgent } from '../src/engine/net/agent.js'
import { AddressNotAllowedError, describeNetworkError, ProxyError, ResponseTooLargeError } from '../src/engine/net/errors.js'
import * as proxies from '@actions/http-client/lib/proxy'

const HOST = 'sae.cn-hangzhoo.aliyuncs.com'
const CTX = { host: HOST, inputHint: 'region-id or endpoint' }

const sysError = (code: string, message = `${code} happened`): Error => Object.assign(new Error(message), { code })

describe('classification', () => {
  test.each([
    ['ENOTFOUND', sysError('ENOTFOUND', `getaddrinfo ENOTFOUND ${HOST}`), 'HostNotFound', false],
    ['EAI_AGAIN', sysError('EAI_AGAIN'), 'DnsUnavailable', true],
    ['CERT_HAS_EXPIRED', sysError('CERT_HAS_EXPIRED', 'certificate has expired'), 'TlsCertificate', false],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', sysError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'TlsCertificate', false],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', sysError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'TlsCertificate', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', sysError('ERR_TLS_CERT_ALTNAME_INVALID'), 'TlsCertificate', false],
    ['SELF_SIGNED_CERT_IN_CHAIN', sysError('SELF_SIGNED_CERT_IN_CHAIN'), 'TlsCertificate', false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', sysError('DEPTH_ZERO_SELF_SIGNED_CERT'), 'TlsCertificate', false],
    ['EPROTO (TLS to a plain HTTP port)', sysError('EPROTO'), 'TlsHandshake', false],
    ['ECONNRESET', sysError('ECONNRESET'), 'NetworkError', true],
    ['ECONNREFUSED', sysError('ECONNREFUSED'), 'NetworkError', true],
    ['ETIMEDOUT inside an AggregateError (happy eyeballs)', new AggregateError([sysError('ETIMEDOUT')], 'connect failed'), 'NetworkError', true],
    ['a code on the cause', new Error('fetch failed', { cause: sysError('ENOTFOUND') }), 'HostNotFound', false],
    ['407 from the proxy', new ProxyError('ProxyAuthenticationRequired', 'proxy.test:3128', `${HOST}:443`, { status: 407, credentialsSent: false }), 'ProxyAuthenticationRequired', false],
    ['403 from the proxy', new ProxyError('ProxyRefused', 'proxy.test:3128', `${HOST}:443`, { status: 403, credentialsSent: false }), 'ProxyRefused', false],
    ['502 from the proxy', new ProxyError('ProxyRefused', 'proxy.test:3128', `${HOST}:443`, { status: 502, credentialsSent: false }), 'ProxyRefused', true],
    ['a proxy refusing connections', new ProxyError('ProxyUnreachable', 'proxy.test:3128', `${HOST}:443`, { credentialsSent: false, cause: 'ECONNREFUSED' }), 'ProxyUnreachable', false],
    ['a proxy timing out', new ProxyError('ProxyUnreachable', 'proxy.test:3128', `${HOST}:443`, { credentialsSent: false, cause: 'ETIMEDOUT' }), 'ProxyUnreachable', true],
    ['an oversized answer', new ResponseTooLargeError(HOST, 4 << 20), 'ResponseTooLarge', false],
    ['a refused address', new AddressNotAllowedError(HOST, '169.254.169.254'), 'AddressNotAllowed', false]
  ])('%s', (_name, err, code, transient) => {
    expect(describeNetworkError(err, CTX)).toMatchObject({ code, transient })
  })

  test.each([
    ['an API error', Object.assign(new Error('code: 400, bad'), { name: 'InvalidParameterError', code: 'InvalidParameter', statusCode: 400 })],
    ['a timeout of the caller', Object.assign(new Error('ReadTimeout(500)'), { name: 'RequestTimeoutError' })],
    ['a string', 'boom'],
    ['nothing', undefined]
  ])('%s is not a network error: left to the caller', (_name, err) => {
    expect(describeNetworkError(err, CTX)).toBeUndefined()
  })
})

describe('messages say what to check', () => {
  test('a host that does not exist names the host and the inputs', () => {
    expect(describeNetworkError(sysError('ENOTFOUND'), CTX)!.message).toBe(
      `The host ${HOST} does not exist (DNS: not found). Check the region-id or endpoint input for a typo.`
    )
  })

  test('a certificate error names the host and the way to trust an intercepting proxy', () => {
    const message = describeNetworkError(sysError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), {
      ...CTX,
      proxy: 'proxy.test:3128'
    })!.message
    expect(message).toContain(`${HOST} through the proxy proxy.test:3128`)
    expect(message).toContain('self-signed certificate in certificate chain')
    expect(message).toContain('NODE_EXTRA_CA_CERTS')
  })

  test('a proxy error names the proxy, never the URL it came from', () => {
    const err = new ProxyError('ProxyAuthenticationRequired', 'proxy.test:3128', `${HOST}:443`, { status: 407, credentialsSent: true })
    const message = describeNetworkError(err, CTX)!.message
    expect(message).toContain('proxy.test:3128')
    expect(message).toContain('refused the user and password')
  })

  test('messages are built from codes, not from the thrown text', () => {
    const err = sysError('ECONNRESET', 'socket hang up GET https://sae.test/?Signature=abc123 failed.')
    expect(describeNetworkError(err, CTX)!.message).toBe(`The connection to ${HOST} failed (ECONNRESET).`)
  })
})

describe('real TLS failures', () => {
  const NAME = 'sae.cn-hangzhou.emulator.test'
  let ca: TestCa
  let emulator: Emulator
  const loopback: LookupFunction = (_hostname, options, callback) =>
    options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)

  beforeAll(async () => {
    ca = createTestCa([NAME])
    emulator = await startEmulator({ tls: ca })
  })
  afterAll(() => emulator.close())

  function get(host: string, trust: boolean): Promise<unknown> {
    const url = `https://${host}:${emulator.port}/`
    const agent = createAgent(url, { proxies, lookup: loopback, ca: trust ? ca.caPem : undefined })
    return new Promise((resolve, reject) => {
      https.get(url, { agent }, resolve).on('error', reject)
    }).finally(() => agent.destroy())
  }

  test('a certificate from an unknown CA', async () => {
    const err = await get(NAME, false).catch((thrown: unknown) => thrown)
    expect(describeNetworkError(err, { host: NAME, inputHint: 'endpoint' })).toMatchObject({ code: 'TlsCertificate', transient: false })
  })

  test('a certificate for another name', async () => {
    const err = await get('other.emulator.test', true).catch((thrown: unknown) => thrown)
    expect((err as { code?: string }).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(describeNetworkError(err, { host: 'other.emulator.test', inputHint: 'endpoint' })).toMatchObject({ code: 'TlsCertificate' })
  })
})
