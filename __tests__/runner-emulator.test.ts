import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runStep } from "../scripts/local-runner.mjs";
import type { StepOptions, StepRun } from "../scripts/local-runner.mjs";
import { startStsEmulator } from "../scripts/sts-emulator.mjs";
import type { Emulator, EmulatorOptions } from "../scripts/sts-emulator.mjs";
import { runAwsCli } from "./support/aws-cli.js";
import { TEST_CALLER_ENV, TEST_USER } from "./support/test-user.js";
import { findLeaks } from "./support/leak-check.js";
import { expectFailedStep } from "./support/step-checks.js";

const USER = TEST_USER;
const CALLER = TEST_CALLER_ENV;

let emulator: Emulator;

async function restartEmulator(options: EmulatorOptions): Promise<void> {
  await emulator.close();
  emulator = await startStsEmulator({ users: [USER], ...options });
}

beforeEach(async () => {
  emulator = await startStsEmulator({ users: [USER] });
});

afterEach(async () => {
  await emulator.close();
});

function secretsOf(run: StepRun): (string | undefined)[] {
  const sessions = [...emulator.sessions.values()];
  return [
    USER.accessKeyId,
    USER.secretAccessKey,
    ...sessions.flatMap((s) => [s.accessKeyId, s.secretAccessKey]),
    ...sessions.map((s) => s.sessionToken),
    run.exportedEnv.AWS_SESSION_TOKEN,
  ];
}

/** Runs the main step against the emulator and checks the log for leaks. */
async function runMain(options: StepOptions = {}): Promise<StepRun> {
  const run = await runStep("main", {
    ...options,
    env: { ...CALLER, AWS_ENDPOINT_URL_STS: emulator.url, ...options.env },
  });
  expect(findLeaks(run.stdout + run.stderr, secretsOf(run))).toEqual([]);
  return run;
}

function requestsFor(action: string): Record<string, string>[] {
  return emulator.requests
    .filter((request) => request.action === action)
    .map((request) => request.params);
}

describe("the main step against the STS emulator", () => {
  it("sends 15m as DurationSeconds 900", async () => {
    const run = await runMain({ inputs: { "duration-seconds": "15m" } });
    expect(run.exitCode).toBe(0);
    expect(requestsFor("GetSessionToken")).toEqual([
      {
        Action: "GetSessionToken",
        Version: "2011-06-15",
        DurationSeconds: "900",
      },
    ]);
  });

  it("exports a session that the AWS CLI and STS accept", async () => {
    const run = await runMain();
    expect(run.exitCode).toBe(0);
    expect(run.exportedEnv.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(run.outputs.arn).toBe("arn:aws:iam::111122223333:user/ci-user");

    const cli = await runAwsCli(["sts", "get-caller-identity"], {
      ...run.exportedEnv,
      AWS_ENDPOINT_URL_STS: emulator.url,
      HOME: run.home,
    });
    expect(cli.stderr).toBe("");
    expect(JSON.parse(cli.stdout)).toMatchObject({
      Account: USER.account,
      Arn: "arn:aws:iam::111122223333:user/ci-user",
    });
  });

  it("writes a job summary with no secret in it", async () => {
    const run = await runMain();
    expect(run.summary).toContain("AWS session");
    expect(run.summary).toContain("arn:aws:iam::111122223333:user/ci-user");
    expect(run.summary).toContain(run.outputs.expiration);
    expect(findLeaks(run.summary, secretsOf(run))).toEqual([]);
  });

  it("hides the account in the summary when it is masked", async () => {
    const run = await runMain({ inputs: { "mask-aws-account-id": "true" } });
    expect(run.summary).not.toContain(USER.account);
  });

  it("writes no summary with job-summary false", async () => {
    const run = await runMain({ inputs: { "job-summary": "false" } });
    expect(run.exitCode).toBe(0);
    expect(run.summary).toBe("");
  });

  it("shows each phase in a group that closes", async () => {
    const run = await runMain();
    const opened = run.stdout.match(/^::group::/gm) ?? [];
    const closed = run.stdout.match(/^::endgroup::/gm) ?? [];
    expect(opened.length).toBeGreaterThanOrEqual(3);
    expect(closed).toHaveLength(opened.length);
  });

  it("runs the caller's credential_process from the config file", async () => {
    const run = await runStep("main", { env: {} });
    const config = join(run.home, "config");
    const keys = JSON.stringify({
      Version: 1,
      AccessKeyId: USER.accessKeyId,
      SecretAccessKey: USER.secretAccessKey,
    });
    const script = join(run.home, "keys.mjs");
    writeFileSync(script, `console.log(${JSON.stringify(keys)})`);
    writeFileSync(
      config,
      `[profile ci]\ncredential_process = "${process.execPath}" "${script}"\n`,
    );
    const viaProcess = await runStep("main", {
      home: run.home,
      env: {
        AWS_CONFIG_FILE: config,
        AWS_PROFILE: "ci",
        AWS_ENDPOINT_URL_STS: emulator.url,
      },
    });
    expect(viaProcess.exitCode).toBe(0);
    expect(viaProcess.stdout).toContain("credential_process");
    expect(findLeaks(viaProcess.stdout, secretsOf(viaProcess))).toEqual([]);
  });
});

describe("failures before any request", () => {
  it.each([
    [
      "a key id that starts with ASIA",
      { env: { AWS_ACCESS_KEY_ID: "ASIAEMULATORSESSION1" } },
      "starts with ASIA",
    ],
    [
      "a session token beside the keys",
      { env: { AWS_SESSION_TOKEN: "a-session-token" } },
      "come with a session token",
    ],
    [
      "a duration of 899",
      { inputs: { "duration-seconds": "899" } },
      'Input duration-seconds: "899" is 899 seconds',
    ],
    [
      "a duration of 15x",
      { inputs: { "duration-seconds": "15x" } },
      'Input duration-seconds: "15x" is not a duration',
    ],
    [
      "a region that is not one",
      { inputs: { "aws-region": "mars" } },
      "Input aws-region",
    ],
    ["a non-boolean verify", { inputs: { verify: "yes" } }, "Input verify"],
  ] satisfies [string, StepOptions, string][])(
    "refuses %s",
    async (_name, options, message) => {
      const run = await runMain(options);
      expect(expectFailedStep(run)).toContain(message);
      expect(emulator.requests).toEqual([]);
    },
  );

  it("names what to use instead of temporary keys", async () => {
    const run = await runMain({ env: { AWS_SESSION_TOKEN: "token" } });
    expect(expectFailedStep(run)).toContain("sts:AssumeRole");
  });
});

describe("failures reported by STS", () => {
  it("explains an unknown access key id", async () => {
    const run = await runMain({
      env: { AWS_ACCESS_KEY_ID: "AKIAUNKNOWNKEY000001" },
    });
    const error = expectFailedStep(run);
    expect(error).toContain("InvalidClientTokenId");
    expect(error).toContain("active in IAM");
  });

  it("explains a secret that does not match the key id", async () => {
    const run = await runMain({
      env: {
        AWS_SECRET_ACCESS_KEY: "not/the/right/secret/0000000000000000001",
      },
    });
    const error = expectFailedStep(run);
    expect(error).toContain("SignatureDoesNotMatch");
    expect(error).toContain("AWS_SECRET_ACCESS_KEY");
  });

  // STS answers a skewed signature with its own time in the Date header;
  // the SDK corrects its clock from it and signs again.
  it("recovers from a runner clock an hour off", async () => {
    await restartEmulator({ clock: () => Date.now() + 60 * 60 * 1000 });
    const run = await runMain();
    expect(run.exitCode).toBe(0);
    // Each call is refused once, then signed with the corrected clock.
    expect(requestsFor("GetSessionToken")).toHaveLength(2);
    expect(requestsFor("GetCallerIdentity")).toHaveLength(2);
  });

  it("explains a region where STS is not activated", async () => {
    await restartEmulator({ disabledRegions: ["ap-east-1"] });
    const run = await runMain({ inputs: { "aws-region": "ap-east-1" } });
    const error = expectFailedStep(run);
    expect(error).toContain("RegionDisabledException");
    expect(error).toContain("not activated in ap-east-1");
  });

  it("explains an access denied by policy", async () => {
    await restartEmulator({
      intercept: () => ({
        status: 403,
        code: "AccessDenied",
        message:
          "User: arn:aws:iam::111122223333:user/ci-user is not authorized " +
          "to perform: sts:GetSessionToken with an explicit deny",
      }),
    });
    const error = expectFailedStep(await runMain());
    expect(error).toContain("policy denies sts:GetSessionToken");
    expect(error).toContain("explicit deny");
  });

  it("exports nothing when verification fails", async () => {
    await restartEmulator({
      intercept: (request) =>
        request.action === "GetCallerIdentity"
          ? { status: 403, code: "AccessDenied", message: "denied" }
          : undefined,
    });
    const run = await runMain();
    expect(expectFailedStep(run)).toContain("GetCallerIdentity failed");
    expect(emulator.sessions.size).toBe(1);
  });

  it("names the endpoint when nothing listens there", async () => {
    const { url } = emulator;
    await emulator.close();
    const run = await runMain({ env: { AWS_ENDPOINT_URL_STS: url } });
    expect(expectFailedStep(run)).toContain(
      `Nothing accepts connections at ${url}`,
    );
  });
});
