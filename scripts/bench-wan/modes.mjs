// The runs `npm run bench:wan` times: what each one applies, to which seeded ingress, what it must end with, the
// requests it needs at the least (its floor), the calls the bare pop-core script makes to compare with it, its
// targets at 200 ms, and its quick-mode budget.
//
// Necessary requests (issue 12): a change is Describe + Update + one confirming Describe; no change and a dry run
// are one Describe; `wait: false` is Describe + Update; upsert and remove of one rule are the same as a change. A
// failed health check with rollback (replace mode) needs Describe + Update + Describe, one health-check request,
// and for the rollback Update + Describe: in replace mode the rollback's target does not depend on the live
// state, and the confirming read has just shown what is live, so a fresh Describe before the rollback's Update is
// not necessary. The health check retries until its share of `timeout` runs out: that waiting is the user's
// setting, so it is reported as health-check backoff, apart from the action's own sleeps.

/** Ingress of examples/preview-rule.json, and the rule it adds for PR_NUMBER=1. */
export const PREVIEW_INGRESS_ID = 1024
export const PRODUCTION_INGRESS_ID = 87

/**
 * @typedef {'base' | 'applied' | 'preview' | 'previewWithRule'} SeedName
 * @typedef {{
 *   id: string, label: string, inputs: Record<string, string>, env?: Record<string, string>, seed: SeedName,
 *   propagationMs?: number, health?: boolean,
 *   necessary: { sae: number, health: number }, serviceMs?: (rttMs: number) => number,
 *   bare?: string, target?: import('./analysis.mjs').Target,
 *   expect: { exit: number, changed?: string, ingress?: SeedName },
 *   budget: Omit<import('./analysis.mjs').Budget, 'sleepMs'> & { sleepMs?: number | ((rttMs: number) => number) }
 * }} Mode
 */

/** One rule, through ${PR_NUMBER}: the file pr-preview.yml uses. */
const previewInputs = (/** @type {string} */ rulesMode) => ({ 'ingress-file': 'examples/preview-rule.json', 'rules-mode': rulesMode, 'allowed-ingress-ids': String(PREVIEW_INGRESS_ID) })

export const PROPAGATION_MS = 1000

/**
 * The settle of upsert and remove (src/engine/apply/settle.ts): the writers' 100 ms plus the write's round trip as
 * the run's clock measured it around UpdateIngress, counted from the acknowledgement. That round trip is the RTT plus
 * the emulator's time and the client's own around the call (signing, parsing: a few ms on a quiet machine), so the
 * budget is 100 ms + RTT + 50 ms of slack: a busy machine that keeps the process off a core around the call
 * stretches the round trip it measures, and so the settle (the sleep probe records the delay asked for).
 */
export const SETTLE_SLACK_MS = 50
export const settleBudget = (/** @type {number} */ rttMs) => 100 + rttMs + SETTLE_SLACK_MS

/**
 * The targets (wall time at 200 ms RTT): replace ≤ 1.15 × its floor; upsert and remove ≤ 1.4 × (they wait
 * for concurrent writers before confirming); `wait: false` also ≤ 1.10 × the bare pop-core script making the same
 * two calls (bench/bare-pop-core.mjs): what the action's own work (inputs, validation, plan, report) may add to the
 * least a user would write for them.
 */
const REPLACE = { floor: 1.15 }
const SETTLED = { floor: 1.4 }

/**
 * The quick mode's budgets. Connections and requests are issue 12's targets; the sleep budgets are the design's
 * (a number, or a function of the RTT).
 * @type {Mode[]}
 */
export const MODES = [
  {
    id: 'change',
    label: 'replace, change',
    inputs: { 'ingress-file': 'examples/ingress.json' },
    seed: 'base',
    necessary: { sae: 3, health: 0 },
    bare: 'D U D',
    target: REPLACE,
    expect: { exit: 0, changed: 'true', ingress: 'applied' },
    budget: { exit: 0, sae: 'D U D', saeConnections: 1, tlsHandshakes: 1, sleepMs: 0 }
  },
  {
    id: 'no-change',
    label: 'replace, no change',
    inputs: { 'ingress-file': 'examples/ingress.json' },
    seed: 'applied',
    necessary: { sae: 1, health: 0 },
    bare: 'D',
    target: REPLACE,
    expect: { exit: 0, changed: 'false', ingress: 'applied' },
    budget: { exit: 0, sae: 'D', saeConnections: 1, tlsHandshakes: 1, sleepMs: 0 }
  },
  {
    id: 'dry-run',
    label: 'replace, dry run',
    inputs: { 'ingress-file': 'examples/ingress.json', 'dry-run': 'true' },
    seed: 'base',
    necessary: { sae: 1, health: 0 },
    bare: 'D',
    target: REPLACE,
    expect: { exit: 0, changed: 'true', ingress: 'base' },
    budget: { exit: 0, sae: 'D', saeConnections: 1, tlsHandshakes: 1, sleepMs: 0 }
  },
  {
    id: 'no-wait',
    label: 'replace, wait: false',
    inputs: { 'ingress-file': 'examples/ingress.json', wait: 'false' },
    seed: 'base',
    necessary: { sae: 2, health: 0 },
    bare: 'D U',
    target: { ...REPLACE, bare: 1.1 },
    expect: { exit: 0, changed: 'true', ingress: 'applied' },
    budget: { exit: 0, sae: 'D U', saeConnections: 1, tlsHandshakes: 1, sleepMs: 0 }
  },
  {
    id: 'upsert',
    label: 'upsert one rule',
    inputs: previewInputs('upsert'),
    env: { PR_NUMBER: '1' },
    seed: 'preview',
    necessary: { sae: 3, health: 0 },
    bare: 'D U D',
    target: SETTLED,
    expect: { exit: 0, changed: 'true', ingress: 'previewWithRule' },
    // The confirming read waits for a concurrent writer's window: 100 ms + the write's round trip.
    budget: { exit: 0, sae: 'D U D', saeConnections: 1, tlsHandshakes: 1, sleepMs: settleBudget }
  },
  {
    id: 'remove',
    label: 'remove one rule',
    inputs: previewInputs('remove'),
    env: { PR_NUMBER: '1' },
    seed: 'previewWithRule',
    necessary: { sae: 3, health: 0 },
    bare: 'D U D',
    target: SETTLED,
    expect: { exit: 0, changed: 'true', ingress: 'preview' },
    // The confirming read waits for a concurrent writer's window: 100 ms + the write's round trip.
    budget: { exit: 0, sae: 'D U D', saeConnections: 1, tlsHandshakes: 1, sleepMs: settleBudget }
  },
  {
    id: 'health-rollback',
    label: 'failed health check, rollback',
    // timeout 5 s: the health check polls for 0.75 × 5 s at most; the rollback always has the last quarter.
    inputs: { 'ingress-file': 'examples/ingress.json', 'rollback-on-failure': 'true', timeout: '5' },
    seed: 'base',
    health: true,
    necessary: { sae: 5, health: 1 },
    expect: { exit: 1, changed: 'true', ingress: 'base' },
    // The rollback reads the live ingress again before it computes what to restore (another writer may have changed it).
    budget: { exit: 1, sae: 'D U D D U D', saeConnections: 1, tlsHandshakes: 1, healthConnections: 1, sleepMs: 0 }
  },
  {
    id: 'propagation',
    label: `replace, change, ${PROPAGATION_MS / 1000} s propagation`,
    inputs: { 'ingress-file': 'examples/ingress.json' },
    seed: 'base',
    propagationMs: PROPAGATION_MS,
    // The change becomes visible PROPAGATION_MS after the Update reaches the service; the confirming read's own
    // round trip overlaps that wait. Polls beyond the first confirming read are not counted as necessary.
    necessary: { sae: 3, health: 0 },
    serviceMs: rttMs => Math.max(0, PROPAGATION_MS - rttMs),
    expect: { exit: 0, changed: 'true', ingress: 'applied' },
    // Today: reads at 0, +500, +1000 ms after the write's answer (the third sees it). Budget: today's schedule.
    budget: { exit: 0, saeConnections: 1, tlsHandshakes: 1, sleepMs: 1500 }
  }
]

/** Ten runs at once, each upserting its own rule (PR_NUMBER 101…110) into the preview ingress. */
export const CONCURRENT_RUNS = 10
export const concurrentPrs = () => Array.from({ length: CONCURRENT_RUNS }, (_, i) => 101 + i)
export const previewDomain = (/** @type {number | string} */ pr) => `pr-${pr}.preview.example.com`
export const concurrentInputs = () => ({ ...previewInputs('upsert'), timeout: '120' })
