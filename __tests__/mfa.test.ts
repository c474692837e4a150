import { describe, expect, it } from "vitest";
import { ActionError } from "../src/errors.js";
import {
  explainRefusedCode,
  MAX_MFA_WINDOWS,
  totpCode,
  withMfaCode,
  type MfaCode,
  type MfaSettings,
} from "../src/mfa.js";
import { fakeClock } from "./support/fake-clock.js";

// RFC 6238's SHA-1 seed, "12345678901234567890" in base32.
const RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const SERIAL = "arn:aws:iam::111122223333:mfa/ci";
const WINDOW = 30_000;

const refused = new ActionError(
  "GetSessionToken failed: (AWS said AccessDenied: MultiFactorAuthentication " +
    "failed with invalid MFA one time pass code. )",
);

function seedSettings(): MfaSettings {
  return { serialNumber: SERIAL, tokenCode: undefined, totpSecret: RFC_SEED };
}

describe("totpCode", () => {
  it.each([
    [59, "287082"],
    [1_111_111_109, "081804"],
    [1_234_567_890, "005924"],
    [2_000_000_000, "279037"],
  ])("gives RFC 6238's code at %i s", (seconds, code) => {
    expect(totpCode(RFC_SEED, seconds * 1000)).toBe(code);
  });
});

describe("withMfaCode", () => {
  it("sends a fixed code once, as given", async () => {
    const sent: MfaCode[] = [];
    const settings = {
      serialNumber: SERIAL,
      tokenCode: "123456",
      totpSecret: undefined,
    };
    await withMfaCode(
      settings,
      fakeClock(0),
      () => undefined,
      (code) => {
        sent.push(code);
        return Promise.resolve();
      },
    );
    expect(sent).toEqual([{ serialNumber: SERIAL, tokenCode: "123456" }]);
  });

  it("does not retry a refused fixed code", async () => {
    let calls = 0;
    const settings = {
      serialNumber: SERIAL,
      tokenCode: "123456",
      totpSecret: undefined,
    };
    const attempt = withMfaCode(
      settings,
      fakeClock(0),
      () => undefined,
      () => {
        calls++;
        return Promise.reject(refused);
      },
    );
    await expect(attempt).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it("sends the current window's code from a seed", async () => {
    const clock = fakeClock(1_000 * WINDOW + 5_000);
    const sent: string[] = [];
    await withMfaCode(
      seedSettings(),
      clock,
      () => undefined,
      (code) => {
        sent.push(code.tokenCode);
        return Promise.resolve();
      },
    );
    expect(sent).toEqual([totpCode(RFC_SEED, 1_000 * WINDOW)]);
    expect(clock.waits).toEqual([]);
  });

  it("waits for the next window in the last seconds of one", async () => {
    const clock = fakeClock(1_000 * WINDOW + 28_500);
    const sent: string[] = [];
    const lines: string[] = [];
    await withMfaCode(
      seedSettings(),
      clock,
      (line) => lines.push(line),
      (code) => {
        sent.push(code.tokenCode);
        return Promise.resolve();
      },
    );
    expect(clock.waits).toEqual([1_500]);
    expect(sent).toEqual([totpCode(RFC_SEED, 1_001 * WINDOW)]);
    expect(lines).toEqual(["Waiting 2s for a fresh MFA window."]);
  });

  it("tries the next window's code after a refusal", async () => {
    const clock = fakeClock(1_000 * WINDOW + 10_000);
    const sent: string[] = [];
    const lines: string[] = [];
    const result = await withMfaCode(
      seedSettings(),
      clock,
      (line) => lines.push(line),
      (code) => {
        sent.push(code.tokenCode);
        return sent.length === 1
          ? Promise.reject(refused)
          : Promise.resolve("ok");
      },
    );
    expect(result).toBe("ok");
    expect(sent).toEqual([
      totpCode(RFC_SEED, 1_000 * WINDOW),
      totpCode(RFC_SEED, 1_001 * WINDOW),
    ]);
    expect(clock.waits).toEqual([20_000]);
    expect(lines.join("\n")).toContain("attempt 1 of 4");
    expect(lines.join("\n")).not.toMatch(/\d{6}/);
  });

  it(`gives up after ${MAX_MFA_WINDOWS} windows`, async () => {
    const clock = fakeClock(0);
    let calls = 0;
    const attempt = withMfaCode(
      seedSettings(),
      clock,
      () => undefined,
      () => {
        calls++;
        return Promise.reject(refused);
      },
    );
    await expect(attempt).rejects.toBe(refused);
    expect(calls).toBe(MAX_MFA_WINDOWS);
    expect(clock.now()).toBeLessThan(MAX_MFA_WINDOWS * WINDOW);
  });

  it("does not retry other failures", async () => {
    let calls = 0;
    const denied = new ActionError("AccessDenied: not authorized");
    const attempt = withMfaCode(
      seedSettings(),
      fakeClock(0),
      () => undefined,
      () => {
        calls++;
        return Promise.reject(denied);
      },
    );
    await expect(attempt).rejects.toBe(denied);
    expect(calls).toBe(1);
  });
});

describe("explainRefusedCode", () => {
  it("lists the likely causes of a refused fixed code", () => {
    const message = explainRefusedCode({
      serialNumber: SERIAL,
      tokenCode: "123456",
      totpSecret: undefined,
    }).message;
    expect(message).toContain("mfa-serial-number");
    expect(message).toContain("clock");
    expect(message).toContain("already used");
    expect(message).not.toContain("123456");
  });
});
