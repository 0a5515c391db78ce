// Jest globalSetup: a fresh dist/ for the end-to-end suites, and the run-wide ledgers (secrets, integrity).
import bundleSetup from './bundle-setup.mjs'
import integrityLedgerSetup from './integrity-ledger-setup.mjs'
import secretLedgerSetup from './secret-ledger-setup.mjs'

export default async function globalSetup() {
  bundleSetup()
  await secretLedgerSetup()
  await integrityLedgerSetup()
}
