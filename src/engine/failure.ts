// Failures the user can act on: shown as their message, without a stack trace (engine/failure-message.ts).

/** A failure the user caused or the service reported. */
export class ExpectedFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** The user asked for something that cannot be done as asked (an input, an option, a file out of reach). */
export class InputError extends ExpectedFailure {}

/** The live ingress cannot take the file's change as planned (e.g. it would exceed the rule limit). */
export class PlanRejected extends ExpectedFailure {}
