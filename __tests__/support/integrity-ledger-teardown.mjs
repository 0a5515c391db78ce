// Jest globalTeardown part: the one check of the integrity invariant over every watched end-to-end run of the suite.
// No run may have changed or removed a live rule or setting that its plan did not name (support/integrity.ts judges
// each run, or each group of overlapping runs, and records the verdict here).
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'

/** Reads the ledger and returns its verdict; throws when any run broke the invariant. */
export function checkIntegrityLedger(dir) {
  const entries = readdirSync(dir)
    .filter(name => name.startsWith('integrity-'))
    .flatMap(name => readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line)))
  const runs = entries.reduce((sum, entry) => sum + entry.runs, 0)
  const broken = entries.filter(entry => entry.violations.length)
  return { runs, groups: entries.length, broken }
}

export default function integrityLedgerTeardown() {
  const dir = process.env.SAE_INTEGRITY_LEDGER
  if (!dir) return
  let verdict
  try {
    verdict = checkIntegrityLedger(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (verdict.runs === 0) return
  const violations = verdict.broken.reduce((sum, entry) => sum + entry.violations.length, 0)
  console.log(`\nintegrity: ${verdict.runs} end-to-end runs (${verdict.groups} groups) compared against their plans: ${violations} unplanned changes`)
  if (violations) {
    const detail = verdict.broken.map(entry => `${entry.where}:\n  ${entry.violations.join('\n  ')}`).join('\n')
    throw new Error(`End-to-end runs changed live state their plan did not name:\n${detail}`)
  }
}
