import fc from 'fast-check'
import type { IngressFile } from '../src/ingress/types.js'
import { planChanges } from '../src/plan/plan.js'
import { commentMarker, renderComment } from '../src/report/comment.js'
import { cell, escapeMarkdown } from '../src/report/markdown.js'
import type { RunReport } from '../src/report/report.js'
import { renderSummary } from '../src/report/summary.js'
import { ruleUrls } from '../src/report/urls.js'

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
    ['no listener settings', { Rules: [{ appId: 'a', containerPort: 1, domain: 'Mixed.Example.com', path: '/x' }] }, ['http://mixed.example.com/x']]
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
    expect(md).toMatch(/\| api\.example\.com \| \/v1 \| app-api \| 9090 \| http:\/\/api\.example\.com\/v1 \|/)
  })

  test.each<[string, Partial<RunReport>, RegExp]>([
    ['already up to date', { outcome: 'unchanged', plan: planChanges(live, live, 'replace'), update: undefined }, /already up to date[\s\S]*No changes\./],
    ['a dry run', { outcome: 'planned', dryRun: true, update: undefined }, /Dry run: nothing was written/],
    ['offline validation', { outcome: 'validated-offline', plan: undefined, update: undefined }, /valid \(offline dry run/],
    ['a failure', { outcome: 'failed', error: 'UpdateIngress failed: X' }, /❌[\s\S]*\*\*Error:\*\* UpdateIngress failed: X/],
    ['a rollback', { outcome: 'failed', rollback: { ok: true, message: 'restored', requestId: 'RB-1' } }, /rolled back[\s\S]*\*\*Rollback:\*\* ✅ restored \(RequestId RB-1\)/],
    ['a health check', { health: { url: 'https://x/health', ok: false, attempts: 3, status: 503 } }, /\*\*Health check:\*\* ❌ https:\/\/x\/health answered HTTP 503 after 3/],
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
    expect(body).toContain('- http://api.example.com/v1')
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
  ['a & b\r\nc\rd', 'a &amp; b<br>c\rd'],
  ['*_`~#+!{}', '\\*\\_\\`\\~\\#\\+\\!\\{\\}'],
  ['C:\\dir', 'C:\\\\dir']
])('escapeMarkdown(%p)', (raw, expected) => expect(escapeMarkdown(raw)).toBe(expected))

test('escapeMarkdown escapes in one pass exactly what the step-by-step escaping does', () => {
  const stepByStep = (text: string): string =>
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
      .replace(/\r?\n/g, '<br>')
  const markdownish = fc.string({ unit: fc.constantFrom(...'&<>\\`*_{}[]()#+!|~\r\nab .-/:'.split('')) })
  fc.assert(
    fc.property(fc.oneof(markdownish, fc.string()), text => expect(escapeMarkdown(text)).toBe(stepByStep(text))),
    { numRuns: 1000, seed: 20261129 }
  )
})

test('cells show absent values as a dash and objects as JSON', () => {
  expect([cell(undefined), cell(''), cell({ a: 1 }), cell(5)]).toEqual(['—', '—', '\\{"a":1\\}', '5'])
})
