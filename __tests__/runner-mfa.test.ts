import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStep } from "../scripts/local-runner.mjs";
import type { StepOptions, StepRun } from "../scripts/local-runner.mjs";
import { startStsEmulator } from "../scripts/sts-emulator.mjs";
import type { Emulator } from "../scripts/sts-emulator.mjs";
import { findLeaks } from "./support/leak-check.js";
import { expectFailedStep } from "./support/step-checks.js";
import { TEST_CALLER_ENV, TEST_USER } from "./support/test-user.js";

// Two virtual devices of the test user, so that tests sharing a device
// do not disturb tests of the other while they run side by side.
const DEVICES = ["shared", "pair", "fixed"].map((name, index) => ({
  serialNumber: `arn:aws:iam::111122223333:mfa/${name}`,
  seed: `JBSWY3DPEHPK3PX${"ABC"[index] ?? "A"}JBSWY3DPEHPK3PXP`,
  accessKeyId: TEST_USER.accessKeyId,
}));
const [SHARED, PAIR, FIXED] = DEVICES as [
  (typeof DEVICES)[number],
  (typeof DEVICES)[number],
  (typeof DEVICES)[number],
];

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startStsEmulator({
    users: [TEST_USER],
    mfaDevices: DEVICES,
  });
});

afterAll(async () => {
  await emulator.close();
});

function secretsShown(run: StepRun): string[] {
  const sessions = [...emulator.sessions.values()];
  return findLeaks(run.stdout + run.stderr, [
    ...DEVICES.map((device) => device.seed),
    ...DEVICES.map((device) => device.seed.toLowerCase()),
    ...emulator.mfaLog.map((attempt) => attempt.code),
    ...sessions.map((session) => session.secretAccessKey),
    ...sessions.map((session) => session.sessionToken),
  ]);
}

async function runWithMfa(
  device: { serialNumber: string; seed: string },
  inputs: Record<string, string> = { "mfa-totp-secret": device.seed },
): Promise<StepRun> {
  const options: StepOptions = {
    inputs: { "mfa-serial-number": device.serialNumber, ...inputs },
    env: { ...TEST_CALLER_ENV, AWS_ENDPOINT_URL_STS: emulator.url },
    // A job that waits its turn for a fresh MFA window may wait for four.
    timeoutMs: 4 * 30_000 + 20_000,
  };
  const run = await runStep("main", options);
  expect(secretsShown(run)).toEqual([]);
  return run;
}

function attemptsOf(serialNumber: string) {
  return emulator.mfaLog.filter((a) => a.serialNumber === serialNumber);
}

describe("MFA with a seed", () => {
  it.concurrent(
    "lets three jobs sharing one device all get a session",
    async () => {
      const started = Date.now();
      const runs = await Promise.all([
        runWithMfa(SHARED),
        runWithMfa(SHARED),
        runWithMfa(SHARED),
      ]);
      expect(runs.map((run) => run.exitCode)).toEqual([0, 0, 0]);
      expect(runs.map((run) => run.outputs["mfa-authenticated"])).toEqual([
        "true",
        "true",
        "true",
      ]);
      const accepted = attemptsOf(SHARED.serialNumber).filter(
        (a) => a.accepted,
      );
      expect(new Set(accepted.map((a) => a.code)).size).toBe(3);
      // Three jobs need at most three windows, plus the one they began in.
      expect(Date.now() - started).toBeLessThan(4 * 30_000);
    },
    150_000,
  );

  it.concurrent(
    "gives a second run in the same window a fresh code",
    async () => {
      const first = await runWithMfa(PAIR);
      const secondStarted = Date.now();
      const second = await runWithMfa(PAIR);
      expect([first.exitCode, second.exitCode]).toEqual([0, 0]);

      const accepted = attemptsOf(PAIR.serialNumber).filter((a) => a.accepted);
      expect(accepted).toHaveLength(2);
      expect(accepted[0]?.code).not.toBe(accepted[1]?.code);
      // A second run that starts in the first one's window must wait for
      // a window of its own, and say so.
      const firstWindow = Math.floor((accepted[0]?.at ?? 0) / 30_000);
      if (Math.floor(secondStarted / 30_000) === firstWindow) {
        expect(second.stdout).toMatch(/fresh MFA window|refused the MFA/);
      }
      const requests = emulator.requests.filter(
        (request) => request.params.SerialNumber === PAIR.serialNumber,
      );
      expect(
        requests.every((r) => /^\d{6}$/.test(r.params.TokenCode ?? "")),
      ).toBe(true);
    },
    100_000,
  );
});

describe("MFA with a fixed code", () => {
  it("fails after exactly one request when the code is wrong", async () => {
    const before = emulator.requests.length;
    const run = await runWithMfa(FIXED, { "mfa-token-code": "000000" });
    const error = expectFailedStep(run);
    expect(error).toContain("refused the code in mfa-token-code");
    expect(error).toContain("mfa-serial-number");
    expect(error).toContain("clock");
    expect(error).toContain("already used");
    expect(emulator.requests.length - before).toBe(1);
  });

  it("names a device that is not the user's", async () => {
    const run = await runWithMfa({
      serialNumber: "arn:aws:iam::111122223333:mfa/unknown",
      seed: FIXED.seed,
    });
    expect(expectFailedStep(run)).toContain(
      "mfa-serial-number is not an MFA device of this IAM user",
    );
  });

  it.each([
    [{ "mfa-token-code": "12345" }, "Input mfa-token-code"],
    [
      { "mfa-token-code": "123456", "mfa-totp-secret": FIXED.seed },
      "exactly one of",
    ],
    [{}, "exactly one of"],
  ])("refuses %j before any request", async (inputs, message) => {
    const before = emulator.requests.length;
    const run = await runWithMfa(FIXED, inputs);
    expect(expectFailedStep(run)).toContain(message);
    expect(emulator.requests.length).toBe(before);
  });
});
