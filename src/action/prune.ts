// rules-mode prune: the preview rules of closed pull requests, found by the file's templates among the live rules and
// removed in one write, with the merge, confirmation and concurrency protocol of remove. A rule whose pull request is
// open, or that GitHub does not know (404), stays; every rule no template finds is never touched.
import type { IngressFile } from '../engine/ingress/types.js'
import { normaliseLive } from '../engine/plan/normalise.js'
import { pruneCandidates } from '../engine/plan/prune.js'
import type { SaeSession } from '../engine/sae/session.js'
import type { Settings } from './inputs.js'
import type { ActionLog } from './log.js'
import type { PrunedRule, RunReport } from './report/report.js'

/** The remove file a prune comes to: the live rules of closed pull requests (none: nothing to write). */
export async function staleRules(templates: IngressFile, ingressId: number, session: SaeSession, settings: Settings, report: RunReport, log: ActionLog): Promise<IngressFile> {
  const { ingress } = await session.client(session.deadline).describeIngress(ingressId)
  const candidates = pruneCandidates(templates.Rules ?? [], normaliseLive(ingress).Rules ?? [])
  const { pullRequestStates } = await import('./github/pulls.js')
  const states = await pullRequestStates(settings.githubToken, candidates.map(candidate => candidate.number), log)
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo } = settings.env
  const found: PrunedRule[] = candidates.map(candidate => ({
    key: candidate.key,
    number: candidate.number,
    state: states.get(candidate.number) ?? 'unknown',
    ...(server && repo ? { url: `${server}/${repo}/pull/${candidate.number}` } : {})
  }))
  report.prune = found
  const stale = candidates.filter(candidate => states.get(candidate.number) === 'closed')
  log.info(
    `Prune: ${candidates.length} preview rule(s) found on ingress ${ingressId}; ${stale.length} of closed pull requests, ` +
      `${found.filter(rule => rule.state === 'open').length} of open ones, ${found.filter(rule => rule.state === 'unknown').length} unknown (kept).`
  )
  return { IngressId: ingressId, Rules: stale.map(candidate => candidate.rule) }
}
