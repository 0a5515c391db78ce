// Jest globalTeardown: the one check over every end-to-end run of the suite. No secret or token a run was given, no
// request signature and no OIDC token may appear (raw or URL-encoded) in its stdout, stderr, outputs or job summary.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'

const SIGNATURE_SHAPES = [
  /\bacs [^\s:]+:[A-Za-z0-9+/]{27}=/, // ROA Authorization: HMAC-SHA1, base64
  /[?&]Signature=[A-Za-z0-9%+/]{20,}/, // RPC signature parameter
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/ // a JWT (the workflow's OIDC token)
]

export default function teardown() {
  const dir = process.env.SAE_E2E_LEDGER
  if (!dir) return
  const entries = readdirSync(dir)
    .filter(name => name.startsWith('runs-'))
    .flatMap(name => readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line)))
  // Entries without printed text only carry secrets seen on the wire (recordWireSecrets).
  const runs = entries.filter(entry => entry.printed)
  const secrets = new Set(entries.flatMap(entry => entry.secrets))
  const needles = [...secrets].flatMap(secret => [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')])
  const leaks = []
  runs.forEach((run, index) => {
    for (const needle of new Set(needles)) if (run.printed.includes(needle)) leaks.push(`run ${index}: a secret (${needle.slice(0, 3)}…)`)
    for (const shape of SIGNATURE_SHAPES) if (shape.test(run.printed)) leaks.push(`run ${index}: ${shape.exec(run.printed)[0].slice(0, 12)}…`)
  })
  rmSync(dir, { recursive: true, force: true })
  if (runs.length === 0) return
  console.log(`\nsecret hygiene: ${runs.length} end-to-end runs checked against ${secrets.size} secrets and signature shapes: ${leaks.length} leaks`)
  if (leaks.length) throw new Error(`Secrets leaked into action output:\n${leaks.join('\n')}`)
}
