// @ts-check
// A DescribeIngress as pop-core signs it (the ROA signature, emulator/signature.mjs), written out as raw HTTP/1.1:
// the requests the bench's reference client (./reference-client.cjs) sends without signing anything itself.
import { randomUUID } from 'node:crypto'
import { INGRESS_PATH, SAE_API_VERSION } from '../../emulator/sae-actions.mjs'
import { buildStringToSign, sign } from '../../emulator/signature.mjs'

/**
 * @param {{ host: string, port: number, ingressId: number, keys: { accessKeyId: string, accessKeySecret: string } }} target
 * @returns {string}
 */
export function signedDescribe({ host, port, ingressId, keys }) {
  const query = { IngressId: String(ingressId) }
  const headers = {
    accept: 'application/json',
    date: new Date().toUTCString(),
    'x-acs-signature-method': 'HMAC-SHA1',
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-signature-version': '1.0',
    'x-acs-version': SAE_API_VERSION
  }
  const signature = sign(buildStringToSign({ method: 'GET', path: INGRESS_PATH, query, headers, body: '' }), keys.accessKeySecret)
  const lines = Object.entries({ host: `${host}:${port}`, ...headers, authorization: `acs ${keys.accessKeyId}:${signature}` })
  return `GET ${INGRESS_PATH}?IngressId=${query.IngressId} HTTP/1.1\r\n${lines.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`
}
