/**
 * A failure the user can act on. Its message names the input, variable or
 * AWS error at fault and says what to do; it is printed as it is, with no
 * stack trace.
 */
export class ActionError extends Error {
  override readonly name = "ActionError";
}

/** Turns anything thrown into the one line that fails the step. */
export function describeFailure(thrown: unknown): string {
  if (thrown instanceof ActionError) {
    return thrown.message;
  }

  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return `Unexpected error: ${detail || "no details"}. Please report it with the step's debug log.`;
}
