import { loadIngressFile } from '../src/engine/ingress/load.js'
import { missingPlaceholderMessage, substitutePlaceholders, substituteText } from '../src/engine/ingress/placeholders.js'

const file = (...lines: string[]): string => lines.join('\n')

describe('substituteText', () => {
  test.each([
    ['a placeholder inside a value', 'pr-${PR_NUMBER}.preview.example.com', 'pr-42.preview.example.com'],
    ['several placeholders', '${APP}-${PR_NUMBER}', 'web-42'],
    ['an empty value, which is set', 'x${EMPTY}y', 'xy'],
    ['$${ as a literal ${', 'cost: $${PR_NUMBER}', 'cost: ${PR_NUMBER}'],
    ['$$ not followed by {', 'a$$b', 'a$$b'],
    ['a value containing ${...}, which is not expanded again', '${NESTED}', '${APP}'],
    ['an ALB back-reference, which is not a name', '/${1}/x', '/${1}/x'],
    ['an unclosed ${', 'a${APP', 'a${APP'],
    ['a name with spaces', '${ APP }', '${ APP }']
  ])('replaces %s', async (_name, text, expected) => {
    const env = { PR_NUMBER: '42', APP: 'web', EMPTY: '', NESTED: '${APP}' }
    expect(substituteText(text, env)).toEqual({ text: expected, missing: [] })
  })

  test('lists every missing name and keeps their placeholders', async () => {
    expect(substituteText('${A}-${B}-${A}-${SET}', { SET: 's' })).toEqual({ text: '${A}-${B}-${A}-s', missing: ['A', 'B', 'A'] })
  })

  test('never reads names from Object.prototype', async () => {
    expect(substituteText('${constructor}${toString}', {}).missing).toEqual(['constructor', 'toString'])
  })
})

describe('substitutePlaceholders', () => {
  test('replaces string values only, never keys, and leaves the input untouched', async () => {
    const document = { '${KEY}': '${V}', list: ['${V}', 1, true, null], nested: { deep: 'x${V}' } }
    const result = substitutePlaceholders(document, { KEY: 'k', V: 'v' })
    expect(result).toEqual({ value: { '${KEY}': 'v', list: ['v', 1, true, null], nested: { deep: 'xv' } }, missing: [] })
    expect(document.nested.deep).toBe('x${V}')
  })

  test('reports each missing name of each string with the pointer of its string, once per string', async () => {
    const result = substitutePlaceholders({ a: ['${X}'], b: '${Y} ${X} ${Y}' }, {})
    expect(result.missing).toEqual([
      { pointer: '/a/0', name: 'X' },
      { pointer: '/b', name: 'Y' },
      { pointer: '/b', name: 'X' }
    ])
  })
})

describe('placeholders in loadIngressFile', () => {
  const text = file(
    '{',
    '  "Description": "preview of #${PR_NUMBER}",',
    '  "ListenerPort": "${PORT}",',
    '  "Rules": [',
    '    { "appId": "${APP_ID}", "containerPort": 8080, "domain": "pr-${PR_NUMBER}.preview.example.com", "path": "/" }',
    '  ]',
    '}'
  )

  test('are replaced before validation (a port from the environment is a numeric string)', async () => {
    const result = await loadIngressFile(text, { PR_NUMBER: '42', PORT: '8443', APP_ID: 'app-1' })
    expect(result.ok && result.ingress).toEqual({
      Description: 'preview of #42',
      ListenerPort: '8443',
      Rules: [{ appId: 'app-1', containerPort: 8080, domain: 'pr-42.preview.example.com', path: '/' }]
    })
  })

  test('are validated after replacement', async () => {
    const result = await loadIngressFile(text, { PR_NUMBER: '42', PORT: 'https', APP_ID: 'app-1' })
    expect(!result.ok && result.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [3, 19, 'ListenerPort must be an integer from 1 to 65535, as a number or a numeric string (found "https")']
    ])
  })

  test('that are not set are one problem per occurrence, each naming every missing variable', async () => {
    const result = await loadIngressFile(text, { PORT: '8443' })
    const tail = 'not set in the environment (set them in the step\'s env, or write $${ for a literal ${)'
    expect(!result.ok && result.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 18, `Description: placeholder \${PR_NUMBER} has no value; PR_NUMBER, APP_ID are ${tail}`],
      [5, 16, `Rules/0/appId: placeholder \${APP_ID} has no value; PR_NUMBER, APP_ID are ${tail}`],
      [5, 62, `Rules/0/domain: placeholder \${PR_NUMBER} has no value; PR_NUMBER, APP_ID are ${tail}`]
    ])
  })

  test('that are not set are not also reported as invalid values', async () => {
    const result = await loadIngressFile('{ "ListenerPort": "${PORT}" }', {})
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual([
      'ListenerPort: placeholder ${PORT} has no value; PORT is not set in the environment (set them in the step\'s env, or write $${ for a literal ${)'
    ])
  })

  test('do not apply to keys', async () => {
    const result = await loadIngressFile('{ "${KEY}": 1 }', { KEY: 'IngressId' })
    expect(!result.ok && result.problems[0]?.message).toBe('unknown key "${KEY}" at the top level')
  })
})

describe('bounded work: placeholders in linear time', () => {
  const N = 40_000
  const names = (count: number, prefix = 'N'): string => Array.from({ length: count }, (_, i) => `\${${prefix}${i}}`).join('')
  /** The fastest of a few runs: a slow moment of the machine should not decide a scaling test. */
  const fastest = (work: () => void, runs = 5): number => {
    let best = Infinity
    for (let i = 0; i < runs; i++) {
      const started = performance.now()
      work()
      best = Math.min(best, performance.now() - started)
    }
    return best
  }

  test(`a file with ${N} placeholders that are set is read in well under a second`, () => {
    // Set to nothing, so that the result is a valid (short) Description.
    const text = JSON.stringify({ IngressId: 1, Description: `web${'${X}'.repeat(N)}`, Rules: [] })
    let result: ReturnType<typeof loadIngressFile> | undefined
    expect(fastest(() => (result = loadIngressFile(text, { X: '' })), 1)).toBeLessThan(1000)
    expect(result?.ok && result.ingress.Description).toBe('web')
  })

  test(`a file with ${N} placeholders that are not set (${N} names, spread over 40 rules) is rejected in well under a second`, () => {
    const rules = Array.from({ length: 40 }, (_, r) => ({ appId: names(N / 40, `R${r}_`), containerPort: 80, domain: `d${r}.example.com`, path: '/' }))
    const text = JSON.stringify({ IngressId: 1, Rules: rules })
    let result: ReturnType<typeof loadIngressFile> | undefined
    expect(fastest(() => (result = loadIngressFile(text, {})), 1)).toBeLessThan(1000)
    const problems = result && !result.ok ? result.problems : []
    expect(problems).toHaveLength(N)
    // Every message names a few of the missing variables and counts the rest, instead of listing 40,000 names each.
    expect(problems[0]?.message).toMatch(/R0_0, R0_1, .*, R0_9 and 39990 more are not set in the environment/)
    expect(Math.max(...problems.map((p) => p.message.length))).toBeLessThan(400)
  })

  test('time grows linearly with the number of placeholders (10k vs 40k)', () => {
    const env = { X: 'y' }
    const scale = (count: number): number => {
      const set = '${X}'.repeat(count)
      const unset = names(count)
      return fastest(() => {
        substituteText(set, env)
        const substituted = substitutePlaceholders({ a: unset }, {})
        for (const missing of substituted.missing) missingPlaceholderMessage(missing, substituted.missing)
      })
    }
    const small = scale(10_000)
    const large = scale(40_000)
    // Linear work makes this ratio about 4 and quadratic work about 16; 10 leaves room for noise either way.
    expect(large / Math.max(small, 0.5)).toBeLessThan(10)
  })
})
