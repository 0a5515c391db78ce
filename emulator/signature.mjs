// @ts-check
// ROA request authentication (signature V2, HMAC-SHA1), re-derived on the server side from what
// actually arrived on the wire rather than trusting anything the client claims. The StringToSign
// must match @alicloud/pop-core 1.8.0 lib/roa.js byte for byte (reference notes 4.1), so each
// step below mirrors one step of buildStringToSign there.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { ApiError } from './api-responses.mjs'

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

/**
 * @typedef {object} Credential
 * @property {string} accessKeyId
 * @property {string} accessKeySecret
 * @property {string} [securityToken]
 * @property {number} [expiresAt]  epoch ms; set for STS-issued credentials
 */

/** Who may sign: the configured key pairs plus whatever STS handed out. */
export class CredentialStore {
  /** @param {Credential[]} initial */
  constructor(initial) {
    /** @type {Map<string, Credential>} */
    this.byAccessKeyId = new Map()
    for (const credential of initial) this.add(credential)
  }

  /** @param {Credential} credential */
  add(credential) {
    this.byAccessKeyId.set(credential.accessKeyId, { ...credential })
  }

  /** @param {string} accessKeyId */
  get(accessKeyId) {
    return this.byAccessKeyId.get(accessKeyId)
  }

  /** @param {string} securityToken */
  tokenOwner(securityToken) {
    for (const credential of this.byAccessKeyId.values()) {
      if (credential.securityToken === securityToken) return credential
    }
    return undefined
  }
}

/** Nonces are kept for twice the allowed clock skew: older requests fail the Date check anyway. */
export class NonceStore {
  constructor() {
    /** @type {Map<string, number>} */
    this.seenAt = new Map()
  }

  /** @param {string} nonce @param {number} now */
  has(nonce, now) {
    this.prune(now)
    return this.seenAt.has(nonce)
  }

  /** @param {string} nonce @param {number} now */
  remember(nonce, now) {
    this.seenAt.set(nonce, now)
  }

  /** @param {number} now */
  prune(now) {
    for (const [nonce, at] of this.seenAt) {
      if (now - at > 2 * MAX_CLOCK_SKEW_MS) this.seenAt.delete(nonce)
    }
  }
}

/**
 * @typedef {object} WireRequest
 * @property {string} method
 * @property {string} path         raw path exactly as received (no query)
 * @property {Record<string, string>} query  decoded query values
 * @property {Record<string, string>} headers lower-cased names
 * @property {string} body
 */

/**
 * @param {WireRequest} request
 * @returns {string}
 */
export function buildStringToSign(request) {
  const { headers } = request
  const head = [
    request.method,
    headers['accept'] ?? '',
    headers['content-md5'] ?? '',
    headers['content-type'] ?? '',
    headers['date'] ?? ''
  ].join('\n')
  const canonicalHeaders = Object.keys(headers)
    .filter((name) => name.startsWith('x-acs-'))
    .sort()
    .map((name) => `${name}:${String(headers[name]).replace(/[\t\n\r\f]/g, ' ').trim()}\n`)
    .join('')
  // pop-core signs the raw (un-encoded) values in JS default key order, so the server must decode
  // what came over the wire and re-join it the same way.
  const keys = Object.keys(request.query).sort()
  const resource = keys.length === 0 ? request.path : `${request.path}?${keys.map((k) => `${k}=${request.query[k]}`).join('&')}`
  return `${head}\n${canonicalHeaders}${resource}`
}

/**
 * @param {string} stringToSign
 * @param {string} secret
 */
export function sign(stringToSign, secret) {
  return createHmac('sha1', secret).update(Buffer.from(stringToSign, 'utf8')).digest('base64')
}

/**
 * @typedef {object} AuthOptions
 * @property {CredentialStore} credentials
 * @property {NonceStore} nonces
 * @property {number} now
 * @property {string} apiVersion
 */

/**
 * Throws an ApiError the way the POP gateway would reject the request; returns the credential used.
 * @param {WireRequest} request
 * @param {AuthOptions} options
 * @returns {Credential}
 */
export function authenticateRoa(request, options) {
  const { headers } = request
  const match = /^acs ([^:\s]+):(\S+)$/.exec(headers['authorization'] ?? '')
  if (!match) throw new ApiError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.')
  const accessKeyId = /** @type {string} */ (match[1])
  const signature = /** @type {string} */ (match[2])

  if (headers['x-acs-version'] !== options.apiVersion) {
    throw new ApiError(400, 'InvalidVersion', 'Specified parameter Version is not valid.')
  }
  if (headers['x-acs-signature-method'] !== 'HMAC-SHA1' || headers['x-acs-signature-version'] !== '1.0') {
    throw new ApiError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.')
  }
  const date = Date.parse(headers['date'] ?? '')
  if (Number.isNaN(date)) {
    throw new ApiError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.')
  }
  if (Math.abs(options.now - date) > MAX_CLOCK_SKEW_MS) {
    throw new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.')
  }

  const credential = options.credentials.get(accessKeyId)
  if (!credential) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
  checkSecurityToken(credential, headers['x-acs-security-token'], options)
  if (credential.securityToken !== undefined && headers['x-acs-accesskey-id'] !== credential.accessKeyId) {
    throw new ApiError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.')
  }

  const stringToSign = buildStringToSign(request)
  if (!sameSignature(sign(stringToSign, credential.accessKeySecret), signature)) {
    // The real service echoes its whole StringToSign (security token included) in this message;
    // the action under test has to scrub it before logging, so the emulator reproduces it.
    throw new ApiError(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`
    )
  }

  const contentMd5 = headers['content-md5']
  if (contentMd5 !== undefined && contentMd5 !== createHash('md5').update(Buffer.from(request.body, 'utf8')).digest('base64')) {
    throw new ApiError(400, 'ContentMD5NotMatched', 'Specified content md5 is not matched with your request body.')
  }

  burnNonce(headers['x-acs-signature-nonce'], options)
  return credential
}

/**
 * A correctly signed request's nonce, used up: a replay is refused. Only a correctly signed request may burn a nonce,
 * or anyone could block a client's nonces. Shared with the RPC signature (rpc-signature.mjs).
 * @param {string | undefined} nonce
 * @param {{ nonces: { has(nonce: string, now: number): boolean, remember(nonce: string, now: number): void }, now: number }} options
 */
export function burnNonce(nonce, options) {
  if (!nonce) throw new ApiError(400, 'MissingSignatureNonce', 'SignatureNonce is mandatory for this action.')
  if (options.nonces.has(nonce, options.now)) {
    throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
  }
  options.nonces.remember(nonce, options.now)
}

/**
 * The security token a request carries (ROA: the x-acs-security-token header, RPC: the SecurityToken parameter) against
 * its AccessKey's: none for a permanent key, that very token, unexpired, for an STS one.
 * @param {Credential} credential
 * @param {string | undefined} token
 * @param {{ credentials: { tokenOwner(token: string): unknown }, now: number }} options
 */
export function checkSecurityToken(credential, token, options) {
  const mismatch = () => new ApiError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.')
  if (credential.securityToken === undefined) {
    if (token !== undefined) throw mismatch()
    return
  }
  if (token === undefined || token === '') {
    throw new ApiError(400, 'MissingSecurityToken', 'SecurityToken is mandatory for this action.')
  }
  if (token !== credential.securityToken) {
    if (options.credentials.tokenOwner(token)) throw mismatch()
    throw new ApiError(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.')
  }
  if (credential.expiresAt !== undefined && options.now >= credential.expiresAt) {
    throw new ApiError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.')
  }
}

/** @param {string} expected @param {string} actual */
export function sameSignature(expected, actual) {
  const a = Buffer.from(expected)
  const b = Buffer.from(actual)
  return a.length === b.length && timingSafeEqual(a, b)
}
