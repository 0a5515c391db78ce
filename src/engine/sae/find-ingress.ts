// Ingresses by name: SAE names an ingress by its Description (the console's "name"; Name is generated, e.g.
// lb-xxxx-80-f5xx). ListIngresses pages through a namespace's ingresses; the one whose Description equals the name
// (or, when none has it, the one whose Name does) is the one meant.
import { ExpectedFailure } from '../failure.js'
import type { IngressSummary, SaeClient } from './types.js'

/** What a run was told to address: an ingress by id, or by name within a namespace. */
export type IngressRef = { ingressId: number } | { namespaceId: string; ingressName: string }

/** Ingresses asked for per page. */
const PAGE_SIZE = 50
/** A namespace holds far fewer; a service that keeps paging past this is not believed. */
const MAX_PAGES = 200
/** Candidates a message lists at most. */
const SHOWN = 20

export class IngressNotFound extends ExpectedFailure {}

/** Every ingress of the namespace, read page by page until the answers' TotalSize is reached. */
export async function listNamespace(client: SaeClient, namespaceId: string): Promise<IngressSummary[]> {
  const found = new Map<number, IngressSummary>()
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { page: answer } = await client.listIngresses(namespaceId, page, PAGE_SIZE)
    const before = found.size
    for (const ingress of answer.ingresses) found.set(ingress.id, ingress)
    if (found.size >= answer.totalSize) return [...found.values()]
    // A page with no ingress not seen before (empty, or the same page again) while the total is not reached: the
    // answers do not add up, and a name looked up in part of the namespace could be another ingress's.
    if (found.size === before) {
      throw new IngressNotFound(
        `ListIngresses page ${page} of namespace ${namespaceId} added no ingress, with ${found.size} of the ${answer.totalSize} it counts read; refusing to guess which ingress is meant.`
      )
    }
  }
  throw new IngressNotFound(`ListIngresses kept answering past ${MAX_PAGES} pages of namespace ${namespaceId}; refusing to guess which ingress is meant.`)
}

const described = (ingress: IngressSummary): string =>
  `${ingress.id} (${[ingress.description && `"${ingress.description}"`, ingress.name].filter(Boolean).join(', ') || 'no name'})`

function listed(ingresses: readonly IngressSummary[]): string {
  const shown = ingresses.slice(0, SHOWN).map(described).join(', ')
  return ingresses.length > SHOWN ? `${shown} and ${ingresses.length - SHOWN} more` : shown
}

/** The id of the one ingress of `namespaceId` named `ingressName`; none or several is an error listing candidates. */
export async function findIngressId(client: SaeClient, namespaceId: string, ingressName: string): Promise<number> {
  const all = await listNamespace(client, namespaceId)
  const byDescription = all.filter(ingress => ingress.description === ingressName)
  const matches = byDescription.length ? byDescription : all.filter(ingress => ingress.name === ingressName)
  if (matches.length === 1) return matches[0]!.id
  if (matches.length > 1) {
    throw new IngressNotFound(`${matches.length} ingresses of namespace ${namespaceId} are named "${ingressName}": ${listed(matches)}. Name one by its id instead.`)
  }
  const candidates = all.length ? `its ingresses: ${listed(all)}` : 'it has no ingresses'
  throw new IngressNotFound(`No ingress of namespace ${namespaceId} is named "${ingressName}" (by its Description or Name); ${candidates}.`)
}
