// Jest globalTeardown: the suite-wide checks over every end-to-end run — no secret printed, no unplanned change.
import integrityLedgerTeardown from './integrity-ledger-teardown.mjs'
import secretLedgerTeardown from './secret-ledger-teardown.mjs'

export default async function globalTeardown() {
  const failures = []
  for (const check of [secretLedgerTeardown, integrityLedgerTeardown]) {
    try {
      await check()
    } catch (err) {
      failures.push(err)
    }
  }
  if (failures.length) throw failures.length === 1 ? failures[0] : new AggregateError(failures, failures.map(f => f.message).join('\n'))
}
