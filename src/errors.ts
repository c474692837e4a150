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

  const detail = errorMessage(thrown);
  return `Unexpected error: ${detail || "no details"}. Please report it with the step's debug log.`;
}

/** The message of anything thrown, an Error or not. */
export function errorMessage(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

/**
 * What kind of failure something thrown is: the `code` Node and the SDK
 * set (ECONNREFUSED, ENOENT), else the error's name (an AWS error code such
 * as AccessDenied, or TimeoutError), else "Unknown".
 */
export function errorCode(thrown: unknown): string {
  if (!(thrown instanceof Error)) {
    return "Unknown";
  }
  const { code } = thrown as Error & { code?: unknown };
  return typeof code === "string" ? code : thrown.name;
}

/** The HTTP status of the answer an SDK error came with, if one came. */
export function httpStatus(thrown: unknown): number | undefined {
  const metadata = (thrown as { $metadata?: { httpStatusCode?: unknown } })
    .$metadata;
  const status = metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}
