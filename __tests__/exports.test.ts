import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  maskCallerCredentials,
  maskSession,
  publishSession,
} from "../src/exports.js";
import { INPUT_DEFAULTS, readSettings } from "../src/inputs.js";
import type { Settings } from "../src/inputs.js";
import { readFileCommand } from "../scripts/local-runner.mjs";

const session = {
  accessKeyId: "ASIAEXAMPLESESSION01",
  secretAccessKey: "session/secret/000000000000000000000001",
  sessionToken: "session-token-0001",
  expiration: new Date("2030-01-02T03:04:05.000Z"),
  mfaAuthenticated: false,
};
const identity = {
  account: "111122223333",
  arn: "arn:aws:iam::111122223333:user/ci",
  userId: "AIDAEXAMPLE",
};

let folder: string;
let files: Record<"env" | "output" | "state", string>;
const savedEnv = { ...process.env };

function settingsWith(inputs: Record<string, string>): Settings {
  const all: Record<string, string> = { ...INPUT_DEFAULTS, ...inputs };
  return readSettings({ getInput: (name) => all[name] ?? "", env: {} });
}

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "exports-"));
  files = {
    env: join(folder, "env"),
    output: join(folder, "output"),
    state: join(folder, "state"),
  };
  for (const path of Object.values(files)) writeFileSync(path, "");
  process.env.GITHUB_ENV = files.env;
  process.env.GITHUB_OUTPUT = files.output;
  process.env.GITHUB_STATE = files.state;
});

afterEach(() => {
  process.env = { ...savedEnv };
  rmSync(folder, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe("publishSession", () => {
  it("exports the session and region to GITHUB_ENV", () => {
    publishSession(
      session,
      identity,
      [],
      settingsWith({ "aws-region": "eu-west-1" }),
    );
    expect(readFileCommand(files.env)).toEqual({
      AWS_ACCESS_KEY_ID: session.accessKeyId,
      AWS_SECRET_ACCESS_KEY: session.secretAccessKey,
      AWS_SESSION_TOKEN: session.sessionToken,
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_CREDENTIAL_EXPIRATION: "2030-01-02T03:04:05.000Z",
    });
  });

  it("exports nothing with export-env false but still sets outputs", () => {
    publishSession(
      session,
      identity,
      [],
      settingsWith({ "export-env": "false" }),
    );
    expect(readFileCommand(files.env)).toEqual({});
    expect(readFileCommand(files.output)).toEqual({
      expiration: "2030-01-02T03:04:05.000Z",
      "mfa-authenticated": "false",
      "aws-account-id": identity.account,
      arn: identity.arn,
    });
  });

  it("sets no identity outputs without verification", () => {
    publishSession(session, undefined, [], settingsWith({ verify: "false" }));
    expect(Object.keys(readFileCommand(files.output))).toEqual([
      "expiration",
      "mfa-authenticated",
    ]);
  });

  it("sets the credentials as outputs only when asked", () => {
    publishSession(
      session,
      identity,
      [],
      settingsWith({ "output-credentials": "true" }),
    );
    expect(readFileCommand(files.output)).toMatchObject({
      "aws-access-key-id": session.accessKeyId,
      "aws-secret-access-key": session.secretAccessKey,
      "aws-session-token": session.sessionToken,
    });
  });

  it("leaves the expiry for the post step", () => {
    publishSession(session, identity, [], settingsWith({}));
    expect(readFileCommand(files.state)).toEqual({
      expiration: "2030-01-02T03:04:05.000Z",
    });
  });
});

describe("masking", () => {
  function maskedValues(): string[] {
    const write = vi.spyOn(process.stdout, "write").mockReturnValue(true);
    maskSession(session);
    maskCallerCredentials({
      accessKeyId: "AKIAEXAMPLEUSER00001",
      secretAccessKey: "caller-secret",
      source: "test",
    });
    return write.mock.calls.map(([line]) => String(line).trim());
  }

  it("masks every session and caller secret with add-mask", () => {
    expect(maskedValues()).toEqual([
      `::add-mask::${session.accessKeyId}`,
      `::add-mask::${session.secretAccessKey}`,
      `::add-mask::${session.sessionToken}`,
      "::add-mask::AKIAEXAMPLEUSER00001",
      "::add-mask::caller-secret",
    ]);
  });
});
