// @ts-check
// Response bodies in the shapes the real gateways use (reference notes 1.4 and 3.1). The SAE
// error body carries both the POP gateway fields (Code/Message/HostId/Recommend, what pop-core
// reads) and the SAE wrapper fields (Success/ErrorCode/TraceId), because the action must cope
// with either and the emulator should not let it get away with reading only one of them.

import { randomBytes, randomUUID } from 'node:crypto'

/** A rejection that the server renders as an error body in the style of the API being called. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

/** Uppercase UUID, like `91F93257-7A4A-4BD3-9A7E-2F6EAE6D1234`. */
export function newRequestId() {
  return randomUUID().toUpperCase()
}

/** 30 hex chars, like the SAE TraceId `0a98a02315955564772843261e1234`. */
export function newTraceId() {
  return randomBytes(15).toString('hex')
}

/**
 * @typedef {object} ResponseContext
 * @property {'sae' | 'sts'} api
 * @property {string} requestId
 * @property {string} traceId
 * @property {string} region
 */

/**
 * @param {ResponseContext} ctx
 * @param {string} code
 * @param {string} message
 */
export function errorBody(ctx, code, message) {
  if (ctx.api === 'sts') {
    return {
      RequestId: ctx.requestId,
      HostId: 'sts.aliyuncs.com',
      Code: code,
      Message: message,
      Recommend: recommendUrl(code, 'Sts', ctx.requestId)
    }
  }
  return {
    RequestId: ctx.requestId,
    HostId: `sae.${ctx.region}.aliyuncs.com`,
    Code: code,
    Message: message,
    Recommend: recommendUrl(code, 'sae', ctx.requestId),
    Success: false,
    ErrorCode: code,
    TraceId: ctx.traceId
  }
}

/**
 * @param {ResponseContext} ctx
 * @param {unknown} data
 */
export function saeSuccessBody(ctx, data) {
  return {
    RequestId: ctx.requestId,
    Message: 'success',
    TraceId: ctx.traceId,
    Data: data,
    Code: '200',
    Success: true
  }
}

/**
 * The SAE wrapper's own way of failing: HTTP 200, but Success:false (reference notes 3.2).
 * @param {ResponseContext} ctx
 * @param {string} code
 * @param {string} message
 */
export function saeSuccessFalseBody(ctx, code, message) {
  return {
    RequestId: ctx.requestId,
    Message: message,
    TraceId: ctx.traceId,
    Code: '400',
    ErrorCode: code,
    Success: false
  }
}

/**
 * @param {string} code
 * @param {string} product
 * @param {string} requestId
 */
function recommendUrl(code, product, requestId) {
  return `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=${product}&requestId=${requestId}`
}

/** Message templates of the SAE ingress error table (UpdateIngress API doc, "Error codes"). */
export const saeErrors = {
  /** @param {string} param */
  notEmpty: (param) => new ApiError(400, 'InvalidParameter.NotEmpty', `You must specify the parameter ${param}.`),
  /** @param {string} param */
  obviously: (param) => new ApiError(400, 'InvalidParameter.Obviously', `The specified parameter is invalid {${param}}.`),
  /** @param {string} param @param {string} why */
  withMessage: (param, why) => new ApiError(400, 'InvalidParameter.WithMessage', `The parameter is invalid {${param}}: ${why}`)
}
