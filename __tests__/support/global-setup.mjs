// Jest globalSetup: a fresh dist/ for the end-to-end suites, and the run-wide secret ledger.
import bundleSetup from './bundle-setup.mjs'
import ledgerSetup from './secret-ledger-setup.mjs'

export default async function globalSetup() {
  bundleSetup()
  await ledgerSetup()
}
