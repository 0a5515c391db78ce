// Jest globalSetup: a fresh ledger directory for this test run, inherited by every worker through the environment.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export default function setup() {
  process.env.SAE_E2E_LEDGER = mkdtempSync(path.join(tmpdir(), 'sae-e2e-ledger-'))
}
