import { loadIngressFile } from '../src/ingress/load.js'
import { substitutePlaceholders, substitutePlaceholdersInText, substituteText } from '../src/ingress/placeholders.js'

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

  test('substitutePlaceholdersInText throws naming the missing variables', async () => {
    expect(substitutePlaceholdersInText('https://${HOST}/health', { HOST: 'a.example.com' })).toBe('https://a.example.com/health')
    expect(() => substitutePlaceholdersInText('https://${HOST}:${PORT}/', {})).toThrow('placeholders are not set in the environment: HOST, PORT')
  })
})

describe('substitutePlaceholders', () => {
  test('replaces string values only, never keys, and leaves the input untouched', async () => {
    const document = { '${KEY}': '${V}', list: ['${V}', 1, true, null], nested: { deep: 'x${V}' } }
    const result = substitutePlaceholders(document, { KEY: 'k', V: 'v' })
    expect(result).toEqual({ value: { '${KEY}': 'v', list: ['v', 1, true, null], nested: { deep: 'xv' } }, missing: [] })
    expect(document.nested.deep).toBe('x${V}')
  })

  test('reports each occurrence with the pointer of its string', async () => {
    const result = substitutePlaceholders({ a: ['${X}'], b: '${Y} ${X}' }, {})
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
