/**
 * What the engine says while it works. The front end decides where it goes (the runner's log, a terminal) and makes
 * it safe there: every message is redacted with the run's secrets and shown without control characters or commands.
 */
export interface Log {
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** A collapsible section around one phase of the work (Plan, Apply, Confirm, …). */
  group<T>(title: string, work: () => Promise<T>): Promise<T>
}

/** A log that says nothing: tests, and work whose words nobody reads. */
export const silentLog: Log = {
  info: () => undefined,
  notice: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  group: (_title, work) => work()
}
