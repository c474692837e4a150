import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { motoServerAvailable, startMoto } from "../scripts/moto.mjs";
import { runStep } from "../scripts/local-runner.mjs";
import type { StepOptions, StepRun } from "../scripts/local-runner.mjs";
import { runAwsCli } from "./support/aws-cli.js";
import { findLeaks } from "./support/leak-check.js";
import { expectFailedStep } from "./support/step-checks.js";

// moto hands out AWS's documentation example keys for every session.
const MOTO_SESSION = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
};
const CALLER = {
  AWS_ACCESS_KEY_ID: "AKIAMOTOCALLER000001",
  AWS_SECRET_ACCESS_KEY: "caller/secret/for/moto/tests/000000000001",
};
const ACCOUNT = "123456789012";

let moto: Awaited<ReturnType<typeof startMoto>>;

function stepEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...CALLER, ...extra };
}

function secretsOf(run: StepRun): (string | undefined)[] {
  return [
    CALLER.AWS_ACCESS_KEY_ID,
    CALLER.AWS_SECRET_ACCESS_KEY,
    MOTO_SESSION.accessKeyId,
    MOTO_SESSION.secretAccessKey,
    run.exportedEnv.AWS_SESSION_TOKEN,
    run.outputs["aws-session-token"],
  ];
}

function expectNoLeak(run: StepRun, maskedByChoice: string[] = []): void {
  const log = run.stdout + run.stderr;
  expect(findLeaks(log, secretsOf(run), maskedByChoice)).toEqual([]);
}

/** Runs the main step against moto; every run's log is checked for leaks. */
async function runMain(options: StepOptions = {}): Promise<StepRun> {
  const run = await runStep("main", {
    ...options,
    env: { AWS_ENDPOINT_URL_STS: moto.url, ...options.env },
  });
  expectNoLeak(run);
  return run;
}

describe.skipIf(!motoServerAvailable())("the main step against moto", () => {
  beforeAll(async () => {
    moto = await startMoto();
  });

  afterAll(async () => {
    await moto.close();
  });

  it("exports a session that the AWS CLI uses", async () => {
    const run = await runMain({ env: stepEnv() });

    expect(run.exitCode).toBe(0);
    expect(run.exportedEnv).toMatchObject({
      AWS_ACCESS_KEY_ID: MOTO_SESSION.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_SESSION.secretAccessKey,
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1",
    });
    expect(run.exportedEnv.AWS_SESSION_TOKEN?.length).toBeGreaterThan(20);
    expect(run.outputs).toMatchObject({
      "aws-account-id": ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:user/moto`,
    });
    expect(run.outputs.expiration).toBe(
      run.exportedEnv.AWS_CREDENTIAL_EXPIRATION,
    );
    expect(run.state.expiration).toBe(run.outputs.expiration);

    const cli = await runAwsCli(["sts", "get-caller-identity"], {
      ...run.exportedEnv,
      AWS_ENDPOINT_URL_STS: moto.url,
      HOME: run.runnerTemp,
    });
    expect(cli.stderr).toBe("");
    expect(JSON.parse(cli.stdout)).toMatchObject({ Account: ACCOUNT });
  });

  it("prints one outcome line naming who and until when", async () => {
    const run = await runMain({ env: stepEnv() });
    const outcome = run.stdout
      .split("\n")
      .filter((line) => line.startsWith("Session for "));
    expect(outcome).toEqual([
      `Session for arn:aws:sts::${ACCOUNT}:user/moto valid until ` +
        `${run.outputs.expiration ?? ""}, exported to later steps.`,
    ]);
  });

  it("leaks nothing with step debug on", async () => {
    const run = await runMain({
      env: stepEnv({ ACTIONS_STEP_DEBUG: "true", RUNNER_DEBUG: "1" }),
      inputs: { "output-credentials": "true" },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("::debug::");
  });

  it("sets outputs but exports nothing with export-env false", async () => {
    const run = await runMain({
      env: stepEnv(),
      inputs: { "export-env": "false" },
    });
    expect(run.exitCode).toBe(0);
    expect(run.exportedEnv).toEqual({});
    expect(Object.keys(run.outputs).sort()).toEqual([
      "arn",
      "aws-account-id",
      "expiration",
      "mfa-authenticated",
    ]);
  });

  it("sets the credentials as outputs when asked", async () => {
    const run = await runMain({
      env: stepEnv(),
      inputs: { "output-credentials": "true" },
    });
    expect(run.outputs).toMatchObject({
      "aws-access-key-id": MOTO_SESSION.accessKeyId,
      "aws-secret-access-key": MOTO_SESSION.secretAccessKey,
    });
  });

  it("masks the account id before any line shows it", async () => {
    const run = await runMain({
      env: stepEnv(),
      inputs: { "mask-aws-account-id": "true" },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${ACCOUNT}`);
    expectNoLeak(run, [ACCOUNT]);
  });

  it("accepts a session in an allowed account", async () => {
    const run = await runMain({
      env: stepEnv(),
      inputs: { "allowed-account-ids": `111122223333,${ACCOUNT}` },
    });
    expect(run.exitCode).toBe(0);
  });

  it("exports nothing for a session in another account", async () => {
    const run = await runMain({
      env: stepEnv(),
      inputs: { "allowed-account-ids": "111122223333" },
    });
    const error = expectFailedStep(run);
    expect(error).toContain(`account ${ACCOUNT}`);
    expect(error).toContain("allowed-account-ids");
  });

  it("takes the region from AWS_REGION and exports it", async () => {
    const run = await runMain({
      env: stepEnv({ AWS_REGION: "eu-central-1" }),
    });
    expect(run.exportedEnv.AWS_DEFAULT_REGION).toBe("eu-central-1");
  });

  it("reads caller keys from ~/.aws/credentials", async () => {
    const home = mkdtempSync(join(tmpdir(), "home-"));
    mkdirSync(join(home, ".aws"));
    writeFileSync(
      join(home, ".aws", "credentials"),
      "[default]\n" +
        `aws_access_key_id = ${CALLER.AWS_ACCESS_KEY_ID}\n` +
        `aws_secret_access_key = ${CALLER.AWS_SECRET_ACCESS_KEY}\n`,
    );
    const run = await runMain({
      env: {},
      home,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(join(home, ".aws", "credentials"));
  });

  it("writes a profile the AWS CLI uses by name", async () => {
    const config = join(mkdtempSync(join(tmpdir(), "moto-aws-")), "config");
    const run = await runMain({
      env: stepEnv(),
      inputs: { "config-file": config, "export-env": "false" },
    });
    expect(run.exitCode).toBe(0);

    const fileOnly = { AWS_CONFIG_FILE: config, HOME: run.home };
    const listed = await runAwsCli(
      ["configure", "list", "--profile", "session-token"],
      fileOnly,
    );
    expect(listed.stdout).toMatch(/secret_key\s+\*+\S{4}\s+config-file/);
    const cli = await runAwsCli(
      ["sts", "get-caller-identity", "--profile", "session-token"],
      { ...fileOnly, AWS_ENDPOINT_URL_STS: moto.url },
    );
    expect(cli.stderr).toBe("");
    expect(JSON.parse(cli.stdout)).toMatchObject({ Account: ACCOUNT });
  });

  it("says where it looked when there are no keys, without probing", async () => {
    const run = await runMain({
      env: {},
    });
    const error = expectFailedStep(run);
    expect(error).toContain("No AWS credentials found");
    expect(error).toContain("AWS_ACCESS_KEY_ID");
  });
});

describe("the post step", () => {
  it("warns when the session expired before the job ended", async () => {
    const run = await runStep("post", {
      state: { expiration: "2020-01-01T00:00:00.000Z" },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /^::warning::The session expired at 2020-01-01/m,
    );
  });

  it("says nothing while the session is valid", async () => {
    const run = await runStep("post", {
      state: { expiration: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("");
  });
});
