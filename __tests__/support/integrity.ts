// The suite-wide integrity invariant (issue 9): no end-to-end run changes or removes a live rule or setting that its
// plan did not name. Around each run of dist/index.js against an in-process emulator, the emulator's state is taken
// before and after, and every difference must be named by the run's plan (its `diff` output) or have been made by
// another writer the test scripted (setIngress). Runs that overlap on one emulator are judged together, against the
// union of their plans. Each judgement goes to a ledger that integrity-ledger-teardown.mjs checks once all suites
// have finished; finish() also returns the violations, for a test that wants to assert them directly.
import { appendFileSync } from 'node:fs'
import path from 'node:path'
import { emulatorAt, type Emulator, type LiveIngress } from '../../emulator/index.mjs'
import type { LiveRule } from '../../src/engine/sae/types.js'
import { runAction, type ActionRun, type RunOptions } from './run-action.js'

/** What one run planned: its `diff` output, for its `ingress-id` output. */
export interface PlannedRun {
  ingressId?: number
  diff: string
}

type State = ReadonlyMap<number, LiveIngress | undefined>

/** A change another writer made while runs were in flight: the ingress as that writer left it. */
export interface ExternalWrite {
  id: number
  state: LiveIngress | undefined
}

const SERVICE_DEFAULT_PROTOCOL = 'http'

/** A rule as far as routing goes: AppName is derived from the app, an absent protocol is http, a blank rewrite none. */
function canonicalRule(rule: LiveRule): Record<string, unknown> {
  const actions = Array.isArray(rule.RuleActions) && rule.RuleActions.length ? rule.RuleActions : undefined
  return {
    appId: rule.AppId,
    containerPort: Number(rule.ContainerPort),
    backendProtocol: String(rule.BackendProtocol ?? SERVICE_DEFAULT_PROTOCOL).toLowerCase(),
    rewritePath: rule.RewritePath || undefined,
    RuleActions: actions
  }
}

function canonicalSetting(key: string, value: unknown): string {
  if (key === 'DefaultRule' && value && typeof value === 'object') {
    const { AppName: _derived, BackendProtocol, ...rest } = value as Record<string, unknown>
    return JSON.stringify({ ...rest, BackendProtocol: String(BackendProtocol ?? SERVICE_DEFAULT_PROTOCOL).toLowerCase() })
  }
  return JSON.stringify(value ?? null)
}

function rulesByKey(live: LiveIngress | undefined): Map<string, Array<Record<string, unknown>>> {
  const byKey = new Map<string, Array<Record<string, unknown>>>()
  for (const rule of live?.Rules ?? []) {
    // As the diff output shows it: line breaks escaped (src/plan/render-diff.ts).
    const key = `${String(rule.Domain).toLowerCase()}${rule.Path}`.replace(/\r/g, '\\r').replace(/\n/g, '\\n')
    byKey.set(key, [...(byKey.get(key) ?? []), canonicalRule(rule)])
  }
  return byKey
}

const show = (value: unknown): string => (value === undefined ? 'none' : JSON.stringify(value))

/**
 * Every difference between what the state should be for everything no plan named (the state before the runs, with
 * the scripted writes of other writers applied in order) and the state after, that no plan names. Pure.
 */
export function unplannedChanges(before: State, external: readonly ExternalWrite[], after: State, plans: readonly PlannedRun[]): string[] {
  const expected = new Map(before)
  for (const write of external) expected.set(write.id, write.state)
  const violations: string[] = []
  for (const id of new Set([...expected.keys(), ...after.keys()])) {
    const lines = plans
      .filter(plan => plan.ingressId === undefined || plan.ingressId === id)
      .flatMap(plan => plan.diff.split('\n'))
    const wanted = expected.get(id)
    const got = after.get(id)
    if (wanted === undefined || got === undefined) {
      if (wanted !== got) violations.push(`ingress ${id} ${got ? 'appeared' : 'disappeared'}, which no plan can do`)
      continue
    }
    violations.push(...settingViolations(id, wanted, got, lines), ...ruleViolations(id, wanted, got, lines))
  }
  return violations
}

function settingViolations(id: number, wanted: LiveIngress, got: LiveIngress, lines: readonly string[]): string[] {
  const violations: string[] = []
  const record = (live: LiveIngress): Record<string, unknown> => live as unknown as Record<string, unknown>
  for (const key of new Set([...Object.keys(wanted), ...Object.keys(got)])) {
    if (key === 'Rules' || key === 'Id') continue
    const [was, is] = [record(wanted)[key], record(got)[key]]
    if (canonicalSetting(key, was) === canonicalSetting(key, is)) continue
    if (lines.some(line => line.startsWith(`~ ${key}: `))) continue
    violations.push(`ingress ${id}: setting ${key} changed (${show(was)} → ${show(is)}), but no plan named it`)
  }
  return violations
}

/** How a plan's `~ rule` line names each field (render-diff.ts). */
const FIELD_LABELS: Record<string, string> = {
  appId: 'appId ',
  containerPort: 'containerPort ',
  backendProtocol: 'backendProtocol ',
  rewritePath: 'rewritePath ',
  RuleActions: 'RuleActions '
}

function ruleViolations(id: number, wanted: LiveIngress, got: LiveIngress, lines: readonly string[]): string[] {
  const violations: string[] = []
  const [was, is] = [rulesByKey(wanted), rulesByKey(got)]
  for (const key of new Set([...was.keys(), ...is.keys()])) {
    const [before, after] = [was.get(key), is.get(key)]
    if (JSON.stringify(before) === JSON.stringify(after)) continue
    if (lines.some(line => line === `- rule ${key}` || line.startsWith(`+ rule ${key} → `))) continue
    const changedLines = lines.filter(line => line.startsWith(`~ rule ${key}: `))
    const what = `ingress ${id}: rule ${key}`
    if (!changedLines.length) {
      const how = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed'
      violations.push(`${what} ${how} (${show(before)} → ${show(after)}), but no plan named it`)
      continue
    }
    if (before?.length !== 1 || after?.length !== 1) {
      violations.push(`${what} was ${before === undefined ? 'added' : 'removed'}, but its plan only changes it`)
      continue
    }
    for (const field of Object.keys(FIELD_LABELS)) {
      const [from, to] = [before[0]![field], after[0]![field]]
      if (JSON.stringify(from) === JSON.stringify(to)) continue
      if (changedLines.some(line => line.includes(FIELD_LABELS[field]!))) continue
      violations.push(`${what}: ${field} changed (${show(from)} → ${show(to)}), but its plan did not name that field`)
    }
  }
  return violations
}

interface Session {
  before: Map<number, LiveIngress | undefined>
  external: ExternalWrite[]
  plans: PlannedRun[]
  runs: number
  active: number
}

const sessions = new WeakMap<Emulator, Session>()
const wrapped = new WeakSet<Emulator>()
/** Relays in front of an emulator (support/e2e.ts startRelay): runs may name the relay's URL as their endpoint. */
const aliases = new Map<string, string>()
const watchedOptions = new WeakSet<RunOptions>()

export function aliasEndpoint(url: string, target: string): void {
  aliases.set(url.replace(/\/+$/, ''), target.replace(/\/+$/, ''))
}

function emulatorFor(endpoint: string | undefined): Emulator | undefined {
  if (!endpoint) return undefined
  const url = endpoint.replace(/\/+$/, '')
  return emulatorAt(aliases.get(url) ?? url)
}

function snapshot(emulator: Emulator): Map<number, LiveIngress | undefined> {
  return new Map(emulator.ingressIds().map(id => [id, emulator.getIngress(id)]))
}

/** Scripted writes made while runs are in flight are another writer's: they are what unnamed keys may become. */
function recordExternalWrites(emulator: Emulator): void {
  if (wrapped.has(emulator)) return
  wrapped.add(emulator)
  const setIngress = emulator.setIngress.bind(emulator)
  emulator.setIngress = live => {
    setIngress(live)
    sessions.get(emulator)?.external.push({ id: live.Id, state: emulator.getIngress(live.Id) })
  }
}

export interface RunWatch {
  /** Ends the watch of this run; when it was the last run in flight on its emulator, judges them all. */
  finish(run: ActionRun): string[]
}

/**
 * Starts watching a run that is about to start; undefined when its endpoint is no emulator of this process (or the
 * run is already watched). For runAction: `const watch = watchRun(options)` before spawning, `watch?.finish(run)`.
 */
export function watchRun(options: RunOptions): RunWatch | undefined {
  const emulator = emulatorFor(options.inputs.endpoint)
  if (!emulator || watchedOptions.has(options)) return undefined
  watchedOptions.add(options)
  recordExternalWrites(emulator)
  let session = sessions.get(emulator)
  if (!session) {
    session = { before: snapshot(emulator), external: [], plans: [], runs: 0, active: 0 }
    sessions.set(emulator, session)
  }
  session.active++
  session.runs++
  const current = session
  return {
    finish(run) {
      const id = Number(run.outputs['ingress-id'])
      current.plans.push({ ingressId: Number.isSafeInteger(id) ? id : undefined, diff: run.outputs.diff ?? '' })
      if (--current.active > 0) return []
      sessions.delete(emulator)
      const violations = unplannedChanges(current.before, current.external, snapshot(emulator), current.plans)
      recordInLedger(current.runs, violations)
      return violations
    }
  }
}

/** runAction, watched (a no-op wrapper once runAction watches every run itself). */
export async function runChecked(options: RunOptions): Promise<ActionRun> {
  const watch = watchRun(options)
  const run = await runAction(options)
  watch?.finish(run)
  return run
}

function recordInLedger(runs: number, violations: string[]): void {
  const dir = process.env.SAE_INTEGRITY_LEDGER
  const state = (globalThis as { expect?: { getState?: () => { currentTestName?: string; testPath?: string } } }).expect?.getState?.()
  const where = `${path.basename(state?.testPath ?? 'unknown')} › ${state?.currentTestName ?? 'unknown'}`
  if (dir) appendFileSync(path.join(dir, `integrity-${process.pid}.jsonl`), JSON.stringify({ where, runs, violations }) + '\n')
  else if (violations.length) console.error(`Integrity violations in ${where} (no ledger to record them):\n${violations.join('\n')}`)
}
