// @ts-check
// STS AssumeRoleWithOIDC (RPC, 2015-04-01, anonymous) and AssumeRole (RPC, signed with an
// AccessKey: see rpc-signature.mjs, checked by server.mjs before a request gets here), answered by
// the same loopback server so both paths can be exercised end to end: GitHub ID token or AccessKey
// -> STS credentials -> signed SAE calls that must carry the issued SecurityToken (reference
// notes 4.2).
//
// Error codes and messages: AuthenticationFail.OIDCToken.{Expired,AudienceNotMatch,IssuerNotMatch},
// AuthenticationFail.NoPermission and EntityNotExist.Role are as quoted in Alibaba's RRSA
// troubleshooting table; InvalidParameter.{RoleArn,RoleSessionName,DurationSeconds} and the
// MissingParameter.<Name> pattern as in the STS AssumeRole / AssumeRoleWithSAML error tables.
// AuthenticationFail.OIDCToken.Invalid appears in the credentials SDKs' tests; its message and the
// HTTP statuses of the AuthenticationFail family (401, as for SAML) are inferred, and so is
// InvalidParameter.PolicyGrammar for an AssumeRole Policy that is not a JSON object.

import { randomBytes, randomInt } from 'node:crypto'
import { ApiError } from './api-responses.mjs'

export const STS_API_VERSION = '2015-04-01'
const ROLE_ARN = /^acs:ram::(\d+):role\/([A-Za-z0-9._-]{1,64})$/
const PROVIDER_ARN = /^acs:ram::(\d+):oidc-provider\/([A-Za-z0-9._-]{1,128})$/
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/

/**
 * @typedef {object} StsOptions
 * @property {string[]} [roleArns]          roles that exist; default: any well-formed ARN
 * @property {string[]} [oidcProviderArns]  registered providers; default: any well-formed ARN
 * @property {string} [audience]            default sts.aliyuncs.com
 * @property {string} [issuer]              default https://token.actions.githubusercontent.com
 * @property {number} [durationMax]         the role's MaxSessionDuration; default 3600
 */

/**
 * @typedef {object} StsContext
 * @property {StsOptions} options
 * @property {import('./signature.mjs').CredentialStore} credentials
 * @property {number} now
 * @property {string} requestId
 * @property {import('./signature.mjs').Credential} [caller]  who signed an AssumeRole (authenticateRpc)
 */

/**
 * @param {Record<string, string>} params  query and form body merged
 * @param {StsContext} ctx
 */
export function handleStsRequest(params, ctx) {
  if (params['Version'] !== STS_API_VERSION) throw new ApiError(400, 'InvalidVersion', 'Specified parameter Version is not valid.')
  switch (params['Action']) {
    case 'AssumeRoleWithOIDC':
      return assumeRoleWithOidc(params, ctx)
    case 'AssumeRole':
      return assumeRole(params, ctx)
    default:
      throw new ApiError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.')
  }
}

/**
 * @param {Record<string, string>} params
 * @param {StsContext} ctx
 */
function assumeRole(params, ctx) {
  // The signature is the caller's business (server.mjs runs authenticateRpc before faults apply).
  if (!ctx.caller) throw new Error('AssumeRole reached the STS handler without an authenticated caller')
  for (const name of ['RoleArn', 'RoleSessionName']) {
    if (!params[name]) throw new ApiError(400, `MissingParameter.${name}`, `Parameter ${name} is required.`)
  }
  const roleArn = /** @type {string} */ (params['RoleArn'])
  const sessionName = /** @type {string} */ (params['RoleSessionName'])
  if (!ROLE_ARN.test(roleArn)) throw new ApiError(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.')
  checkSessionName(sessionName)
  const duration = sessionDuration(params, ctx.options)
  const policy = params['Policy']
  if (policy !== undefined && !isJsonObject(policy)) {
    throw new ApiError(400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not a valid grammar.')
  }
  checkRoleExists(roleArn, ctx.options)
  const session = issueSession(ctx, roleArn, sessionName, duration)
  return { RequestId: ctx.requestId, AssumedRoleUser: session.AssumedRoleUser, Credentials: session.Credentials }
}

/**
 * @param {Record<string, string>} params
 * @param {StsContext} ctx
 */
function assumeRoleWithOidc(params, ctx) {
  const { options, now } = ctx
  for (const name of ['RoleArn', 'OIDCProviderArn', 'OIDCToken']) {
    if (!params[name]) throw new ApiError(400, `MissingParameter.${name}`, `Parameter ${name} is required.`)
  }
  const roleArn = /** @type {string} */ (params['RoleArn'])
  const providerArn = /** @type {string} */ (params['OIDCProviderArn'])
  const token = /** @type {string} */ (params['OIDCToken'])

  const role = ROLE_ARN.exec(roleArn)
  if (!role) throw new ApiError(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.')
  const provider = PROVIDER_ARN.exec(providerArn)
  if (!provider) throw new ApiError(400, 'InvalidParameter.OIDCProviderArn', 'The parameter OIDCProviderArn is wrongly formed.')
  const sessionName = params['RoleSessionName'] ?? `oidc-session-${randomInt(1e9)}`
  checkSessionName(sessionName)
  const duration = sessionDuration(params, options)

  if (options.oidcProviderArns && !options.oidcProviderArns.includes(providerArn)) {
    throw new ApiError(403, 'AuthenticationFail.NoPermission', 'No such OIDC Provider registered.')
  }
  checkRoleExists(roleArn, options)
  // A role can only trust an identity provider of its own account.
  if (role[1] !== provider[1]) throw new ApiError(403, 'AuthenticationFail.NoPermission', 'There is no permission')

  const claims = decodeJwtPayload(token)
  if (!claims) throw new ApiError(401, 'AuthenticationFail.OIDCToken.Invalid', 'The OIDCToken is invalid.')
  const issuer = options.issuer ?? 'https://token.actions.githubusercontent.com'
  if (claims['iss'] !== issuer) {
    throw new ApiError(401, 'AuthenticationFail.OIDCToken.IssuerNotMatch', "The issuer in the OIDC Token doesn't match the OIDC Provider registered.")
  }
  const audiences = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']]
  if (!audiences.includes(options.audience ?? 'sts.aliyuncs.com')) {
    throw new ApiError(401, 'AuthenticationFail.OIDCToken.AudienceNotMatch', 'Invalid audience.')
  }
  const exp = claims['exp']
  if (typeof exp !== 'number' || exp * 1000 <= now) {
    throw new ApiError(401, 'AuthenticationFail.OIDCToken.Expired', 'This JsonWebToken is expired.')
  }

  const session = issueSession(ctx, roleArn, sessionName, duration)
  return {
    RequestId: ctx.requestId,
    Credentials: session.Credentials,
    AssumedRoleUser: session.AssumedRoleUser,
    OIDCTokenInfo: {
      Issuer: claims['iss'],
      Subject: claims['sub'],
      ClientIds: audiences.join(','),
      IssuanceTime: typeof claims['iat'] === 'number' ? isoSeconds(claims['iat'] * 1000) : undefined,
      ExpirationTime: isoSeconds(exp * 1000)
    }
  }
}

/** @param {string} sessionName */
function checkSessionName(sessionName) {
  if (!SESSION_NAME.test(sessionName)) {
    throw new ApiError(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.')
  }
}

/**
 * DurationSeconds, defaulting to an hour (or the role's maximum when that is shorter).
 * @param {Record<string, string>} params
 * @param {StsOptions} options
 */
function sessionDuration(params, options) {
  const durationMax = options.durationMax ?? 3600
  const duration = params['DurationSeconds'] === undefined ? Math.min(3600, durationMax) : Number(params['DurationSeconds'])
  if (!Number.isInteger(duration) || duration < 900 || duration > durationMax) {
    throw new ApiError(400, 'InvalidParameter.DurationSeconds', `The Min/Max value of DurationSeconds is 15min/${durationMax / 3600}hr.`)
  }
  return duration
}

/** @param {string} roleArn @param {StsOptions} options */
function checkRoleExists(roleArn, options) {
  if (options.roleArns && !options.roleArns.includes(roleArn)) {
    throw new ApiError(404, 'EntityNotExist.Role', `The role not exists: ${roleArn}.`)
  }
}

/**
 * Mints temporary credentials and registers them, so SAE calls signed with them (and carrying the
 * SecurityToken) are accepted until Expiration.
 * @param {StsContext} ctx
 * @param {string} roleArn
 * @param {string} sessionName
 * @param {number} duration  seconds
 */
function issueSession(ctx, roleArn, sessionName, duration) {
  // Whole seconds, so the Expiration string and the enforced expiry agree exactly.
  const expiresAt = Math.floor(ctx.now / 1000) * 1000 + duration * 1000
  const credential = {
    accessKeyId: `STS.${alphanumeric(25)}`,
    accessKeySecret: alphanumeric(44),
    securityToken: `CAIS${randomBytes(180).toString('base64')}`,
    expiresAt
  }
  ctx.credentials.add(credential)
  return {
    Credentials: {
      AccessKeyId: credential.accessKeyId,
      AccessKeySecret: credential.accessKeySecret,
      SecurityToken: credential.securityToken,
      Expiration: isoSeconds(expiresAt)
    },
    AssumedRoleUser: {
      Arn: `${roleArn}/${sessionName}`,
      AssumedRoleId: `${String(randomInt(1e8, 1e9))}${String(randomInt(1e8, 1e9))}:${sessionName}`
    }
  }
}

/** @param {string} text */
function isJsonObject(text) {
  try {
    const value = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

/**
 * Structural JWT check only: three base64url parts with JSON header and payload. The emulator
 * does not verify the signature (the token server signs with a fixed fake).
 * @param {string} token
 * @returns {Record<string, unknown> | undefined}
 */
export function decodeJwtPayload(token) {
  const parts = token.split('.')
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined
  try {
    const header = JSON.parse(Buffer.from(/** @type {string} */ (parts[0]), 'base64url').toString('utf8'))
    const payload = JSON.parse(Buffer.from(/** @type {string} */ (parts[1]), 'base64url').toString('utf8'))
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) return undefined
    return payload
  } catch {
    return undefined
  }
}

/** @param {number} ms */
function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** @param {number} length */
function alphanumeric(length) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}
