import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStep } from "../scripts/local-runner.mjs";
import { startStsEmulator } from "../scripts/sts-emulator.mjs";
import type { Emulator } from "../scripts/sts-emulator.mjs";
import { TEST_CALLER_ENV, TEST_USER } from "./support/test-user.js";
import { parseWithBotocore } from "./support/botocore-parse.js";
import { findLeaks } from "./support/leak-check.js";

const USER = TEST_USER;
const CALLER = TEST_CALLER_ENV;
const ORIGINAL =
  "# shared by every runner on this host\n[default]\nregion = eu-west-1\n";
const WRITERS = 32;
const ROUNDS = 3;

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startStsEmulator({ users: [USER] });
});

afterAll(async () => {
  await emulator.close();
});

function stepOptions(config: string, profileName: string) {
  return {
    inputs: {
      "config-file": config,
      "profile-name": profileName,
      verify: "false",
    },
    env: { ...CALLER, AWS_ENDPOINT_URL_STS: emulator.url },
  };
}

describe("many jobs writing one file at once", () => {
  it.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))(
    `lands all ${WRITERS} profiles and cleans up to the original bytes (round %i)`,
    async () => {
      const config = join(mkdtempSync(join(tmpdir(), "shared-aws-")), "config");
      writeFileSync(config, ORIGINAL);
      const names = Array.from({ length: WRITERS }, (_, i) => `runner-${i}`);

      const runs = await Promise.all(
        names.map((name) => runStep("main", stepOptions(config, name))),
      );
      expect(runs.map((run) => run.exitCode)).toEqual(names.map(() => 0));
      const sessions = [...emulator.sessions.values()];
      const secrets = [
        USER.secretAccessKey,
        ...sessions.flatMap((s) => [s.secretAccessKey, s.sessionToken]),
      ];
      for (const run of runs) {
        expect(findLeaks(run.stdout + run.stderr, secrets)).toEqual([]);
      }

      const profiles = await parseWithBotocore(config);
      expect(Object.keys(profiles)).toHaveLength(WRITERS + 1);
      for (const [index, name] of names.entries()) {
        expect(profiles[`profile ${name}`]?.aws_access_key_id).toBe(
          runs[index]?.exportedEnv.AWS_ACCESS_KEY_ID,
        );
      }

      await Promise.all(
        runs.map((run) => runStep("post", { state: run.state })),
      );
      expect(readFileSync(config, "utf8")).toBe(ORIGINAL);
    },
    120_000,
  );
});

describe("a main step killed part-way", () => {
  it("leaves a file that parses, either old or new", async () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const config = join(mkdtempSync(join(tmpdir(), "killed-")), "config");
      writeFileSync(config, ORIGINAL);
      await runStep("main", {
        inputs: { "config-file": config },
        env: { ...CALLER, AWS_ENDPOINT_URL_STS: emulator.url },
        killAfterMs: 60 + attempt * 30,
      });

      const text = readFileSync(config, "utf8");
      const profiles = await parseWithBotocore(config);
      if (text === ORIGINAL) {
        expect(Object.keys(profiles)).toEqual(["default"]);
      } else {
        expect(text.startsWith(ORIGINAL)).toBe(true);
        expect(profiles["profile session-token"]?.aws_session_token).toMatch(
          /.{100}/,
        );
      }
    }
  }, 120_000);
});
