// @ts-check
// RPC request authentication (signature v1, HMAC-SHA1) for STS AssumeRole, re-derived from what
// arrived on the wire. The StringToSign must match what @alicloud/credentials 2.4.7
// (providers/ram_role_arn.js) and @alicloud/pop-core 1.8.0 (lib/rpc.js) build byte for byte:
//   METHOD & percentEncode('/') & percentEncode(k1=v1&k2=v2...)
// over every query and form parameter except Signature, keys sorted, each key and value
// percent-encoded as encodeURIComponent plus ! ' ( ) *; HMAC key = AccessKeySecret + '&'.
// Both clients send POST (the credentials library: signing parameters in the query, the AssumeRole
// ones in a form body; pop-core: all in the body); the method signed is the one received.
//
// The checks and their order mirror authenticateRoa in signature.mjs (same codes for the same
// faults: InvalidTimeStamp.*, InvalidAccessKeyId.NotFound, InvalidSecurityToken.*,
// SignatureDoesNotMatch with the server's StringToSign echoed, SignatureNonceUsed). The codes for
// missing RPC parameters (MissingAccessKeyId, MissingTimestamp) are inferred from the POP
// gateway's "<Name> is mandatory for this action." pattern.

import { createHmac } from 'node:crypto'
import { ApiError } from './api-responses.mjs'
import { burnNonce, checkSecurityToken, sameSignature } from './signature.mjs'

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/

/**
 * RFC 3986 percent-encoding as the Alibaba SDKs do it.
 * @param {string} text
 */
export function percentEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * @param {string} method
 * @param {Record<string, string>} params  decoded query and form parameters, merged
 */
export function rpcStringToSign(method, params) {
  const canonical = Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(/** @type {string} */ (params[key]))}`)
    .join('&')
  return `${method}&${percentEncode('/')}&${percentEncode(canonical)}`
}

/**
 * @param {string} stringToSign
 * @param {string} accessKeySecret
 */
export function signRpc(stringToSign, accessKeySecret) {
  return createHmac('sha1', `${accessKeySecret}&`).update(Buffer.from(stringToSign, 'utf8')).digest('base64')
}

/**
 * @typedef {object} RpcAuthOptions
 * @property {import('./signature.mjs').CredentialStore} credentials
 * @property {import('./signature.mjs').NonceStore} nonces
 * @property {number} now
 */

/**
 * Throws an ApiError the way the POP gateway would reject the request; returns the credential used.
 * @param {{ method: string, params: Record<string, string> }} request
 * @param {RpcAuthOptions} options
 * @returns {import('./signature.mjs').Credential}
 */
export function authenticateRpc(request, options) {
  const { params } = request
  const accessKeyId = params['AccessKeyId']
  if (!accessKeyId) throw new ApiError(400, 'MissingAccessKeyId', 'AccessKeyId is mandatory for this action.')
  const signature = params['Signature']
  if (!signature) throw new ApiError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.')
  if (params['SignatureMethod'] !== 'HMAC-SHA1' || params['SignatureVersion'] !== '1.0') {
    throw new ApiError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.')
  }
  const timestamp = params['Timestamp']
  if (!timestamp) throw new ApiError(400, 'MissingTimestamp', 'Timestamp is mandatory for this action.')
  const time = TIMESTAMP.test(timestamp) ? Date.parse(timestamp) : NaN
  if (Number.isNaN(time)) {
    throw new ApiError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.')
  }
  if (Math.abs(options.now - time) > MAX_CLOCK_SKEW_MS) {
    throw new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.')
  }

  const credential = options.credentials.get(accessKeyId)
  if (!credential) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
  checkSecurityToken(credential, params['SecurityToken'], options)

  const stringToSign = rpcStringToSign(request.method, params)
  if (!sameSignature(signRpc(stringToSign, credential.accessKeySecret), signature)) {
    // The credentials library compares this echo with its own StringToSign to tell a wrong
    // secret ("the access key secret is invalid") from a signing bug.
    throw new ApiError(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`
    )
  }

  burnNonce(params['SignatureNonce'], options)
  return credential
}
