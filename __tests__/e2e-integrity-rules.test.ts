// End to end (issue 9.2–9.4): a deploy changes exactly what the file says. A rule in the file is the whole rule
// (what it leaves out goes back to the default, and the plan says so before it happens); other teams' rules are
// re-sent exactly as live; RuleActions are never dropped silently; upsert and remove touch rules only; a retried
// write merges into a fresh read.
import { rewriteAction, startEmulator, type Emulator, type LiveIngress } from '../emulator/index.mjs'
import { runChecked } from './support/integrity.js'
import {
  APP_LEGACY,
  APP_PREVIEW,
  APP_WEB,
  CREDENTIALS_ENV,
  INGRESS_ID,
  actionsOf,
  emulatorInputs,
  json,
  rulesExcept,
  seedIngress,
  updatesOf
} from './support/e2e-fixtures.js'

let emu: Emulator
afterEach(() => emu?.close())

async function start(seed: LiveIngress = seedIngress(), options: { rewriteActions?: boolean } = {}): Promise<void> {
  emu = await startEmulator({ ingresses: [seed], ...options })
}

function run(file: unknown, inputs: Record<string, string> = {}) {
  return runChecked({ inputs: emulatorInputs(emu, inputs), files: { 'ingress.json': json(file) }, env: CREDENTIALS_ENV })
}

const live = () => emu.getIngress(INGRESS_ID)!
const sentRules = (): Array<Record<string, unknown>> => JSON.parse(updatesOf(emu).at(-1)?.params['Rules'] ?? '[]')
const errors = (r: Awaited<ReturnType<typeof run>>) => r.annotations.filter(a => a.level === 'error')
const preview = { appId: APP_PREVIEW, containerPort: 8080, domain: 'pr-42.preview.example.com', path: '/' }
/** old.example.com as the file of the team that owns it states it now: no https, no rewrite any more. */
const oldRuleWithoutExtras = { appId: APP_LEGACY, containerPort: 8443, domain: 'old.example.com', path: '/' }
const redirect = { ActionType: 'redirect', ActionConfig: '{"host":"www.example.com","path":"/","query":""}' }

describe('a rule in the file is the whole rule', () => {
  test('a live https and rewrite the file does not state: shown in a dry run as back to the default, then sent', async () => {
    await start()
    const file = { IngressId: INGRESS_ID, Rules: [oldRuleWithoutExtras] }
    const dry = await run(file, { 'rules-mode': 'upsert', 'dry-run': 'true' })
    expect(dry.code).toBe(0)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
    expect(dry.outputs.changed).toBe('true')
    expect(dry.outputs.diff).toBe(
      '~ rule old.example.com/: backendProtocol https → http (not in the file: back to the default), ' +
        'rewritePath /v2 → unset (not in the file: back to the default)'
    )
    expect(dry.summary).toContain('(not in the file: back to the default)')

    const applied = await run(file, { 'rules-mode': 'upsert' })
    expect(applied.code).toBe(0)
    expect(sentRules().find(rule => rule.domain === 'old.example.com')).toEqual(oldRuleWithoutExtras)
    const old = live().Rules?.find(rule => rule.Domain === 'old.example.com')
    expect(old).toMatchObject({ BackendProtocol: 'http', AppName: 'legacy-team-b' })
    expect(old?.RewritePath).toBeUndefined()
  })

  test('stating the live values keeps them: no change, no write', async () => {
    await start()
    const file = { IngressId: INGRESS_ID, Rules: [{ ...oldRuleWithoutExtras, backendProtocol: 'https', rewritePath: '/v2' }] }
    const r = await run(file, { 'rules-mode': 'upsert' })
    expect(r.code).toBe(0)
    expect(r.outputs.diff).toBe('no changes')
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
  })

  test('upsert re-sends the other teams\' rules exactly as live, with only documented fields (no AppName)', async () => {
    await start()
    const before = live()
    const r = await run({ IngressId: INGRESS_ID, Rules: [preview] }, { 'rules-mode': 'upsert' })
    expect(r.code).toBe(0)
    expect(sentRules()).toEqual([
      { appId: APP_WEB, containerPort: 8080, domain: 'www.example.com', path: '/', backendProtocol: 'http' },
      { appId: APP_LEGACY, containerPort: 8443, domain: 'old.example.com', path: '/', backendProtocol: 'https', rewritePath: '/v2' },
      expect.objectContaining({ domain: 'pay.example.com', backendProtocol: 'grpc' }),
      preview
    ])
    expect(JSON.stringify(sentRules())).not.toMatch(/appName/i)
    expect(rulesExcept(live(), 'pr-42.preview.example.com')).toBe(rulesExcept(before))
  })

  test('an appName the file sets is sent; it is never a difference on its own', async () => {
    await start()
    const named = await run({ IngressId: INGRESS_ID, Rules: [{ ...preview, appName: 'preview-42' }] }, { 'rules-mode': 'upsert' })
    expect(named.code).toBe(0)
    expect(sentRules().at(-1)).toEqual({ ...preview, appName: 'preview-42' })
    const renamed = await run({ IngressId: INGRESS_ID, Rules: [{ ...preview, appName: 'another-name' }] }, { 'rules-mode': 'upsert' })
    expect(renamed.outputs.diff).toBe('no changes')
    expect(updatesOf(emu)).toHaveLength(1)
  })
})

describe('the request carries what the file says', () => {
  test('replace: the Rules sent are the file\'s rules as it writes them, unchanged ones included (no defaults added)', async () => {
    await start()
    const www = { appId: APP_WEB, containerPort: 8080, domain: 'www.example.com', path: '/' }
    const rules = [www, { appId: APP_LEGACY, containerPort: 8443, domain: 'old.example.com', path: '/', backendProtocol: 'https', rewritePath: '/v2' }, preview]
    const r = await run({ IngressId: INGRESS_ID, Rules: rules })
    expect(r.code).toBe(0)
    // www.example.com is live as it stands (with BackendProtocol http, AppName web): unchanged, and sent as written.
    expect(r.outputs.diff).not.toMatch(/www\.example\.com/)
    expect(updatesOf(emu).at(-1)?.params['Rules']).toBe(JSON.stringify(rules))
  })
})

describe('RuleActions are never dropped silently', () => {
  const seedWithActions = (): LiveIngress => {
    const seed = seedIngress()
    seed.Rules![1] = { ...seed.Rules![1]!, RuleActions: [redirect] }
    return seed
  }

  test('a write that would re-send a rule with RuleActions is refused before any write, naming it and the way out', async () => {
    await start(seedWithActions())
    const before = live()
    const r = await run({ IngressId: INGRESS_ID, Rules: [preview] }, { 'rules-mode': 'upsert' })
    expect(r.code).toBe(1)
    const message = errors(r).map(a => a.message).join('\n')
    expect(message).toMatch(/old\.example\.com\/ \(redirect\)/)
    expect(message).toMatch(/Set drop-rule-actions: true \(--drop-rule-actions in the CLI\) to accept dropping them/)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
    expect(live()).toEqual(before)
  })

  test('a dry run shows the refusal too, before anyone relies on the write', async () => {
    await start(seedWithActions())
    const r = await run({ IngressId: INGRESS_ID, Rules: [preview] }, { 'rules-mode': 'upsert', 'dry-run': 'true' })
    expect(r.outputs.diff).toMatch(/^! RuleActions would be lost: .*old\.example\.com\/ \(redirect\)/m)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
  })

  test('with drop-rule-actions: true the write goes ahead, the plan names the drop, and nothing else of the rule changes', async () => {
    await start(seedWithActions())
    const before = live().Rules![1]!
    const r = await run({ IngressId: INGRESS_ID, Rules: [preview] }, { 'rules-mode': 'upsert', 'drop-rule-actions': 'true' })
    expect(r.code).toBe(0)
    expect(r.outputs.diff?.split('\n')).toContain('~ rule old.example.com/: RuleActions redirect → dropped (drop-rule-actions)')
    const { RuleActions: _dropped, ...rest } = before
    expect(live().Rules?.find(rule => rule.Domain === 'old.example.com')).toEqual(rest)
  })

  test('removing the rule that has RuleActions is what the file asks: allowed', async () => {
    await start(seedWithActions())
    const r = await run({ IngressId: INGRESS_ID, Rules: [oldRuleWithoutExtras] }, { 'rules-mode': 'remove' })
    expect(r.code).toBe(0)
    expect(live().Rules?.map(rule => rule.Domain)).toEqual(['www.example.com', 'pay.example.com'])
  })
})

describe('a rewrite that a rule\'s own rewritePath makes is no RuleAction to lose', () => {
  // The service may show a rewritePath as a rewrite RuleAction too (reference notes 9); this emulator does.
  const seedWithMadeRewrite = (...others: Array<{ ActionType: string; ActionConfig?: string }>): LiveIngress => {
    const seed = seedIngress()
    seed.Rules![1] = { ...seed.Rules![1]!, RuleActions: [rewriteAction('/v2'), ...others] }
    return seed
  }

  test('an upsert next to it writes; the rule keeps its rewritePath and its action; the plan and summary say so', async () => {
    await start(seedWithMadeRewrite(), { rewriteActions: true })
    const before = live().Rules![1]!
    const r = await run({ IngressId: INGRESS_ID, Rules: [preview] }, { 'rules-mode': 'upsert' })
    expect(r.code).toBe(0)
    expect(r.outputs.diff?.split('\n')).toEqual([
      '+ rule pr-42.preview.example.com/ → 2f9c61aa-1c3e-4b5e-9d7f-0a1b2c3d4e5f:8080',
      '= rule old.example.com/: RuleActions rewrite made again by its rewritePath /v2'
    ])
    expect(r.summary).toContain('- rule old.example.com/: rewrite (made again by its rewritePath)')
    expect(sentRules().find(rule => rule.domain === 'old.example.com')).toMatchObject({ rewritePath: '/v2' })
    expect(live().Rules?.find(rule => rule.Domain === 'old.example.com')).toEqual(before)
  })

  test('a redirect beside it still refuses the write, naming only the redirect', async () => {
    await start(seedWithMadeRewrite(redirect), { rewriteActions: true })
    const r = await run({ IngressId: INGRESS_ID, Rules: [preview] }, { 'rules-mode': 'upsert' })
    expect(r.code).toBe(1)
    expect(errors(r).map(a => a.message).join('\n')).toMatch(/old\.example\.com\/ \(redirect\)/)
    expect(r.summary).toContain('- rule old.example.com/: rewrite (made again by its rewritePath), redirect (would be lost: nothing was sent)')
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
  })
})

describe('upsert and remove touch rules only', () => {
  test.each(['upsert', 'remove'])('%s with an ingress-wide setting in the file: a located error, no request at all', async mode => {
    await start()
    const r = await run({ IngressId: INGRESS_ID, RequestTimeout: 5, Rules: [preview] }, { 'rules-mode': mode })
    expect(r.code).toBe(1)
    expect(errors(r)).toContainEqual(
      expect.objectContaining({ file: 'ingress.json', line: 3, message: expect.stringMatching(`^RequestTimeout cannot be set with rules-mode ${mode}: .*belong to a replace run`) })
    )
    expect(emu.requests).toHaveLength(0)
  })

  test('upsert past 40 rules after merging is refused before UpdateIngress, naming the limit', async () => {
    const seed = seedIngress()
    seed.Rules = Array.from({ length: 40 }, (_, i) => ({ AppId: APP_WEB, ContainerPort: 8080, Domain: `t${i}.example.com`, Path: '/' }))
    await start(seed)
    const r = await run({ IngressId: INGRESS_ID, Rules: [preview] }, { 'rules-mode': 'upsert' })
    expect(r.code).toBe(1)
    expect(errors(r).map(a => a.message).join('\n')).toMatch(/Exceed\.IngressRule: the ingress would hold 41 rules, SAE allows at most 40/)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
  })

  test('removing a rule that is not live writes nothing, says so in a notice, and exits 0', async () => {
    await start()
    const r = await run({ IngressId: INGRESS_ID, Rules: [preview] }, { 'rules-mode': 'remove' })
    expect(r.code).toBe(0)
    expect(actionsOf(emu)).toEqual(['DescribeIngress'])
    expect(r.annotations).toContainEqual(
      expect.objectContaining({ level: 'notice', message: `Rule pr-42.preview.example.com/ is not on ingress ${INGRESS_ID}: nothing to remove.` })
    )
    expect(r.outputs.changed).toBe('false')
  })
})

describe('a retried write is never a stale merge', () => {
  test.each(['upsert', 'remove'])('%s: a rule another writer added while an attempt failed survives the retry', async mode => {
    const seed = seedIngress()
    if (mode === 'remove') seed.Rules!.push({ AppId: APP_PREVIEW, ContainerPort: 8080, Domain: preview.domain, Path: '/' })
    await start(seed)
    const theirs = { AppId: APP_WEB, ContainerPort: 8080, Domain: 'team-c.example.com', Path: '/' }
    emu.inject({
      kind: 'unavailable',
      action: 'UpdateIngress',
      onApply: () => emu.setIngress({ ...live(), Rules: [...live().Rules!, theirs] })
    })
    const r = await run({ IngressId: INGRESS_ID, Rules: [preview] }, { 'rules-mode': mode })
    expect(r.code).toBe(0)
    expect(actionsOf(emu).slice(0, 4)).toEqual(['DescribeIngress', 'UpdateIngress', 'DescribeIngress', 'UpdateIngress'])
    expect(r.stdout).toMatch(/UpdateIngress: ServiceUnavailable on attempt 1; reading the ingress again and merging/)
    const domains = live().Rules!.map(rule => rule.Domain)
    expect(domains).toContain('team-c.example.com')
    expect(domains.includes(preview.domain)).toBe(mode === 'upsert')
    expect(domains).toEqual(expect.arrayContaining(['www.example.com', 'old.example.com', 'pay.example.com']))
  })
})
