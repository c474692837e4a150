import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, runStep } from "../scripts/local-runner.mjs";
import type { StepOptions } from "../scripts/local-runner.mjs";
import { startStsEmulator } from "../scripts/sts-emulator.mjs";
import type { Emulator, EmulatorOptions } from "../scripts/sts-emulator.mjs";
import { findLeaks } from "./support/leak-check.js";
import { expectFailedStep } from "./support/step-checks.js";
import { TEST_CALLER_ENV, TEST_USER } from "./support/test-user.js";

const DEVICE = {
  serialNumber: "arn:aws:iam::111122223333:mfa/ci",
  seed: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
  accessKeyId: TEST_USER.accessKeyId,
};

interface Scenario {
  readonly emulator?: EmulatorOptions;
  /** The step's options, given the emulator's URL and a dead one. */
  readonly step: (urls: { live: string; dead: string }) => StepOptions;
}

const always =
  (fault: { status: number; code: string; message: string }) => () =>
    fault;

// One scenario per row of the README's failure table, by its first cell.
const SCENARIOS: Record<string, Scenario> = {
  "Bad input": { step: () => ({ inputs: { "duration-seconds": "15x" } }) },
  "No keys": {
    step: () => ({
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
    }),
  },
  "Temporary keys": {
    step: () => ({ env: { AWS_SESSION_TOKEN: "a-session-token" } }),
  },
  "Wrong key id": {
    step: () => ({ env: { AWS_ACCESS_KEY_ID: "AKIAUNKNOWNKEY000001" } }),
  },
  "Wrong secret": {
    step: () => ({
      env: { AWS_SECRET_ACCESS_KEY: "wrong/secret/0000000000000000000000001" },
    }),
  },
  "Clock skew": {
    emulator: {
      intercept: always({
        status: 403,
        code: "SignatureDoesNotMatch",
        message:
          "Signature expired: 20261203T120000Z is now earlier than " +
          "20261203T124500Z (20261203T130000Z - 15 min.)",
      }),
    },
    step: () => ({}),
  },
  "Access denied": {
    emulator: {
      intercept: always({
        status: 403,
        code: "AccessDenied",
        message: "not authorized",
      }),
    },
    step: () => ({}),
  },
  "Region disabled": {
    emulator: { disabledRegions: ["af-south-1"] },
    step: () => ({ inputs: { "aws-region": "af-south-1" } }),
  },
  Throttled: {
    emulator: {
      intercept: always({
        status: 400,
        code: "Throttling",
        message: "Rate exceeded",
      }),
    },
    step: () => ({ inputs: { "retry-max-attempts": "2" } }),
  },
  Timeout: {
    emulator: { intercept: () => ({ stall: true }) },
    step: () => ({
      inputs: { "request-timeout-seconds": "1", "retry-max-attempts": "2" },
    }),
  },
  "Unreachable endpoint": {
    step: ({ dead }) => ({ env: { AWS_ENDPOINT_URL_STS: dead } }),
  },
  "Unreachable proxy": {
    step: ({ dead }) => ({
      inputs: { "http-proxy": dead, "retry-max-attempts": "1" },
    }),
  },
  "Unknown host": {
    step: () => ({
      env: { AWS_ENDPOINT_URL_STS: "http://sts.invalid:8443" },
      nodeArgs: ["--import", join(ROOT, "__tests__/support/no-dns.mjs")],
    }),
  },
  "Not an STS answer": {
    emulator: {
      intercept: () => ({
        status: 200,
        body: "<html>Log in</html>",
        contentType: "text/html",
      }),
    },
    step: () => ({}),
  },
  "MFA code refused": {
    emulator: { mfaDevices: [DEVICE] },
    step: () => ({
      inputs: {
        "mfa-serial-number": DEVICE.serialNumber,
        "mfa-token-code": "000000",
      },
    }),
  },
  "Wrong MFA device": {
    emulator: { mfaDevices: [DEVICE] },
    step: () => ({
      inputs: {
        "mfa-serial-number": "arn:aws:iam::111122223333:mfa/other",
        "mfa-token-code": "123456",
      },
    }),
  },
  "Foreign profile": {
    step: () => {
      const config = join(mkdtempSync(join(tmpdir(), "foreign-")), "config");
      writeFileSync(config, "[profile session-token]\nregion = eu-west-1\n");
      return { inputs: { "config-file": config } };
    },
  },
  "Account not allowed": {
    step: () => ({ inputs: { "allowed-account-ids": "444455556666" } }),
  },
};

/** The README's failure table: [failure, message excerpt] per row. */
function readmeFailures(): [string, string][] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split("\n## When it fails\n")[1]?.split("\n## ")[0];
  return (section ?? "")
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| Failure"))
    .filter((line) => !line.startsWith("| ---"))
    .map((line) => {
      const [failure = "", message = ""] = line.slice(2).split(" | ");
      return [failure.trim(), message.trim().replace(/^`|`$/g, "")];
    });
}

let emulators: Emulator[] = [];

afterEach(async () => {
  await Promise.all(emulators.map((emulator) => emulator.close()));
  emulators = [];
});

async function deadUrl(): Promise<string> {
  const closed = await startStsEmulator();
  await closed.close();
  return closed.url;
}

describe("the README's failure table", () => {
  it("has a scenario for every row and a row for every scenario", () => {
    const rows = readmeFailures().map(([failure]) => failure);
    expect(rows.sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  it.each(readmeFailures())(
    "shows its message for: %s",
    async (failure, message) => {
      const scenario = SCENARIOS[failure];
      expect(scenario).toBeDefined();
      const emulator = await startStsEmulator({
        users: [TEST_USER],
        ...scenario?.emulator,
      });
      emulators.push(emulator);
      const options =
        scenario?.step({ live: emulator.url, dead: await deadUrl() }) ?? {};

      const run = await runStep("main", {
        ...options,
        env: {
          ...TEST_CALLER_ENV,
          AWS_ENDPOINT_URL_STS: emulator.url,
          ...options.env,
        },
      });
      const error = expectFailedStep(run);
      let from = 0;
      for (const fragment of message.split("…").map((part) => part.trim())) {
        const at = error.indexOf(fragment, from);
        expect(at, `"${fragment}" in ${error}`).toBeGreaterThanOrEqual(from);
        from = at + fragment.length;
      }
      const secrets = [TEST_USER.secretAccessKey, DEVICE.seed];
      expect(findLeaks(run.stdout + run.stderr, secrets)).toEqual([]);
    },
  );
});
