// End to end: a file or input the action must refuse is refused with a located annotation, and nothing is sent.
import { mkdtemp, realpath, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Emulator } from '../emulator/index.mjs'
import {
  envKeys,
  expectCleanFailure,
  failureAnnotation,
  ingressFile,
  INGRESS_ID,
  json,
  KEYS,
  startE2eEmulator,
  WEB_APP
} from './support/e2e.js'
import { runAction, type ActionRun, type Annotation } from './support/run-action.js'

let emulator: Emulator

beforeEach(async () => {
  emulator = await startE2eEmulator()
})

afterEach(async () => {
  // Every case here must be refused before the first API call, with working credentials and endpoint at hand.
  expect(emulator.requests).toEqual([])
  await emulator.close()
})

const FILE = 'sae/ingress.json'

function deploy(text: string, extra: { inputs?: Record<string, string>; env?: Record<string, string> } = {}) {
  return runAction({
    inputs: { 'ingress-file': FILE, endpoint: emulator.url, 'region-id': 'cn-hangzhou', timeout: '20', ...extra.inputs },
    files: { [FILE]: text },
    env: { ...envKeys(), ...extra.env }
  })
}

/** The located annotations of the file (setFailed's own, without a file, is checked separately). */
const located = (run: ActionRun): Annotation[] => run.annotations.filter(a => a.level === 'error' && a.file !== undefined)

/** A file that fails validation: exit 1, located annotations, the failure naming the file and "nothing was sent". */
function expectInvalid(run: ActionRun, problems: number): Annotation[] {
  expectCleanFailure(run)
  const annotations = located(run)
  expect(annotations).toHaveLength(problems)
  for (const annotation of annotations) expect(annotation.file).toBe(FILE)
  expect(failureAnnotation(run)).toMatch(new RegExp(`^sae/ingress\\.json is not a valid ingress file \\(${problems} problems?; nothing was sent\\)`))
  expect(run.summary).toContain('### ❌ Ingress deployment failed')
  expect(run.summary).toContain('| Line | Column | Problem |')
  expect(run.outputs).not.toHaveProperty('request-id')
  return annotations
}

const RULE = `{ "appId": "${WEB_APP}", "containerPort": 8080, "domain": "www.example.com", "path": "/" }`

describe('the ingress file is refused, located, before any request', () => {
  test('malformed JSON: at the line and column of the syntax error', async () => {
    const text = [
      '{', //                                              1
      '  "IngressId": 87,', //                             2
      '  "Rules": [', //                                   3
      `    ${RULE}`, //                                    4
      '  ]', //                                            5
      '  "RequestTimeout": 60', //                         6  (missing comma before it)
      '}'
    ].join('\n')

    const [annotation] = expectInvalid(await deploy(text), 1)

    expect(annotation).toMatchObject({ line: 6, col: 3 })
    expect(annotation!.message).toBe('invalid JSON: unexpected a string; expected "," or "}" (is a comma missing?)')
  })

  test('malformed JSON: an unterminated string, at the string', async () => {
    const text = ['{', '  "IngressId": 87,', '  "Description": "web-prod,', '  "RequestTimeout": 60', '}'].join('\n')

    const [annotation] = expectInvalid(await deploy(text), 1)

    expect(annotation).toMatchObject({ line: 3, col: 18 })
    expect(annotation!.message).toBe('invalid JSON: unterminated string; a string cannot span lines (write \\n for a newline)')
  })

  test('unknown key: at the key, with the closest valid name suggested', async () => {
    const text = ['{', '  "IngressId": 87,', '  "RequestTimout": 60', '}'].join('\n')

    const [annotation] = expectInvalid(await deploy(text), 1)

    expect(annotation).toMatchObject({ line: 3, col: 3 })
    expect(annotation!.message).toBe('unknown key "RequestTimout" at the top level — did you mean "RequestTimeout"?')
  })

  test('wrong type: at the value', async () => {
    const text = ['{', '  "IngressId": 87,', '  "EnableGzip": "yes"', '}'].join('\n')

    const [annotation] = expectInvalid(await deploy(text), 1)

    expect(annotation).toMatchObject({ line: 3, col: 17 })
    expect(annotation!.message).toBe('EnableGzip must be true or false (found "yes")')
  })

  test('out-of-range ports and timeouts: each at its value, all reported at once', async () => {
    const text = [
      '{',
      '  "IngressId": 87,',
      '  "ListenerPort": 70000,', //                                                     3:19
      '  "RequestTimeout": 181,', //                                                     4:21
      '  "IdleTimeout": -1,', //                                                         5:18
      '  "Rules": [',
      `    { "appId": "${WEB_APP}", "containerPort": 0, "domain": "a.example.com", "path": "/" }`,
      '  ]',
      '}'
    ].join('\n')
    const portColumn = `    { "appId": "${WEB_APP}", "containerPort": `.length + 1

    const annotations = expectInvalid(await deploy(text), 4)

    expect(annotations.map(a => [a.line, a.col])).toEqual([
      [3, 19],
      [4, 21],
      [5, 18],
      [7, portColumn]
    ])
    expect(annotations[0]!.message).toMatch(/ListenerPort must be an integer from 1 to 65535.*70000/)
    expect(annotations[1]!.message).toMatch(/RequestTimeout must be an integer from 1 to 180.*181/)
    expect(annotations[2]!.message).toMatch(/IdleTimeout must be an integer from 0 to 60.*-1/)
    expect(annotations[3]!.message).toMatch(/containerPort must be an integer from 1 to 65535.*0/)
  })

  test('a domain and path pair repeated: at the second rule, naming the first', async () => {
    const text = [
      '{',
      '  "IngressId": 87,',
      '  "Rules": [',
      `    { "appId": "${WEB_APP}", "containerPort": 8080, "domain": "api.example.com", "path": "/v1" },`,
      `    { "appId": "${WEB_APP}", "containerPort": 9090, "domain": "API.example.com", "path": "/v1" }`,
      '  ]',
      '}'
    ].join('\n')

    const [annotation] = expectInvalid(await deploy(text), 1)

    expect(annotation).toMatchObject({ line: 5, col: 5 })
    expect(annotation!.message).toMatch(/repeats domain "API\.example\.com" and path "\/v1"/)
  })

  test('more than 40 rules: at Rules, with the count', async () => {
    const rules = Array.from({ length: 41 }, (_, i) => ({ appId: WEB_APP, containerPort: 8080, domain: `r${i}.example.com`, path: '/' }))
    const text = json({ IngressId: INGRESS_ID, Rules: rules })

    const [annotation] = expectInvalid(await deploy(text), 1)

    expect(annotation).toMatchObject({ line: 3, col: 12 })
    expect(annotation!.message).toBe('Rules has 41 rules; UpdateIngress accepts at most 40 (it would fail with Exceed.IngressRule)')
  })

  test('HTTPS without a certificate: at ListenerProtocol', async () => {
    const text = ['{', '  "IngressId": 87,', '  "ListenerPort": 443,', '  "ListenerProtocol": "HTTPS"', '}'].join('\n')

    const [annotation] = expectInvalid(await deploy(text), 1)

    expect(annotation).toMatchObject({ line: 4, col: 23 })
    expect(annotation!.message).toBe('ListenerProtocol HTTPS needs a certificate: set CertId (CLB) or CertIds (ALB)')
  })

  test('a bad CertIds entry: at that entry', async () => {
    const text = [
      '{',
      '  "IngressId": 87,',
      '  "ListenerProtocol": "HTTPS",',
      '  "CertIds": [',
      '    "756123-cn-hangzhou",',
      '    "756124 cn-hangzhou"',
      '  ]',
      '}'
    ].join('\n')

    const [annotation] = expectInvalid(await deploy(text), 1)

    expect(annotation).toMatchObject({ line: 6, col: 5 })
    expect(annotation!.message).toMatch(/must look like <certId>-<regionId>.*"756124 cn-hangzhou"/)
  })

  test('placeholders with no value: one annotation per occurrence, each listing every missing name', async () => {
    const text = [
      '{',
      '  "IngressId": 87,',
      '  "Description": "preview-${PR_NUMBER}",',
      '  "Rules": [',
      `    { "appId": "${WEB_APP}", "containerPort": 8080, "domain": "\${PREVIEW_HOST}", "path": "/" }`,
      '  ]',
      '}'
    ].join('\n')

    const annotations = expectInvalid(await deploy(text, { env: { GITHUB_SHA: 'abc' } }), 2)

    expect(annotations.map(a => [a.line, a.col])).toEqual([
      [3, 18],
      [5, `    { "appId": "${WEB_APP}", "containerPort": 8080, "domain": `.length + 1]
    ])
    expect(annotations[0]!.message).toContain('placeholder ${PR_NUMBER} has no value; PR_NUMBER, PREVIEW_HOST are not set in the environment')
    expect(annotations[1]!.message).toContain('placeholder ${PREVIEW_HOST} has no value; PR_NUMBER, PREVIEW_HOST are not set in the environment')
  })

  test('credentials never fill a placeholder, even when set in the environment', async () => {
    const text = ['{', '  "IngressId": 87,', '  "Description": "${ALIBABA_CLOUD_ACCESS_KEY_SECRET}"', '}'].join('\n')

    const [annotation] = expectInvalid(await deploy(text), 1)

    expect(annotation).toMatchObject({ line: 3, col: 18 })
    expect(annotation!.message).toContain('placeholder ${ALIBABA_CLOUD_ACCESS_KEY_SECRET} is refused: ALIBABA_CLOUD_ACCESS_KEY_SECRET looks like a credential')
  })
})

describe('a hostile file costs little: refused with a bounded log and summary, however large', () => {
  /** Everything a person reads of the run: the log and the job summary. */
  const written = (run: ActionRun) => run.stdout.length + run.summary.length

  test.each([
    ['a million rules', `{"IngressId": ${INGRESS_ID}, "Rules": [${Array(1_000_000).fill('{}').join(',')}]}`, 'Rules has more than 1000 items'],
    ['a hundred thousand unknown keys', `{"IngressId": ${INGRESS_ID}, ${Array.from({ length: 100_000 }, (_, n) => `"unknownKey${n}": 1`).join(', ')}}`, 'the top level has more than 1000 keys']
  ])('%s: one problem, where the file outgrows any ingress file', async (_what, text, problem) => {
    expect(text.length).toBeGreaterThan(1_000_000)
    const run = await deploy(text)
    const [annotation] = expectInvalid(run, 1)
    expect(annotation!.message).toContain(problem)
    expect(written(run)).toBeLessThan(4096)
  })

  test('999 empty rules, 3,997 problems: 50 annotations, 50 rows in the summary, and the count of the rest', async () => {
    const run = await deploy(`{"IngressId": ${INGRESS_ID}, "Rules": [${Array(999).fill('{}').join(',')}]}`)
    expectCleanFailure(run)
    expect(located(run)).toHaveLength(50)
    expect(failureAnnotation(run)).toMatch(/^sae\/ingress\.json is not a valid ingress file \(3997 problems; nothing was sent\)/)
    expect(run.stdout).toContain('3947 more problem(s) in sae/ingress.json not shown as annotations')
    expect(run.summary.match(/^\| \d+ \| \d+ \|/gm)).toHaveLength(50)
    expect(run.summary).toContain('… and 3,947 more problems.')
    expect(written(run)).toBeLessThan(24_000)
  })
})

describe('which file and which ingress are refused before any request', () => {
  test('a file that does not exist', async () => {
    const run = await runAction({
      inputs: { 'ingress-file': 'sae/missing.json', endpoint: emulator.url, 'region-id': 'cn-hangzhou' },
      files: { [FILE]: json(ingressFile()) },
      env: envKeys()
    })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(/^ingress-file sae\/missing\.json was not found in the workspace .*Did the job run actions\/checkout\?$/)
    expect(located(run)).toEqual([])
  })

  test('a symlink in the workspace that points outside it', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'sae-outside-'))
    await writeFile(path.join(outside, 'ingress.json'), json(ingressFile()))

    const run = await runAction({
      inputs: { 'ingress-file': FILE, endpoint: emulator.url, 'region-id': 'cn-hangzhou' },
      symlinks: { [FILE]: path.join(outside, 'ingress.json') },
      env: envKeys()
    })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toMatch(/^ingress-file sae\/ingress\.json resolves to .*sae-outside-.*\/ingress\.json, outside the workspace .*; refusing to read it\.$/)
  })

  test('a path that climbs out of the workspace', async () => {
    // The workspace is a sibling of this directory under the temp dir.
    const outside = await realpath(await mkdtemp(path.join(tmpdir(), 'sae-outside-')))
    await writeFile(path.join(outside, 'ingress.json'), json(ingressFile()))
    const climb = `../${path.basename(outside)}/ingress.json`

    const run = await deploy(json(ingressFile()), { inputs: { 'ingress-file': climb } })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toBe(
      `ingress-file ${climb} resolves to ${outside}/ingress.json, outside the workspace ${await realpath(run.workspace)}; refusing to read it.`
    )
  })

  test('no IngressId in the file and no ingress-id input', async () => {
    const { IngressId: _omitted, ...file } = ingressFile()

    const run = await deploy(json(file))

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toBe('No ingress to update: set IngressId in the file, the ingress-id input, or namespace-id and ingress-name.')
  })

  test('an ingress not in allowed-ingress-ids', async () => {
    const run = await deploy(json(ingressFile()), { inputs: { 'allowed-ingress-ids': '88,\n 89' } })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toBe('Ingress 87 is not in allowed-ingress-ids (88, 89); refusing to touch it.')
  })

  test('an ingress-id input not in allowed-ingress-ids, whatever the file says', async () => {
    const run = await deploy(json(ingressFile()), { inputs: { 'ingress-id': '90', 'allowed-ingress-ids': '87' } })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toBe('Ingress 90 is not in allowed-ingress-ids (87); refusing to touch it.')
  })
})

describe('bad inputs are refused before any request', () => {
  test.each([
    ['timeout', 'abc', 'Input timeout must be a whole number from 1 to 21600, got "abc".'],
    ['timeout', '0', 'Input timeout must be a whole number from 1 to 21600, got "0".'],
    ['rules-mode', 'merge', 'Input rules-mode must be one of replace, upsert, remove, prune, got "merge".'],
    ['dry-run', 'maybe', 'Input dry-run must be true or false, got "maybe".'],
    ['ingress-id', 'ing-87', 'Input ingress-id must be a whole number from 1 to 9007199254740991, got "ing-87".'],
    ['region-id', 'CN_HANGZHOU', 'Input region-id must look like cn-hangzhou, got "CN_HANGZHOU".'],
    ['endpoint', 'sae.cn-hangzhou.aliyuncs.com', 'Input endpoint is not a URL: "sae.cn-hangzhou.aliyuncs.com".']
  ])('%s: %j', async (name, value, message) => {
    const run = await deploy(json(ingressFile()), { inputs: { [name]: value } })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toBe(message)
  })

  test('an access key id without its secret', async () => {
    const run = await deploy(json(ingressFile()), { inputs: { 'access-key-id': KEYS.accessKeyId } })

    expectCleanFailure(run)
    expect(failureAnnotation(run)).toBe('Credentials are incomplete: set both access-key-id and access-key-secret.')
  })
})
