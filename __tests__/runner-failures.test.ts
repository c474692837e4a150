import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT, runStep } from "../scripts/local-runner.mjs";
import type { StepOptions, StepRun } from "../scripts/local-runner.mjs";
import { startStsEmulator } from "../scripts/sts-emulator.mjs";
import type { Emulator, EmulatorOptions } from "../scripts/sts-emulator.mjs";
import { findLeaks } from "./support/leak-check.js";
import { expectFailedStep } from "./support/step-checks.js";
import { TEST_CALLER_ENV, TEST_USER } from "./support/test-user.js";

const ORIGINAL_CONFIG = "[default]\nregion = eu-west-1\n";

let emulator: Emulator;
let folder: string;

beforeEach(async () => {
  emulator = await startStsEmulator({ users: [TEST_USER] });
  folder = mkdtempSync(join(tmpdir(), "failures-"));
  writeFileSync(join(folder, "config"), ORIGINAL_CONFIG);
});

afterEach(async () => {
  await emulator.close();
});

async function restartEmulator(options: EmulatorOptions): Promise<void> {
  await emulator.close();
  emulator = await startStsEmulator({ users: [TEST_USER], ...options });
}

function leaksIn(run: StepRun): string[] {
  const sessions = [...emulator.sessions.values()];
  return findLeaks(run.stdout + run.stderr, [
    TEST_USER.secretAccessKey,
    ...sessions.map((session) => session.secretAccessKey),
    ...sessions.map((session) => session.sessionToken),
  ]);
}

async function runMain(options: StepOptions): Promise<StepRun> {
  const run = await runStep("main", {
    ...options,
    inputs: { "config-file": join(folder, "config"), ...options.inputs },
    env: {
      ...TEST_CALLER_ENV,
      AWS_ENDPOINT_URL_STS: emulator.url,
      ACTIONS_STEP_DEBUG: "true",
      ...options.env,
    },
  });
  expect(leaksIn(run)).toEqual([]);
  return run;
}

function folderContents(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder, { recursive: true, encoding: "utf8" }).map((name) => {
      const path = join(folder, name);
      const text = name.endsWith("dir") ? "" : readFileSync(path, "utf8");
      return [name, text];
    }),
  );
}

// [what, inputs, variables, the start of the one error line]
type BadInput = [
  string,
  Record<string, string>,
  Record<string, string>,
  string,
];

const BAD_INPUTS: BadInput[] = [
  [
    "a word as duration",
    { "duration-seconds": "fifteen" },
    {},
    "Input duration-seconds",
  ],
  [
    "an unknown unit",
    { "duration-seconds": "15x" },
    {},
    "Input duration-seconds",
  ],
  [
    "a negative duration",
    { "duration-seconds": "-900" },
    {},
    "Input duration-seconds",
  ],
  [
    "a zero duration",
    { "duration-seconds": "0" },
    {},
    "Input duration-seconds",
  ],
  [
    "a huge duration",
    { "duration-seconds": "99999999999999999999" },
    {},
    "Input duration-seconds",
  ],
  [
    "a decimal duration",
    { "duration-seconds": "900.5" },
    {},
    "Input duration-seconds",
  ],
  [
    "full-width digits",
    { "duration-seconds": "９００" },
    {},
    "Input duration-seconds",
  ],
  [
    "a region with blanks",
    { "aws-region": "us east 1" },
    {},
    "Input aws-region",
  ],
  [
    "a region from a variable",
    {},
    { AWS_REGION: "mars" },
    "Variable AWS_REGION",
  ],
  ["yes for a boolean", { "export-env": "yes" }, {}, "Input export-env"],
  ["1 for a boolean", { verify: "1" }, {}, "Input verify"],
  [
    "on for a boolean",
    { "mask-aws-account-id": "on" },
    {},
    "Input mask-aws-account-id",
  ],
  [
    "a misspelt boolean",
    { "output-credentials": "truee" },
    {},
    "Input output-credentials",
  ],
  [
    "no for a boolean",
    { "overwrite-profile": "no" },
    {},
    "Input overwrite-profile",
  ],
  ["a shouted boolean", { cleanup: "TRUE!" }, {}, "Input cleanup"],
  [
    "a short account id",
    { "allowed-account-ids": "12345" },
    {},
    "Input allowed-account-ids",
  ],
  [
    "a long account id",
    { "allowed-account-ids": "1234567890123" },
    {},
    "Input allowed-account-ids",
  ],
  [
    "a dashed account id",
    { "allowed-account-ids": "1111-2222-3333" },
    {},
    "Input allowed-account-ids",
  ],
  [
    "accounts without verify",
    { "allowed-account-ids": "111122223333", verify: "false" },
    {},
    "Input allowed-account-ids",
  ],
  [
    "zero attempts",
    { "retry-max-attempts": "0" },
    {},
    "Input retry-max-attempts",
  ],
  [
    "too many attempts",
    { "retry-max-attempts": "11" },
    {},
    "Input retry-max-attempts",
  ],
  [
    "a decimal attempt count",
    { "retry-max-attempts": "2.5" },
    {},
    "Input retry-max-attempts",
  ],
  [
    "a zero timeout",
    { "request-timeout-seconds": "0" },
    {},
    "Input request-timeout-seconds",
  ],
  [
    "a huge timeout",
    { "request-timeout-seconds": "301" },
    {},
    "Input request-timeout-seconds",
  ],
  [
    "a word as timeout",
    { "request-timeout-seconds": "ten" },
    {},
    "Input request-timeout-seconds",
  ],
  [
    "a proxy that is not a URL",
    { "http-proxy": "not a url" },
    {},
    "Input http-proxy",
  ],
  [
    "a SOCKS proxy",
    { "http-proxy": "socks5://127.0.0.1:1080" },
    {},
    "Input http-proxy",
  ],
  [
    "a proxy port out of range",
    { "http-proxy": "http://127.0.0.1:99999" },
    {},
    "Input http-proxy",
  ],
  [
    "a bad proxy variable",
    {},
    { HTTPS_PROXY: "http://[bad" },
    "Variable HTTPS_PROXY",
  ],
  ["a name with a blank", { "profile-name": "a b" }, {}, "Input profile-name"],
  ["a name with brackets", { "profile-name": "[x]" }, {}, "Input profile-name"],
  [
    "a name with a line break",
    { "profile-name": "x\ny" },
    {},
    "Input profile-name",
  ],
  [
    "a code without a device",
    { "mfa-token-code": "123456" },
    {},
    "Input mfa-token-code",
  ],
  [
    "a user ARN as device",
    {
      "mfa-serial-number": "arn:aws:iam::111122223333:user/ci",
      "mfa-token-code": "123456",
    },
    {},
    "Input mfa-serial-number",
  ],
  ["maybe for a boolean", { "job-summary": "maybe" }, {}, "Input job-summary"],
  [
    "a seed that is not base32",
    {
      "mfa-serial-number": "arn:aws:iam::111122223333:mfa/ci",
      "mfa-totp-secret": "not-a-seed!",
    },
    {},
    "Input mfa-totp-secret",
  ],
  [
    "a five-digit code",
    {
      "mfa-serial-number": "arn:aws:iam::111122223333:mfa/ci",
      "mfa-token-code": "12345",
    },
    {},
    "Input mfa-token-code",
  ],
];

describe("bad inputs", () => {
  it.each(BAD_INPUTS)(
    "refuses %s before any request, changing nothing",
    async (_what, inputs, env, start) => {
      const before = folderContents();
      const run = await runMain({ inputs, env });

      const error = expectFailedStep(run);
      expect(error).toMatch(new RegExp(`^::error::${start}[: ]`));
      expect(error).toMatch(/[Ee]xpected|needs|is the ARN/);
      expect(emulator.requests).toEqual([]);
      expect(folderContents()).toEqual(before);
    },
  );

  it.each([
    [
      "a folder as config file",
      () => {
        mkdirSync(join(folder, "a-dir"));
        return { "config-file": join(folder, "a-dir") };
      },
    ],
    [
      "a file that cannot hold a folder",
      () => ({
        "credentials-file": join(folder, "config", "credentials"),
      }),
    ],
  ])("refuses %s before any request, changing nothing", async (_what, make) => {
    const inputs = make();
    const before = folderContents();
    const run = await runMain({ inputs });

    const error = expectFailedStep(run);
    expect(error).toMatch(/^::error::Input (config|credentials)-file: /);
    expect(emulator.requests).toEqual([]);
    expect(folderContents()).toEqual(before);
  });

  it("covers at least 25 cases across the inputs", () => {
    expect(BAD_INPUTS.length + 2).toBeGreaterThanOrEqual(25);
  });
});

/** Answers the first `times` GetSessionToken calls with a fault. */
function faultTimes(
  times: number,
  fault: ReturnType<NonNullable<EmulatorOptions["intercept"]>>,
) {
  let count = 0;
  return (request: { action?: string | undefined }) =>
    request.action === "GetSessionToken" && count++ < times ? fault : undefined;
}

const THROTTLED = { status: 400, code: "Throttling", message: "Rate exceeded" };
const SERVER_FAULT = {
  status: 503,
  code: "ServiceUnavailable",
  message: "Service is unavailable",
};

describe("faults of STS and the network", () => {
  it("succeeds after being throttled twice", async () => {
    await restartEmulator({ intercept: faultTimes(2, THROTTLED) });
    const run = await runMain({});
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /^Attempt 1 of 3 failed \(throttled: Throttling.*\), next in \d+\.\ds\.$/m,
    );
    expect(run.stdout).toMatch(/^Attempt 2 of 3 failed/m);
  });

  it("succeeds after two server faults", async () => {
    await restartEmulator({ intercept: faultTimes(2, SERVER_FAULT) });
    const run = await runMain({});
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /Attempt 2 of 3 failed \(server fault: ServiceUnavailable, HTTP 503\)/,
    );
  });

  it("fails after exactly the configured attempts when always throttled", async () => {
    await restartEmulator({ intercept: faultTimes(99, THROTTLED) });
    const run = await runMain({ inputs: { "retry-max-attempts": "4" } });
    const error = expectFailedStep(run);
    expect(error).toContain("throttled the calls in all 4 attempts");
    expect(error).toContain("retry-max-attempts");
    expect(
      emulator.requests.filter((r) => r.action === "GetSessionToken"),
    ).toHaveLength(4);
  });

  it("fails at once when STS denies access", async () => {
    await restartEmulator({
      intercept: faultTimes(99, {
        status: 403,
        code: "AccessDenied",
        message: "denied",
      }),
    });
    const run = await runMain({});
    expect(expectFailedStep(run)).toContain(
      "policy denies sts:GetSessionToken",
    );
    expect(emulator.requests).toHaveLength(1);
  });

  it("explains an answer that is not XML", async () => {
    await restartEmulator({
      intercept: faultTimes(99, {
        status: 502,
        body: "<html>Bad gateway</html>",
        contentType: "text/html",
      }),
    });
    const run = await runMain({ inputs: { "retry-max-attempts": "1" } });
    expect(expectFailedStep(run)).toContain("is not an STS answer");
  });

  it("explains a page that is not an STS answer", async () => {
    await restartEmulator({
      intercept: faultTimes(99, {
        status: 200,
        body: "<html>Sign in to the proxy</html>",
        contentType: "text/html",
      }),
    });
    const run = await runMain({});
    expect(expectFailedStep(run)).toContain("is not an STS answer");
  });

  it("names the endpoint when the connection is refused", async () => {
    const { url } = emulator;
    await emulator.close();
    const started = Date.now();
    const run = await runMain({ env: { AWS_ENDPOINT_URL_STS: url } });
    expect(expectFailedStep(run)).toContain(
      `Nothing accepts connections at ${url}`,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("times out a stalled STS within the attempts and their bound", async () => {
    await restartEmulator({ intercept: () => ({ stall: true }) });
    const started = Date.now();
    const run = await runMain({
      inputs: { "request-timeout-seconds": "3", "retry-max-attempts": "2" },
    });
    const error = expectFailedStep(run);
    expect(error).toContain("did not answer within 3s in any of 2 attempts");
    expect(error).toContain("request-timeout-seconds");
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(emulator.requests).toHaveLength(2);
  });

  it("says the endpoint host does not resolve, without retrying", async () => {
    const run = await runMain({
      env: { AWS_ENDPOINT_URL_STS: "http://sts.invalid:8443" },
      nodeArgs: ["--import", join(ROOT, "__tests__/support/no-dns.mjs")],
    });
    const error = expectFailedStep(run);
    expect(error).toContain("does not resolve");
    expect(run.stdout).not.toContain("Attempt 1 of");
  });

  it("logs each attempt at debug", async () => {
    await restartEmulator({ intercept: faultTimes(1, SERVER_FAULT) });
    const run = await runMain({});
    expect(run.stdout).toMatch(
      /^::debug::GetSessionToken attempt 1 to http:\/\/127\.0\.0\.1:\d+$/m,
    );
    expect(run.stdout).toMatch(/^::debug::GetSessionToken attempt 2 to /m);
    expect(run.stdout).toMatch(/^::debug::Proxy: none$/m);
  });
});
