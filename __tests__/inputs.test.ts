import { describe, expect, it } from "vitest";
import { ActionError } from "../src/errors.js";
import {
  INPUT_DEFAULTS,
  readSettings,
  type InputSource,
} from "../src/inputs.js";

function source(
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): InputSource {
  const all: Record<string, string> = { ...INPUT_DEFAULTS, ...inputs };
  return { getInput: (name) => all[name] ?? "", env };
}

function failureOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return (error as Error).message;
  }
  throw new Error("expected a failure");
}

describe("readSettings", () => {
  it("reads the defaults into a settings object", () => {
    expect(readSettings(source())).toEqual({
      durationSeconds: 3600,
      region: "us-east-1",
      exportEnv: true,
      verify: true,
      allowedAccountIds: [],
      maskAccountId: false,
      outputCredentials: false,
      jobSummary: true,
      mfa: undefined,
      retry: { maxAttempts: 3, timeoutMs: 10_000 },
      proxy: { url: undefined, noProxy: [] },
      profile: {
        profileName: "session-token",
        configFile: undefined,
        credentialsFile: undefined,
        overwriteProfile: false,
        cleanup: true,
      },
    });
  });

  it("treats an empty input as its default", () => {
    const empty = { getInput: () => "", env: {} };
    expect(readSettings(empty).durationSeconds).toBe(3600);
    expect(readSettings(empty).exportEnv).toBe(true);
  });

  it("reads 15m as 900 seconds", () => {
    const settings = readSettings(source({ "duration-seconds": "15m" }));
    expect(settings.durationSeconds).toBe(900);
  });

  it("rejects a duration below 900 seconds, naming the input and range", () => {
    const message = failureOf(() =>
      readSettings(source({ "duration-seconds": "899" })),
    );
    expect(message).toContain("duration-seconds");
    expect(message).toContain("899");
    expect(message).toContain("900 to 129600");
  });

  it("rejects a duration above 36 hours", () => {
    const message = failureOf(() =>
      readSettings(source({ "duration-seconds": "37h" })),
    );
    expect(message).toContain("133200 seconds");
  });

  it.each(["15x", "1.5h", "-900", "0", "９００", "1 hour", "9".repeat(30)])(
    "rejects duration %j, naming the input",
    (text) => {
      const message = failureOf(() =>
        readSettings(source({ "duration-seconds": text })),
      );
      expect(message).toMatch(/^Input duration-seconds: /);
      expect(message).toContain("15m, 1h30m or 36h");
    },
  );

  it("takes the region from the input first", () => {
    const settings = readSettings(
      source({ "aws-region": "eu-west-1" }, { AWS_REGION: "us-west-2" }),
    );
    expect(settings.region).toBe("eu-west-1");
  });

  it("falls back to AWS_REGION, then AWS_DEFAULT_REGION", () => {
    const both = { AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "ap-south-1" };
    expect(readSettings(source({}, both)).region).toBe("us-west-2");
    const onlyDefault = { AWS_DEFAULT_REGION: "ap-south-1" };
    expect(readSettings(source({}, onlyDefault)).region).toBe("ap-south-1");
  });

  it.each(["us-gov-west-1", "cn-north-1", "us-isob-east-1", "eusc-de-east-1"])(
    "accepts region %s",
    (region) => {
      expect(readSettings(source({ "aws-region": region })).region).toBe(
        region,
      );
    },
  );

  it.each(["us-east", "US-EAST-1", "us_east_1", "https://sts.amazonaws.com"])(
    "rejects region %j, naming the input",
    (region) => {
      const message = failureOf(() =>
        readSettings(source({ "aws-region": region })),
      );
      expect(message).toMatch(/^Input aws-region: /);
    },
  );

  it("names the variable when a region from the environment is bad", () => {
    const message = failureOf(() =>
      readSettings(source({}, { AWS_DEFAULT_REGION: "moon" })),
    );
    expect(message).toMatch(/^Variable AWS_DEFAULT_REGION: "moon"/);
  });

  it("reads account ids separated by commas, spaces or lines", () => {
    const settings = readSettings(
      source({ "allowed-account-ids": "111122223333, 444455556666,\n" }),
    );
    expect(settings.allowedAccountIds).toEqual([
      "111122223333",
      "444455556666",
    ]);
  });

  it.each(["12345", "1111222233334", "abcdefghijkl", "1111-2222-3333"])(
    "rejects account id %j",
    (id) => {
      const message = failureOf(() =>
        readSettings(source({ "allowed-account-ids": id })),
      );
      expect(message).toContain("Input allowed-account-ids");
      expect(message).toContain("12-digit");
    },
  );

  it("refuses allowed-account-ids without verify", () => {
    const message = failureOf(() =>
      readSettings(
        source({ "allowed-account-ids": "111122223333", verify: "false" }),
      ),
    );
    expect(message).toContain("verify: true");
  });

  it.each([
    "export-env",
    "verify",
    "mask-aws-account-id",
    "output-credentials",
  ])("rejects a non-boolean %s", (name) => {
    const message = failureOf(() => readSettings(source({ [name]: "yes" })));
    expect(message).toBe(
      `Input ${name}: "yes" is not a boolean. Expected true or false.`,
    );
  });

  it("accepts the YAML spellings of true and false", () => {
    const settings = readSettings(
      source({ "export-env": "FALSE", "output-credentials": "True" }),
    );
    expect(settings.exportEnv).toBe(false);
    expect(settings.outputCredentials).toBe(true);
  });

  it("expands ~ to the home folder in file paths", () => {
    const settings = readSettings(
      source({ "config-file": "~/.aws/config" }, { HOME: "/home/runner" }),
    );
    expect(settings.profile.configFile).toBe("/home/runner/.aws/config");
  });

  it("resolves a relative file path in the workspace", () => {
    const settings = readSettings(
      source(
        { "credentials-file": ".aws/credentials" },
        { GITHUB_WORKSPACE: "/work/repo" },
      ),
    );
    expect(settings.profile.credentialsFile).toBe(
      "/work/repo/.aws/credentials",
    );
  });

  it("refuses the same file for config and credentials", () => {
    const message = failureOf(() =>
      readSettings(
        source({
          "config-file": "/tmp/aws",
          "credentials-file": "/tmp/../tmp/aws",
        }),
      ),
    );
    expect(message).toContain("config-file and credentials-file");
  });

  it.each(["~other/config", "~", "a\nb"])(
    "refuses file path %j, naming the input",
    (path) => {
      const message = failureOf(() =>
        readSettings(source({ "config-file": path })),
      );
      expect(message).toMatch(/^Input config-file: /);
    },
  );

  it.each(["ci", "team.ci-1", "a+b@c/d", "default"])(
    "accepts profile name %j",
    (name) => {
      const settings = readSettings(source({ "profile-name": name }));
      expect(settings.profile.profileName).toBe(name);
    },
  );

  it.each(["a b", "[x]", "a]b", "x\ny", "tab\tname", "ü", "x".repeat(129)])(
    "rejects profile name %j, naming the input",
    (name) => {
      const message = failureOf(() =>
        readSettings(source({ "profile-name": name })),
      );
      expect(message).toMatch(/^Input profile-name: /);
    },
  );
});

describe("readSettings for MFA", () => {
  const serial = "arn:aws:iam::111122223333:mfa/ci";
  const seed = "JBSWY3DPEHPK3PXP JBSWY3DPEHPK3PXP";

  it("reads a serial with a fixed code", () => {
    const settings = readSettings(
      source({ "mfa-serial-number": serial, "mfa-token-code": "012345" }),
    );
    expect(settings.mfa).toEqual({
      serialNumber: serial,
      tokenCode: "012345",
      totpSecret: undefined,
    });
  });

  it("reads a seed with spaces and lower case", () => {
    const settings = readSettings(
      source({
        "mfa-serial-number": serial,
        "mfa-totp-secret": seed.toLowerCase(),
      }),
    );
    expect(settings.mfa?.totpSecret).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  });

  it.each([
    [
      { "mfa-token-code": "123456" },
      "Input mfa-token-code needs mfa-serial-number",
    ],
    [
      { "mfa-totp-secret": seed },
      "Input mfa-totp-secret needs mfa-serial-number",
    ],
    [{ "mfa-serial-number": serial }, "needs exactly one of mfa-token-code"],
    [
      {
        "mfa-serial-number": serial,
        "mfa-token-code": "123456",
        "mfa-totp-secret": seed,
      },
      "needs exactly one of mfa-token-code",
    ],
    [
      { "mfa-serial-number": serial, "mfa-token-code": "12345" },
      "Input mfa-token-code",
    ],
    [{ "mfa-serial-number": serial, "mfa-token-code": "12345a" }, "six digits"],
    [
      { "mfa-serial-number": serial, "mfa-token-code": "１２３４５６" },
      "six digits",
    ],
    [
      { "mfa-serial-number": serial, "mfa-totp-secret": "not base32 at all!" },
      "Input mfa-totp-secret",
    ],
    [
      { "mfa-serial-number": serial, "mfa-totp-secret": "ABCDEFGH" },
      "at least 16",
    ],
    [
      { "mfa-serial-number": "short", "mfa-token-code": "123456" },
      "Input mfa-serial-number",
    ],
    [
      {
        "mfa-serial-number": "arn:aws:iam::111122223333:mfa/bad name",
        "mfa-token-code": "123456",
      },
      "Input mfa-serial-number",
    ],
    [
      { "mfa-serial-number": "x".repeat(257), "mfa-token-code": "123456" },
      "9 to 256",
    ],
    [
      {
        "mfa-serial-number": "arn:aws:iam::111122223333:user/ci",
        "mfa-token-code": "123456",
      },
      ":mfa/ where this has :user/",
    ],
  ])("rejects %j", (inputs, message) => {
    expect(failureOf(() => readSettings(source(inputs)))).toContain(message);
  });

  it("never shows the seed in its error", () => {
    const bad = "secret-but-not-base32-1";
    const message = failureOf(() =>
      readSettings(
        source({ "mfa-serial-number": serial, "mfa-totp-secret": bad }),
      ),
    );
    expect(message).not.toContain(bad);
  });

  it("accepts GovCloud and China device ARNs and hardware serials", () => {
    for (const device of [
      "arn:aws-us-gov:iam::111122223333:mfa/ci",
      "arn:aws-cn:iam::111122223333:mfa/ci",
      "GAHT12345678",
    ]) {
      const settings = readSettings(
        source({ "mfa-serial-number": device, "mfa-token-code": "123456" }),
      );
      expect(settings.mfa?.serialNumber).toBe(device);
    }
  });
});
