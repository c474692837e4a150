import type { Clock } from "./clock.js";
import { errorCode, errorMessage, httpStatus } from "./errors.js";

/** How hard to try one STS call. */
export interface RetrySettings {
  /** Total attempts, the first included. */
  readonly maxAttempts: number;
  /** The bound on one attempt, connecting included. */
  readonly timeoutMs: number;
}

/** Why an attempt failed, and whether another one may help. */
interface Verdict {
  readonly retry: boolean;
  readonly reason: string;
}

export class AttemptTimeout extends Error {
  override readonly name = "AttemptTimeout";
}

// Throttling codes across AWS's protocols; STS itself answers Throttling.
const THROTTLING = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
  "PriorRequestNotComplete",
]);
const NETWORK_FAULTS = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/**
 * Runs one STS call with a bound on each attempt, and tries again only
 * when another attempt can help: throttling, a server fault, a network
 * fault, a timeout, or a clock skew the SDK has just corrected. A mistake
 * of the caller (bad keys, access denied, bad parameter) fails at once.
 */
export async function withRetries<T>(
  settings: RetrySettings,
  clock: Clock,
  report: (line: string) => void,
  attempt: (signal: AbortSignal, number: number) => Promise<T>,
): Promise<T> {
  for (let number = 1; ; number++) {
    try {
      return await boundedAttempt(settings.timeoutMs, (signal) =>
        attempt(signal, number),
      );
    } catch (error) {
      const verdict = judge(error, number);
      if (!verdict.retry || number >= settings.maxAttempts) {
        throw error;
      }
      const delay = backoff(number);
      report(
        `Attempt ${number} of ${settings.maxAttempts} failed ` +
          `(${verdict.reason}), next in ${(delay / 1000).toFixed(1)}s.`,
      );
      await clock.sleep(delay);
    }
  }
}

async function boundedAttempt<T>(
  timeoutMs: number,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new AttemptTimeout(`no answer within ${timeoutMs} ms`));
  }, timeoutMs);
  try {
    return await attempt(controller.signal);
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

// Exponential, with jitter so that jobs throttled together do not come
// back together.
function backoff(attempt: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function judge(error: unknown, attempt: number): Verdict {
  const code = errorCode(error);
  const status = httpStatus(error);
  const reason = `${code}${status ? `, HTTP ${status}` : ""}`;
  if (error instanceof AttemptTimeout || code === "TimeoutError") {
    return { retry: true, reason: "timed out" };
  }
  if (THROTTLING.has(code) || status === 429) {
    return { retry: true, reason: `throttled: ${reason}` };
  }
  if (status !== undefined && status >= 500) {
    return { retry: true, reason: `server fault: ${reason}` };
  }
  if (NETWORK_FAULTS.has(code)) {
    return { retry: true, reason: `network fault: ${code}` };
  }
  // The SDK has already moved its clock to the server's; once is enough.
  return { retry: attempt === 1 && isClockSkew(error), reason: "clock skew" };
}

function isClockSkew(error: unknown): boolean {
  return /Signature expired|Signature not yet current|RequestTimeTooSkewed/.test(
    errorMessage(error),
  );
}
