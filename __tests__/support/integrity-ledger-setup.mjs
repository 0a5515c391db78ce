// Jest globalSetup part: a fresh ledger directory for the integrity invariant (support/integrity.ts), inherited by
// every worker through the environment.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export default function integrityLedgerSetup() {
  process.env.SAE_INTEGRITY_LEDGER = mkdtempSync(path.join(tmpdir(), 'sae-integrity-ledger-'))
}
