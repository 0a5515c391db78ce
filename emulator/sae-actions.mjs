// @ts-check
// The three SAE ingress APIs the action uses, as ROA routes (reference notes 1 and 1.3). Each
// handler gets the merged request parameters and returns the `Data` of a success body, or throws
// an ApiError.

import { saeErrors } from './api-responses.mjs'
import { toListItem } from './ingress-store.mjs'
import { applyUpdate } from './ingress-update.mjs'

/** @typedef {import('../src/engine/sae/types.js').LiveIngress} LiveIngress */
/** @typedef {import('./ingress-store.mjs').IngressStore} IngressStore */
/** @typedef {import('./ingress-update.mjs').UpdateRules} UpdateRules */

/**
 * @typedef {object} ActionContext
 * @property {IngressStore} store
 * @property {UpdateRules} updateRules
 * @property {boolean} dropUpdate  a "dropUpdate" fault: validate and answer success, change nothing
 */

/** @typedef {(params: Record<string, string>, ctx: ActionContext) => unknown} ActionHandler */

export const SAE_API_VERSION = '2019-05-06'

/** The path of DescribeIngress (GET) and UpdateIngress (PUT). */
export const INGRESS_PATH = '/pop/v1/sam/ingress/Ingress'

/** @type {Record<string, { action: string, handler: ActionHandler }>} */
const routes = {
  [`GET ${INGRESS_PATH}`]: { action: 'DescribeIngress', handler: describeIngress },
  [`PUT ${INGRESS_PATH}`]: { action: 'UpdateIngress', handler: updateIngress },
  'GET /pop/v1/sam/ingress/IngressList': { action: 'ListIngresses', handler: listIngresses }
}

/**
 * @param {string} method
 * @param {string} path
 */
export function findSaeRoute(method, path) {
  return routes[`${method} ${path}`]
}

/** @param {Record<string, string>} params @param {IngressStore} store */
function requireIngressId(params, store) {
  const raw = params['IngressId']
  if (raw === undefined || raw === '') throw saeErrors.notEmpty('IngressId')
  if (!/^\d+$/.test(raw)) throw saeErrors.obviously('IngressId')
  const id = Number(raw)
  const current = store.current(id)
  // Terraform's provider treats exactly this code as "ingress not found" (reference notes 1.5).
  if (!current) throw saeErrors.withMessage('IngressId', `The ingress [${raw}] does not exist.`)
  return { id, current }
}

/** @type {ActionHandler} */
function describeIngress(params, ctx) {
  const { id } = requireIngressId(params, ctx.store)
  return ctx.store.visible(id)
}

/** @type {ActionHandler} */
function updateIngress(params, ctx) {
  const { id, current } = requireIngressId(params, ctx.store)
  const next = applyUpdate(params, current, ctx.updateRules, (appId) => ctx.store.appNameOf(appId))
  if (!ctx.dropUpdate) ctx.store.commit(next)
  return { IngressId: id }
}

/** @type {ActionHandler} */
function listIngresses(params, ctx) {
  const namespaceId = params['NamespaceId']
  if (namespaceId === undefined || namespaceId === '') throw saeErrors.notEmpty('NamespaceId')
  const currentPage = pageNumber(params, 'CurrentPage', 1)
  const pageSize = pageNumber(params, 'PageSize', 10)
  const appId = params['AppId']

  /** @type {LiveIngress[]} */
  const matching = []
  for (const id of ctx.store.ids()) {
    const live = ctx.store.visible(id)
    if (!live || live.NamespaceId !== namespaceId) continue
    if (appId && !usesApp(live, appId)) continue
    matching.push(live)
  }
  const page = matching.slice((currentPage - 1) * pageSize, currentPage * pageSize)
  return {
    CurrentPage: currentPage,
    PageSize: pageSize,
    TotalSize: matching.length,
    IngressList: page.map((live) => toListItem(live, ctx.store.createdAt.get(live.Id) ?? 0))
  }
}

/** @param {Record<string, string>} params @param {string} name @param {number} fallback */
function pageNumber(params, name, fallback) {
  const raw = params[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw saeErrors.obviously(name)
  return Number(raw)
}

/** @param {LiveIngress} live @param {string} appId */
function usesApp(live, appId) {
  return live.DefaultRule?.AppId === appId || (live.Rules ?? []).some((rule) => rule.AppId === appId)
}
