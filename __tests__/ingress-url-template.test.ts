// health-check-url's placeholders (src/engine/ingress/url-template.ts): a value, maybe a pull request's branch name,
// is encoded for the part of the URL it lands in, and can never change the host the URL names.
import { substitutePlaceholdersInUrl } from '../src/engine/ingress/url-template.js'

const LABEL = 'Input health-check-url'
const fill = (template: string, env: Record<string, string>) => substitutePlaceholdersInUrl(template, env, LABEL)
const hostOf = (url: string) => new URL(url).hostname

/** The values the issue names, each of which moved or bent the URL when pasted in as it is. */
const HOSTILE: Array<[string, string]> = [
  ['@', 'x@127.0.0.3'],
  ['@ and /', 'x@127.0.0.3/'],
  ['/', 'a/b'],
  ['?', 'a?b=c'],
  ['#', 'a#frag'],
  ['\\', 'a\\b@127.0.0.3'],
  ['%', '%2e%2e%2F'],
  ['spaces', 'a b'],
  ['unicode', 'ünïcödé'],
  [':', 'a:9'],
  ['an empty value', '']
]

describe('in the host, a value must be a host label, or the URL is refused naming the placeholder', () => {
  test.each(HOSTILE)('%s', (_what, value) => {
    expect(() => fill('http://pr-${PR_BRANCH}.preview.example.com/health', { PR_BRANCH: value })).toThrow(
      /placeholder \$\{PR_BRANCH\} lands in the host name, and its value is not a host label/
    )
  })

  test('a label is fine, and is the host name the template gives', () => {
    expect(fill('http://pr-${PR_BRANCH}.preview.example.com/health', { PR_BRANCH: 'Feature-42' })).toBe('http://pr-feature-42.preview.example.com/health')
  })

  test('a whole label, or numbers the template makes an address of, are the host the template gives too', () => {
    expect(hostOf(fill('https://${ENV}.example.com/', { ENV: 'staging' }))).toBe('staging.example.com')
    expect(hostOf(fill('http://127.0.0.${N}:8080/', { N: '3' }))).toBe('127.0.0.3')
  })
})

describe.each<[string, string]>([
  ['the path', 'http://preview.example.com/pr/${PR_BRANCH}/health'],
  ['the query', 'http://preview.example.com/health?branch=${PR_BRANCH}&x=1'],
  ['the fragment', 'http://preview.example.com/health#${PR_BRANCH}'],
  ['the user', 'http://${PR_BRANCH}@preview.example.com/health']
])('in %s, a value is percent-encoded and the host stays the template\'s', (_part, template) => {
  test.each(HOSTILE)('%s', (_what, value) => {
    const url = fill(template, { PR_BRANCH: value })
    expect(hostOf(url)).toBe('preview.example.com')
    expect(url).toBe(template.replace('${PR_BRANCH}', encodeURIComponent(value)))
    // The value comes back whole from the part it went into.
    const parsed = new URL(url)
    const part = { path: parsed.pathname, query: parsed.search, fragment: parsed.hash, user: parsed.username }
    expect(Object.values(part).some(text => text.includes(encodeURIComponent(value)))).toBe(true)
  })
})

describe('other parts', () => {
  test('a port takes digits only', () => {
    expect(fill('http://pr-${B}.example.com:${PORT}/health', { B: 'x', PORT: '8080' })).toBe('http://pr-x.example.com:8080/health')
    expect(() => fill('http://preview.example.com:${PORT}/', { PORT: '80@127.0.0.3' })).toThrow(/placeholder \$\{PORT\} lands in the port/)
  })

  test('the scheme takes no placeholder', () => {
    expect(() => fill('${V}://preview.example.com/', { V: 'http' })).toThrow(LABEL)
  })

  test('unset names are listed; $${ writes a literal ${', () => {
    expect(() => fill('http://${A}.example.com/${B}', {})).toThrow(`${LABEL}: placeholders are not set in the environment: A, B`)
    expect(fill('http://example.com/$${x}?q=${Q}', { Q: 'a b' })).toBe('http://example.com/${x}?q=a%20b')
  })

  test('a template whose text already holds the token the parse uses is still read right', () => {
    expect(fill('http://saeplaceholder0x.example.com/${P}', { P: 'a@b' })).toBe('http://saeplaceholder0x.example.com/a%40b')
  })
})
