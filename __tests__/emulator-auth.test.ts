// Authentication as the POP gateway does it: requests signed by the real pop-core ROAClient, and
// raw replays (node:http) of what pop-core really sent, to probe Date, nonce and Content-MD5.
import http from 'node:http'
import querystring from 'node:querystring'
import ROAClient from '@alicloud/pop-core/lib/roa.js'
import { startEmulator, type Emulator, type EmulatorOptions, type LiveIngress, type RecordedRequest } from '../emulator/index.mjs'

const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress'
const SEED: LiveIngress = { Id: 87, NamespaceId: 'cn-hangzhou:demo', ListenerPort: 80 }
const TOKEN_CREDENTIAL = { accessKeyId: 'tokenKeyId', accessKeySecret: 'tokenKeySecret', securityToken: 'token-abc' }

interface PopError {
  code: string
  statusCode: number
  result: Record<string, unknown>
}

function client(emu: Emulator, config: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string; apiVersion?: string } = {}): ROAClient {
  return new ROAClient({
    endpoint: emu.url,
    apiVersion: config.apiVersion ?? '2019-05-06',
    accessKeyId: config.accessKeyId ?? 'testAccessKeyId',
    accessKeySecret: config.accessKeySecret ?? 'testAccessKeySecret',
    securityToken: config.securityToken
  })
}

async function failure(promise: Promise<unknown>): Promise<PopError> {
  try {
    await promise
  } catch (err) {
    return err as PopError
  }
  throw new Error('expected the call to fail')
}

/** Sends a recorded request again, byte for byte except where overridden. */
function replay(
  emu: Emulator,
  recorded: RecordedRequest,
  change: { body?: string; query?: Record<string, string>; dropHeaders?: string[] } = {}
): Promise<{ status: number; json: Record<string, unknown> }> {
  const body = change.body ?? recorded.body
  const query = querystring.stringify(change.query ?? recorded.query)
  const headers: Record<string, string> = { ...recorded.headers, 'content-length': String(Buffer.byteLength(body)) }
  delete headers['connection']
  for (const name of change.dropHeaders ?? []) delete headers[name]
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: emu.port, method: recorded.method, path: query ? `${recorded.path}?${query}` : recorded.path, headers, agent: false },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }))
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function withEmulator(options: EmulatorOptions, run: (emu: Emulator) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ ingresses: [SEED], ...options })
  try {
    await run(emu)
  } finally {
    await emu.close()
  }
}

describe('signature checks', () => {
  test('a wrong secret fails with SignatureDoesNotMatch echoing the server string to sign', async () => {
    await withEmulator({}, async (emu) => {
      const c = client(emu, { accessKeySecret: 'not-the-secret' })
      const body = new URLSearchParams({ Rules: '[]' }).toString()
      const err = await failure(
        c.put(INGRESS_PATH, { IngressId: '87', Description: 'a b' }, body, { 'Content-Type': 'application/x-www-form-urlencoded' })
      )
      expect(err.statusCode).toBe(400)
      expect(err.code).toBe('SignatureDoesNotMatch')
      const h = (emu.requests[0] as RecordedRequest).headers
      expect(err.result['Message']).toBe(
        'Specified signature is not matched with our calculation. server string to sign is:' +
          `PUT\napplication/json\n${h['content-md5']}\napplication/x-www-form-urlencoded\n${h['date']}\n` +
          `x-acs-signature-method:HMAC-SHA1\nx-acs-signature-nonce:${h['x-acs-signature-nonce']}\n` +
          'x-acs-signature-version:1.0\nx-acs-version:2019-05-06\n' +
          '/pop/v1/sam/ingress/Ingress?Description=a b&IngressId=87'
      )
      expect(emu.getIngress(87)?.Rules).toBeUndefined()
    })
  })

  test('an unknown AccessKey ID fails with 404 InvalidAccessKeyId.NotFound', async () => {
    await withEmulator({}, async (emu) => {
      const err = await failure(client(emu, { accessKeyId: 'nobodyKnowsMe' }).get(INGRESS_PATH, { IngressId: '87' }))
      expect(err.statusCode).toBe(404)
      expect(err.code).toBe('InvalidAccessKeyId.NotFound')
      expect(err.result['Message']).toBe('Specified access key is not found.')
    })
  })

  test('a missing Authorization header fails with IncompleteSignature', async () => {
    await withEmulator({}, async (emu) => {
      await client(emu).get(INGRESS_PATH, { IngressId: '87' })
      const response = await replay(emu, emu.requests[0] as RecordedRequest, { dropHeaders: ['authorization'] })
      expect(response.status).toBe(400)
      expect(response.json['Code']).toBe('IncompleteSignature')
    })
  })

  test('a wrong x-acs-version fails with InvalidVersion', async () => {
    await withEmulator({}, async (emu) => {
      const err = await failure(client(emu, { apiVersion: '2017-08-01' }).get(INGRESS_PATH, { IngressId: '87' }))
      expect(err.code).toBe('InvalidVersion')
    })
  })

  test.each([20, -20])('a Date %i minutes off the server clock fails with InvalidTimeStamp.Expired', async (minutes) => {
    await withEmulator({ now: () => Date.now() + minutes * 60_000 }, async (emu) => {
      const err = await failure(client(emu).get(INGRESS_PATH, { IngressId: '87' }))
      expect(err.statusCode).toBe(400)
      expect(err.code).toBe('InvalidTimeStamp.Expired')
    })
  })

  test('a Date 10 minutes off is still accepted', async () => {
    await withEmulator({ now: () => Date.now() + 10 * 60_000 }, async (emu) => {
      await expect(client(emu).get(INGRESS_PATH, { IngressId: '87' })).resolves.toMatchObject({ Success: true })
    })
  })
})

describe('replays', () => {
  test('replaying a signed request fails with SignatureNonceUsed and changes nothing', async () => {
    await withEmulator({}, async (emu) => {
      await client(emu).put(INGRESS_PATH, { IngressId: '87', Description: 'first' }, '')
      expect(emu.getIngress(87)?.Description).toBe('first')
      emu.setIngress({ ...SEED, Description: 'reset' })

      const response = await replay(emu, emu.requests[0] as RecordedRequest)
      expect(response.status).toBe(400)
      expect(response.json['Code']).toBe('SignatureNonceUsed')
      expect(emu.getIngress(87)?.Description).toBe('reset')
    })
  })

  test('Content-MD5 must match the body; signature covers the decoded query', async () => {
    let recorded: RecordedRequest | undefined
    await withEmulator({}, async (emu) => {
      const body = new URLSearchParams({ Rules: JSON.stringify([{ appId: 'a1', containerPort: 80, domain: 'x.example.com', path: '/' }]) }).toString()
      await client(emu).put(INGRESS_PATH, { IngressId: '87', Description: 'héllo wörld' }, body, { 'Content-Type': 'application/x-www-form-urlencoded' })
      recorded = emu.requests[0]
    })
    if (!recorded) throw new Error('nothing recorded')
    const original = recorded

    // A fresh emulator has not seen the nonce, so only the tampering decides the outcome.
    await withEmulator({}, async (emu) => {
      const tamperedBody = await replay(emu, original, { body: original.body.replace('a1', 'b2') })
      expect(tamperedBody.status).toBe(400)
      expect(tamperedBody.json['Code']).toBe('ContentMD5NotMatched')

      const tamperedQuery = await replay(emu, original, { query: { ...original.query, Description: 'hello world' } })
      expect(tamperedQuery.status).toBe(400)
      expect(tamperedQuery.json['Code']).toBe('SignatureDoesNotMatch')
      expect(emu.getIngress(87)?.Description).toBeUndefined()

      const untouched = await replay(emu, original)
      expect(untouched.status).toBe(200)
      expect(emu.getIngress(87)?.Description).toBe('héllo wörld')
      expect(emu.getIngress(87)?.Rules?.[0]?.AppId).toBe('a1')

      const again = await replay(emu, original)
      expect(again.json['Code']).toBe('SignatureNonceUsed')
    })
  })
})

describe('credentials bound to a security token', () => {
  const options: EmulatorOptions = { credentials: [{ accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' }, TOKEN_CREDENTIAL] }

  test('are accepted with the matching token', async () => {
    await withEmulator(options, async (emu) => {
      await expect(client(emu, TOKEN_CREDENTIAL).get(INGRESS_PATH, { IngressId: '87' })).resolves.toMatchObject({ Success: true })
      expect(emu.requests[0]?.headers['x-acs-security-token']).toBe('token-abc')
      expect(emu.requests[0]?.headers['x-acs-accesskey-id']).toBe('tokenKeyId')
    })
  })

  test.each([
    ['without a token', { ...TOKEN_CREDENTIAL, securityToken: undefined }, {}, 'MissingSecurityToken'],
    ['with a wrong token', { ...TOKEN_CREDENTIAL, securityToken: 'token-xyz' }, {}, 'InvalidSecurityToken.Malformed'],
    ['with a mismatching x-acs-accesskey-id', TOKEN_CREDENTIAL, { 'x-acs-accesskey-id': 'someoneElse' }, 'InvalidSecurityToken.MismatchWithAccessKey'],
    [
      'a permanent key sent with another key’s token',
      { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret', securityToken: 'token-abc' },
      {},
      'InvalidSecurityToken.MismatchWithAccessKey'
    ]
  ])('are rejected %s', async (_name, credential, headers, code) => {
    await withEmulator(options, async (emu) => {
      const err = await failure(client(emu, credential).get(INGRESS_PATH, { IngressId: '87' }, headers))
      expect(err.statusCode).toBe(400)
      expect(err.code).toBe(code)
    })
  })

  test('SignatureDoesNotMatch echoes the security token, as the real service does', async () => {
    await withEmulator(options, async (emu) => {
      const err = await failure(client(emu, { ...TOKEN_CREDENTIAL, accessKeySecret: 'wrong' }).get(INGRESS_PATH, { IngressId: '87' }))
      expect(err.code).toBe('SignatureDoesNotMatch')
      expect(err.result['Message']).toContain('\nx-acs-security-token:token-abc\n')
    })
  })
})
