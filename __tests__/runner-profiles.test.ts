import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runStep } from "../scripts/local-runner.mjs";
import type { StepOptions, StepRun } from "../scripts/local-runner.mjs";
import { startStsEmulator } from "../scripts/sts-emulator.mjs";
import type { Emulator } from "../scripts/sts-emulator.mjs";
import { markerLine } from "../src/ini-file.js";
import { runAwsCli } from "./support/aws-cli.js";
import { parseWithBotocore } from "./support/botocore-parse.js";
import { TEST_CALLER_ENV, TEST_USER } from "./support/test-user.js";
import { findLeaks } from "./support/leak-check.js";
import { expectFailedStep } from "./support/step-checks.js";

const USER = TEST_USER;
const CALLER = TEST_CALLER_ENV;

// A file a person keeps by hand: comments of both kinds, a nested block,
// another profile, CRLF line endings and no final newline.
const HAND_KEPT_CONFIG =
  "# team settings\r\n[default]\r\nregion = eu-west-1\r\n\r\n" +
  "; build profile\r\n[profile build]\r\nregion = us-east-2\r\n" +
  "s3 =\r\n  max_concurrent_requests = 20\r\n";

let emulator: Emulator;
let folder: string;

beforeEach(async () => {
  emulator = await startStsEmulator({ users: [USER] });
  folder = mkdtempSync(join(tmpdir(), "profiles-"));
});

afterEach(async () => {
  await emulator.close();
});

async function runMain(options: StepOptions = {}): Promise<StepRun> {
  const run = await runStep("main", {
    ...options,
    env: { ...CALLER, AWS_ENDPOINT_URL_STS: emulator.url, ...options.env },
  });
  const sessions = [...emulator.sessions.values()];
  const secrets = [
    USER.secretAccessKey,
    ...sessions.flatMap((s) => [s.accessKeyId, s.secretAccessKey]),
    ...sessions.map((s) => s.sessionToken),
  ];
  expect(findLeaks(run.stdout + run.stderr, secrets)).toEqual([]);
  return run;
}

/** The environment a later step sees, without the caller's own keys. */
function laterStepEnv(run: StepRun): Record<string, string> {
  return {
    ...run.exportedEnv,
    AWS_ENDPOINT_URL_STS: emulator.url,
    HOME: run.home,
  };
}

async function cliIdentity(
  args: string[],
  env: Record<string, string>,
): Promise<unknown> {
  const cli = await runAwsCli(["sts", "get-caller-identity", ...args], env);
  expect(cli.stderr).toBe("");
  return JSON.parse(cli.stdout);
}

describe("writing the session as a profile", () => {
  it("writes a config profile that the AWS CLI and the JS SDK use", async () => {
    const config = join(folder, "config");
    const run = await runMain({ inputs: { "config-file": config } });
    expect(run.exitCode).toBe(0);
    expect(run.exportedEnv.AWS_CONFIG_FILE).toBe(config);
    expect(run.exportedEnv).not.toHaveProperty("AWS_PROFILE");
    expect(run.outputs).toMatchObject({
      "profile-name": "session-token",
      "config-file": config,
    });
    expect(lstatSync(config).mode & 0o777).toBe(0o600);

    const fileOnly = { AWS_CONFIG_FILE: config, HOME: run.home };
    const listed = await runAwsCli(
      ["configure", "list", "--profile", "session-token"],
      fileOnly,
    );
    expect(listed.stdout).toMatch(/access_key\s+\*+\S{4}\s+config-file/);
    const identity = await cliIdentity(["--profile", "session-token"], {
      ...fileOnly,
      AWS_ENDPOINT_URL_STS: emulator.url,
    });
    expect(identity).toMatchObject({ Account: USER.account });

    const keys = await fromIni({
      profile: "session-token",
      configFilepath: config,
      filepath: join(folder, "none"),
      ignoreCache: true,
    })();
    expect(keys.accessKeyId).toBe(run.exportedEnv.AWS_ACCESS_KEY_ID);
    expect(keys.sessionToken).toBe(run.exportedEnv.AWS_SESSION_TOKEN);
  });

  it("writes a credentials profile that the AWS CLI and the JS SDK use", async () => {
    const credentials = join(folder, "credentials");
    const run = await runMain({
      inputs: { "credentials-file": credentials, "profile-name": "ci" },
    });
    expect(run.exitCode).toBe(0);
    expect(run.exportedEnv.AWS_SHARED_CREDENTIALS_FILE).toBe(credentials);
    expect(readFileSync(credentials, "utf8")).toMatch(/^\[ci\]\n# Written/);

    const identity = await cliIdentity(["--profile", "ci"], {
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_CONFIG_FILE: join(folder, "none"),
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_ENDPOINT_URL_STS: emulator.url,
      HOME: run.home,
    });
    expect(identity).toMatchObject({ Account: USER.account });
    const keys = await fromIni({
      profile: "ci",
      filepath: credentials,
      configFilepath: join(folder, "none"),
      ignoreCache: true,
    })();
    expect(keys.secretAccessKey).toBe(run.exportedEnv.AWS_SECRET_ACCESS_KEY);
  });

  it("selects the profile by name when the keys are not exported", async () => {
    const config = join(folder, "config");
    const run = await runMain({
      inputs: { "config-file": config, "export-env": "false" },
    });
    expect(run.exportedEnv).toEqual({
      AWS_CONFIG_FILE: config,
      AWS_PROFILE: "session-token",
      AWS_DEFAULT_PROFILE: "session-token",
    });
    const identity = await cliIdentity([], laterStepEnv(run));
    expect(identity).toMatchObject({ Account: USER.account });
  });

  it("says when job-wide keys would hide the exported profile", async () => {
    const config = join(folder, "config");
    const run = await runMain({
      inputs: { "config-file": config, "export-env": "false" },
    });
    expect(run.stdout).toContain(
      "Note: if the job, not only this step, sets AWS_ACCESS_KEY_ID",
    );
  });

  it("warns that AWS_PROFILE would hide the exported keys from the JS SDK", async () => {
    const run = await runMain({ env: { AWS_PROFILE: "team" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^::warning::AWS_PROFILE is set to "team"/m);
  });

  it("keeps every byte of a hand-kept file and restores it after the job", async () => {
    const config = join(folder, "config");
    writeFileSync(config, HAND_KEPT_CONFIG);
    const run = await runMain({ inputs: { "config-file": config } });
    expect(run.exitCode).toBe(0);
    const written = readFileSync(config, "utf8");
    expect(written.startsWith(HAND_KEPT_CONFIG)).toBe(true);
    expect(written).not.toMatch(/[^\r]\n/);
    expect(Object.keys(await parseWithBotocore(config))).toEqual([
      "default",
      "profile build",
      "profile session-token",
    ]);

    const post = await runStep("post", { state: run.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain("the file is as it was");
    expect(readFileSync(config, "utf8")).toBe(HAND_KEPT_CONFIG);
  });

  it("deletes the files and folders it created when the job ends", async () => {
    const config = join(folder, "new", "aws", "config");
    const run = await runMain({ inputs: { "config-file": config } });
    expect(run.exitCode).toBe(0);
    expect(lstatSync(join(folder, "new")).mode & 0o777).toBe(0o700);

    const post = await runStep("post", { state: run.state });
    expect(post.stdout).toContain("the file, which the action created");
    expect(existsSync(join(folder, "new"))).toBe(false);
  });

  it("leaves the profile in place with cleanup false", async () => {
    const config = join(folder, "config");
    const run = await runMain({
      inputs: { "config-file": config, cleanup: "false" },
    });
    await runStep("post", { state: run.state });
    expect(readFileSync(config, "utf8")).toContain("[profile session-token]");
  });

  it("replaces its own section in place on a re-run", async () => {
    const config = join(folder, "config");
    writeFileSync(config, HAND_KEPT_CONFIG);
    const first = await runMain({ inputs: { "config-file": config } });
    const second = await runMain({ inputs: { "config-file": config } });
    expect(second.exitCode).toBe(0);
    const text = readFileSync(config, "utf8");
    expect(text.match(/\[profile session-token\]/g)).toHaveLength(1);
    expect(text).toContain(second.exportedEnv.AWS_SESSION_TOKEN);

    await runStep("post", { state: second.state });
    await runStep("post", { state: first.state });
    expect(readFileSync(config, "utf8")).toBe(HAND_KEPT_CONFIG);
  });

  it("drops an expired section an earlier job left behind", async () => {
    const config = join(folder, "config");
    const kept = "[default]\nregion = eu-west-1\n\n";
    const stale =
      "[profile session-token]\n" +
      `${markerLine(new Date("2020-01-01T00:00:00Z"))}\n` +
      "aws_access_key_id = ASIAOLDSESSION000001\n";
    writeFileSync(config, kept + stale);
    const run = await runMain({ inputs: { "config-file": config } });
    expect(run.exitCode).toBe(0);

    await runStep("post", { state: run.state });
    expect(readFileSync(config, "utf8")).toBe(kept);
  });

  it("removes only its section when the file changed during the job", async () => {
    const config = join(folder, "config");
    writeFileSync(config, HAND_KEPT_CONFIG);
    const run = await runMain({ inputs: { "config-file": config } });
    const added = "\r\n[profile later]\r\nregion = ap-south-1\r\n";
    writeFileSync(config, readFileSync(config, "utf8") + added);

    const post = await runStep("post", { state: run.state });
    expect(post.stdout).toContain("only the action's profile was taken out");
    const text = readFileSync(config, "utf8");
    expect(text).not.toContain("session-token");
    expect(text).toContain("[profile later]");
    expect(text.startsWith(HAND_KEPT_CONFIG)).toBe(true);
  });
});

describe("profiles the action must not touch", () => {
  const foreign = "[profile session-token]\nregion = us-west-1\n";

  it("refuses a profile it did not write, before calling STS", async () => {
    const config = join(folder, "config");
    writeFileSync(config, foreign);
    const run = await runMain({ inputs: { "config-file": config } });
    const error = expectFailedStep(run);
    expect(error).toContain('profile "session-token"');
    expect(error).toContain("overwrite-profile");
    expect(emulator.requests).toEqual([]);
    expect(readFileSync(config, "utf8")).toBe(foreign);
  });

  it("replaces it with overwrite-profile, and puts it back after", async () => {
    const config = join(folder, "config");
    writeFileSync(config, foreign);
    const run = await runMain({
      inputs: { "config-file": config, "overwrite-profile": "true" },
    });
    expect(run.exitCode).toBe(0);
    expect(readFileSync(config, "utf8")).not.toContain("us-west-1");
    await runStep("post", { state: run.state });
    expect(readFileSync(config, "utf8")).toBe(foreign);
  });

  it.each([
    [
      "a symbolic link",
      (path: string) => {
        symlinkSync(join(folder, "real"), path);
      },
      "symbolic link",
    ],
    [
      "a folder",
      (path: string) => {
        mkdirSync(path);
      },
      "is a folder",
    ],
  ])("refuses a path that is %s", async (_name, make, reason) => {
    const config = join(folder, "config");
    writeFileSync(join(folder, "real"), "[default]\n");
    make(config);
    const run = await runMain({ inputs: { "config-file": config } });
    const error = expectFailedStep(run);
    expect(error).toContain("Input config-file");
    expect(error).toContain(reason);
    expect(emulator.requests).toEqual([]);
    expect(readFileSync(join(folder, "real"), "utf8")).toBe("[default]\n");
  });

  it("refuses a path under a file", async () => {
    writeFileSync(join(folder, "plain"), "x");
    const run = await runMain({
      inputs: { "credentials-file": join(folder, "plain", "credentials") },
    });
    expect(expectFailedStep(run)).toContain("Input credentials-file");
    expect(emulator.requests).toEqual([]);
  });

  it.each(["a b", "[x]", "x]\n[y", "name\u3000wide", "#comment"])(
    "refuses profile name %j",
    async (name) => {
      const config = join(folder, "config");
      const run = await runMain({
        inputs: { "config-file": config, "profile-name": name },
      });
      expect(expectFailedStep(run)).toContain("Input profile-name");
      expect(existsSync(config)).toBe(false);
      expect(emulator.requests).toEqual([]);
    },
  );
});

describe.skipIf(process.getuid?.() !== 0)(
  "a folder the runner cannot write",
  () => {
    it("fails before calling STS, naming the input", async () => {
      const locked = join(folder, "locked");
      mkdirSync(locked, { mode: 0o755 });
      chmodSync(folder, 0o755);
      const run = await runStep("main", {
        inputs: { "config-file": join(locked, "config") },
        env: { ...CALLER, AWS_ENDPOINT_URL_STS: emulator.url },
        uid: 65534,
      });
      const error = expectFailedStep(run);
      expect(error).toContain("Input config-file");
      expect(error).toContain("permission denied");
      expect(emulator.requests).toEqual([]);
    });
  },
);
