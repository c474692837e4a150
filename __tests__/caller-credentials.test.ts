import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findCallerCredentials } from "../src/caller-credentials.js";
import { ActionError } from "../src/errors.js";

const KEY_ID = "AKIAEXAMPLEUSER00001";
const SECRET = "long/term/secret/of/an/iam/user/000000001";

let folder: string;
let files: { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string };

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "caller-"));
  files = {
    AWS_CONFIG_FILE: join(folder, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(folder, "credentials"),
  };
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => new Error("expected a failure"),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ActionError);
  return (error as Error).message;
}

/** A credential_process that prints the given JSON, run by this Node. */
function processPrinting(answer: object): string {
  const script = join(folder, "print-keys.mjs");
  writeFileSync(
    script,
    `console.log(${JSON.stringify(JSON.stringify(answer))})`,
  );
  return `"${process.execPath}" "${script}"`;
}

describe("findCallerCredentials from the key variables", () => {
  it("uses AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", async () => {
    const caller = await findCallerCredentials({
      ...files,
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    expect(caller).toMatchObject({
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET,
    });
    expect(caller.source).toContain("AWS_ACCESS_KEY_ID");
  });

  it("prefers the variables over a profile", async () => {
    writeFileSync(
      files.AWS_SHARED_CREDENTIALS_FILE,
      "[default]\naws_access_key_id = AKIAFROMFILE00000000\naws_secret_access_key = x\n",
    );
    const caller = await findCallerCredentials({
      ...files,
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    expect(caller.accessKeyId).toBe(KEY_ID);
  });

  it("refuses keys that come with a session token", async () => {
    const message = await failureOf(
      findCallerCredentials({
        ...files,
        AWS_ACCESS_KEY_ID: KEY_ID,
        AWS_SECRET_ACCESS_KEY: SECRET,
        AWS_SESSION_TOKEN: "token",
      }),
    );
    expect(message).toContain("temporary");
    expect(message).toContain("session token");
    expect(message).toContain("AssumeRole");
    expect(message).not.toContain(SECRET);
  });

  it("refuses a key id that starts with ASIA", async () => {
    const message = await failureOf(
      findCallerCredentials({
        ...files,
        AWS_ACCESS_KEY_ID: "ASIAEXAMPLESESSION01",
        AWS_SECRET_ACCESS_KEY: SECRET,
      }),
    );
    expect(message).toContain("starts with ASIA");
  });

  it("names the missing half of a key pair", async () => {
    const message = await failureOf(
      findCallerCredentials({ ...files, AWS_ACCESS_KEY_ID: KEY_ID }),
    );
    expect(message).toContain("AWS_SECRET_ACCESS_KEY is empty");
  });
});

describe("findCallerCredentials from shared files", () => {
  it("reads static keys of the default profile", async () => {
    writeFileSync(
      files.AWS_SHARED_CREDENTIALS_FILE,
      `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
    );
    const caller = await findCallerCredentials(files);
    expect(caller.accessKeyId).toBe(KEY_ID);
    expect(caller.source).toContain('profile "default"');
  });

  it("reads the profile named by AWS_PROFILE from the config file", async () => {
    writeFileSync(
      files.AWS_CONFIG_FILE,
      `[profile ci]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
    );
    const caller = await findCallerCredentials({ ...files, AWS_PROFILE: "ci" });
    expect(caller.secretAccessKey).toBe(SECRET);
  });

  it("falls back to AWS_DEFAULT_PROFILE", async () => {
    writeFileSync(
      files.AWS_SHARED_CREDENTIALS_FILE,
      `[legacy]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
    );
    const caller = await findCallerCredentials({
      ...files,
      AWS_DEFAULT_PROFILE: "legacy",
    });
    expect(caller.accessKeyId).toBe(KEY_ID);
  });

  it("runs a credential_process that returns long-term keys", async () => {
    const command = processPrinting({
      Version: 1,
      AccessKeyId: KEY_ID,
      SecretAccessKey: SECRET,
    });
    writeFileSync(
      files.AWS_CONFIG_FILE,
      `[default]\ncredential_process = ${command}\n`,
    );
    const caller = await findCallerCredentials(files);
    expect(caller).toMatchObject({
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET,
    });
    expect(caller.source).toContain("credential_process");
  });

  it("refuses a credential_process that returns a session", async () => {
    const command = processPrinting({
      Version: 1,
      AccessKeyId: "ASIAEXAMPLESESSION01",
      SecretAccessKey: SECRET,
      SessionToken: "token",
      Expiration: new Date(Date.now() + 3_600_000).toISOString(),
    });
    writeFileSync(
      files.AWS_CONFIG_FILE,
      `[default]\ncredential_process = ${command}\n`,
    );
    const message = await failureOf(findCallerCredentials(files));
    expect(message).toContain("temporary");
  });

  it("reports a credential_process that fails", async () => {
    writeFileSync(
      files.AWS_CONFIG_FILE,
      `[default]\ncredential_process = "${process.execPath}" -e "process.exit(3)"\n`,
    );
    const message = await failureOf(findCallerCredentials(files));
    expect(message).toContain("credential_process");
    expect(message).toContain("failed");
  });

  it("refuses a profile with a session token", async () => {
    writeFileSync(
      files.AWS_SHARED_CREDENTIALS_FILE,
      `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\naws_session_token = t\n`,
    );
    const message = await failureOf(findCallerCredentials(files));
    expect(message).toContain("temporary");
  });

  it.each(["role_arn", "sso_session", "web_identity_token_file"])(
    "explains that a profile with %s gives temporary credentials",
    async (setting) => {
      writeFileSync(
        files.AWS_CONFIG_FILE,
        `[profile ci]\n${setting} = something\n`,
      );
      const message = await failureOf(
        findCallerCredentials({ ...files, AWS_PROFILE: "ci" }),
      );
      expect(message).toContain(`it sets ${setting}`);
      expect(message).toContain("long-term keys");
    },
  );

  it("names a profile with only half a key pair", async () => {
    writeFileSync(
      files.AWS_SHARED_CREDENTIALS_FILE,
      `[default]\naws_access_key_id = ${KEY_ID}\n`,
    );
    const message = await failureOf(findCallerCredentials(files));
    expect(message).toContain(
      "needs both aws_access_key_id and aws_secret_access_key",
    );
  });

  it("says where it looked when no keys exist anywhere", async () => {
    const message = await failureOf(findCallerCredentials(files));
    expect(message).toContain("No AWS credentials found");
    expect(message).toContain("AWS_ACCESS_KEY_ID");
    expect(message).toContain(files.AWS_SHARED_CREDENTIALS_FILE);
    expect(message).toContain(files.AWS_CONFIG_FILE);
  });

  it("says when the named profile does not exist", async () => {
    writeFileSync(files.AWS_CONFIG_FILE, "[default]\nregion = us-east-1\n");
    const message = await failureOf(
      findCallerCredentials({ ...files, AWS_PROFILE: "missing" }),
    );
    expect(message).toContain('profile "missing"');
    expect(message).toContain("does not exist");
  });
});
