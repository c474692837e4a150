import { STSServiceException } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { AttemptTimeout, withRetries } from "../src/retry.js";
import { fakeClock } from "./support/fake-clock.js";

function awsError(code: string, status: number): STSServiceException {
  return new STSServiceException({
    name: code,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
    message: `${code} happened`,
  });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

/** An STS call that fails with the given errors, then answers "ok". */
function failingThen(errors: Error[]): () => Promise<string> {
  let call = 0;
  return () => {
    const error = errors[call++];
    return error ? Promise.reject(error) : Promise.resolve("ok");
  };
}

const settings = { maxAttempts: 3, timeoutMs: 1_000 };

describe("withRetries", () => {
  it.each([
    ["throttling", awsError("Throttling", 400)],
    ["HTTP 429", awsError("TooManyRequests", 429)],
    ["a server fault", awsError("InternalFailure", 500)],
    ["a bad gateway", awsError("Error", 502)],
    ["a reset connection", networkError("ECONNRESET")],
    ["a refused connection", networkError("ECONNREFUSED")],
    ["a timeout", new AttemptTimeout("no answer")],
  ])("tries again after %s", async (_name, error) => {
    const clock = fakeClock();
    const lines: string[] = [];
    const result = await withRetries(
      settings,
      clock,
      (line) => lines.push(line),
      failingThen([error, error]),
    );
    expect(result).toBe("ok");
    expect(clock.waits).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^Attempt 1 of 3 failed \(.+\), next in \d+\.\ds\.$/,
    );
    expect(lines[1]).toMatch(/^Attempt 2 of 3 failed/);
  });

  it.each([
    ["bad keys", awsError("InvalidClientTokenId", 403)],
    ["access denied", awsError("AccessDenied", 403)],
    ["a bad parameter", awsError("ValidationError", 400)],
    ["an unknown host", networkError("ENOTFOUND")],
  ])("fails at once on %s", async (_name, error) => {
    const clock = fakeClock();
    await expect(
      withRetries(settings, clock, () => undefined, failingThen([error])),
    ).rejects.toBe(error);
    expect(clock.waits).toEqual([]);
  });

  it("stops after the configured attempts", async () => {
    const throttled = awsError("Throttling", 400);
    let calls = 0;
    const attempt = withRetries(
      settings,
      fakeClock(),
      () => undefined,
      () => {
        calls++;
        return Promise.reject(throttled);
      },
    );
    await expect(attempt).rejects.toBe(throttled);
    expect(calls).toBe(3);
  });

  it("waits longer after each attempt, within bounds", async () => {
    const clock = fakeClock();
    const error = awsError("Throttling", 400);
    await withRetries(
      { maxAttempts: 4, timeoutMs: 1_000 },
      clock,
      () => undefined,
      failingThen([error, error, error]),
    );
    const [first = 0, second = 0, third = 0] = clock.waits;
    expect(first).toBeGreaterThanOrEqual(250);
    expect(first).toBeLessThanOrEqual(500);
    expect(second).toBeGreaterThanOrEqual(500);
    expect(third).toBeGreaterThanOrEqual(1_000);
    expect(third).toBeLessThanOrEqual(2_000);
  });

  it("retries a corrected clock skew once", async () => {
    const skew = awsError("SignatureDoesNotMatch", 403);
    skew.message = "Signature expired: 20261203T120000Z is now earlier than …";
    const clock = fakeClock();
    await expect(
      withRetries(settings, clock, () => undefined, failingThen([skew])),
    ).resolves.toBe("ok");
    await expect(
      withRetries(settings, clock, () => undefined, failingThen([skew, skew])),
    ).rejects.toBe(skew);
  });

  it("aborts an attempt that outlasts its bound", async () => {
    const signals: AbortSignal[] = [];
    const stalled = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<string>((_resolve, reject) => {
        signal.addEventListener("abort", () => {
          reject(new Error("aborted by signal"));
        });
      });
    };
    const attempt = withRetries(
      { maxAttempts: 2, timeoutMs: 20 },
      fakeClock(),
      () => undefined,
      stalled,
    );
    await expect(attempt).rejects.toBeInstanceOf(AttemptTimeout);
    expect(signals).toHaveLength(2);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });
});
