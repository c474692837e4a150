import {
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  type STSClientConfig,
} from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterEach, describe, expect, it, vi } from "vitest";
import { motoServerAvailable, startMoto } from "../scripts/moto.mjs";
import {
  startStsEmulator,
  totpCode,
  type Emulator,
  type EmulatorOptions,
  type MfaDevice,
  type RecordedRequest,
  type StsUser,
} from "../scripts/sts-emulator.mjs";

// Keeps the SDK from looking for instance credentials on the network.
process.env.AWS_EC2_METADATA_DISABLED = "true";

interface AccessKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const DEFAULT_USER: StsUser = {
  accessKeyId: "AKIAEMULATOR0000USER",
  secretAccessKey: "emulator/secret/key/for/tests/only/0000",
  account: "111122223333",
  userName: "ci-user",
};

const ROOT_USER: StsUser = {
  accessKeyId: "AKIAEMULATOR0000ROOT",
  secretAccessKey: "emulator/secret/key/for/the/account/root",
  account: "444455556666",
  userName: "root",
  root: true,
};

const RELEASE_USER: StsUser = {
  accessKeyId: "AKIAEMULATOR0RELEASE",
  secretAccessKey: "emulator/secret/key/for/the/release/user",
  account: "111122223333",
  userName: "release-user",
};

const CI_SERIAL = "arn:aws:iam::111122223333:mfa/ci-user";

// Fake seeds: base32 of "fake ci-user device seed" and of "fake
// release-user seed!!".
const CI_DEVICE: MfaDevice = {
  serialNumber: CI_SERIAL,
  seed: "MZQWWZJAMNUS25LTMVZCAZDFOZUWGZJAONSWKZA",
  accessKeyId: DEFAULT_USER.accessKeyId,
};

const RELEASE_DEVICE: MfaDevice = {
  serialNumber: "arn:aws:iam::111122223333:mfa/release-user",
  seed: "MZQWWZJAOJSWYZLBONSS25LTMVZCA43FMVSCCII",
  accessKeyId: RELEASE_USER.accessKeyId,
};

// Base32 of the ASCII "12345678901234567890", RFC 6238's SHA-1 test key.
const RFC_6238_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

const MINUTE_MS = 60_000;
const WINDOW_MS = 30_000;

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  const pending = cleanups.splice(0).reverse();
  for (const cleanup of pending) await cleanup();
});

async function emulatorWith(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startStsEmulator(options);
  cleanups.push(() => emulator.close());
  return emulator;
}

function clientFor(
  emulator: { url: string },
  keys: AccessKeys = DEFAULT_USER,
  config: Partial<STSClientConfig> = {},
): STSClient {
  const client = new STSClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: keys,
    maxAttempts: 1,
    ...config,
  });
  cleanups.push(() => {
    client.destroy();
  });
  return client;
}

async function sessionKeys(client: STSClient): Promise<AccessKeys> {
  const { Credentials } = await client.send(
    new GetSessionTokenCommand({ DurationSeconds: 900 }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
    throw new Error("GetSessionToken returned no credentials");
  }
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken ?? "",
  };
}

function stsError(status: number, name: string, message: string) {
  return { name, message, $metadata: { httpStatusCode: status } };
}

/** Whole seconds, as AWS writes timestamps. */
function wholeSecondsNow(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}

/** The x-amz-date form of a time: 20261203T120000Z. */
function amzDate(time: number): string {
  return new Date(time)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** Edits the form body before the SDK signs it. */
function editBodyBeforeSigning(
  client: STSClient,
  edit: (body: string) => string,
): void {
  client.middlewareStack.add(
    (next) => (args) => next(editRequestBody(args, edit)),
    { step: "build" },
  );
}

/** Edits the form body after signing, as a proxy on the way could. */
function editBodyAfterSigning(
  client: STSClient,
  edit: (body: string) => string,
): void {
  client.middlewareStack.add(
    (next) => (args) => next(editRequestBody(args, edit)),
    { step: "deserialize" },
  );
}

/** Rewrites the body of the SDK's outgoing HTTP request in place. */
function editRequestBody<Args extends { request: unknown }>(
  args: Args,
  edit: (body: string) => string,
): Args {
  const message = args.request as { body?: unknown; headers?: object };
  if (typeof message.body !== "string") return args;

  const body = edit(message.body);
  // A stale length would cut the body short on the wire.
  const headers = { "content-length": String(Buffer.byteLength(body)) };
  Object.assign(message, { body, headers: { ...message.headers, ...headers } });
  return args;
}

/**
 * An emulator with a device for DEFAULT_USER and one for RELEASE_USER, its
 * clock in the middle of a TOTP window so that a window either way is a
 * clean step; tests move clock.now to change windows.
 */
async function mfaEmulator(moreUsers: StsUser[] = []) {
  const clock = { now: Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS };
  clock.now += WINDOW_MS / 2;
  const emulator = await emulatorWith({
    users: [DEFAULT_USER, RELEASE_USER, ...moreUsers],
    mfaDevices: [CI_DEVICE, RELEASE_DEVICE],
    clock: () => clock.now,
  });
  return { emulator, clock };
}

function codeOf(device: MfaDevice, time: number): string {
  return totpCode(device.seed, time);
}

function sessionWithMfa(
  client: STSClient,
  TokenCode: string,
  SerialNumber = CI_SERIAL,
) {
  return client.send(
    new GetSessionTokenCommand({
      DurationSeconds: 900,
      SerialNumber,
      TokenCode,
    }),
  );
}

const INVALID_CODE = stsError(
  403,
  "AccessDenied",
  "MultiFactorAuthentication failed with invalid MFA one time pass code. ",
);

const UNKNOWN_SERIAL = stsError(
  403,
  "AccessDenied",
  "MultiFactorAuthentication failed, unable to validate MFA code. Please" +
    " verify your MFA serial number is valid and associated with this user.",
);

async function expiration(client: STSClient, durationSeconds?: number) {
  const input =
    durationSeconds === undefined ? {} : { DurationSeconds: durationSeconds };
  const { Credentials } = await client.send(new GetSessionTokenCommand(input));
  return Credentials?.Expiration?.getTime();
}

describe("startStsEmulator", () => {
  it("listens on loopback with one default IAM user", async () => {
    const emulator = await emulatorWith();

    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.users).toEqual([DEFAULT_USER]);
  });

  it("records every request with its action, form and signer", async () => {
    const emulator = await emulatorWith();
    const client = clientFor(emulator, DEFAULT_USER, { region: "eu-west-1" });

    await client.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));

    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({
      action: "GetSessionToken",
      params: {
        Action: "GetSessionToken",
        Version: "2011-06-15",
        DurationSeconds: "900",
      },
      accessKeyId: DEFAULT_USER.accessKeyId,
      region: "eu-west-1",
      sessionToken: undefined,
    });
    expect(emulator.requests[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 /,
    );
  });

  it("records requests it refuses", async () => {
    const emulator = await emulatorWith();
    const stranger = { ...DEFAULT_USER, accessKeyId: "AKIAUNKNOWN000000000" };

    await expect(
      clientFor(emulator, stranger).send(new GetCallerIdentityCommand({})),
    ).rejects.toThrow();

    expect(emulator.requests).toMatchObject([
      { action: "GetCallerIdentity", accessKeyId: "AKIAUNKNOWN000000000" },
    ]);
  });

  it("ends a stalled request when it closes", async () => {
    const emulator = await emulatorWith({ intercept: () => ({ stall: true }) });
    const client = clientFor(emulator);
    const pending = client.send(new GetCallerIdentityCommand({}));
    await vi.waitFor(() => {
      expect(emulator.requests).toHaveLength(1);
    });

    const closing = Date.now();
    await emulator.close();

    await expect(pending).rejects.toThrow();
    expect(Date.now() - closing).toBeLessThan(1000);
  });

  it("can be closed twice", async () => {
    const emulator = await emulatorWith();

    await emulator.close();

    await expect(emulator.close()).resolves.toBeUndefined();
  });
});

describe("signature verification", () => {
  it("accepts a request signed with the user's secret", async () => {
    const emulator = await emulatorWith();

    const identity = await clientFor(emulator).send(
      new GetCallerIdentityCommand({}),
    );

    expect(identity.Account).toBe("111122223333");
  });

  it("rejects a request signed with another secret", async () => {
    const emulator = await emulatorWith();
    const client = clientFor(emulator, {
      ...DEFAULT_USER,
      secretAccessKey: "not/the/secret/the/emulator/knows/000000",
    });

    await expect(
      client.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject(
      stsError(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature" +
          " you provided. Check your AWS Secret Access Key and signing" +
          " method. Consult the service documentation for details.",
      ),
    );
  });

  it("rejects a body changed after signing", async () => {
    const emulator = await emulatorWith();
    const client = clientFor(emulator);
    editBodyAfterSigning(client, (body) =>
      body.replace("DurationSeconds=900", "DurationSeconds=901"),
    );

    await expect(
      client.send(new GetSessionTokenCommand({ DurationSeconds: 900 })),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    expect(emulator.requests[0]?.params.DurationSeconds).toBe("901");
  });

  it("rejects an access key id it does not know", async () => {
    const emulator = await emulatorWith();
    const client = clientFor(emulator, {
      ...DEFAULT_USER,
      accessKeyId: "AKIAUNKNOWN000000000",
    });

    await expect(
      client.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject(
      stsError(
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
      ),
    );
  });

  it("rejects a request without an Authorization header", async () => {
    const emulator = await emulatorWith();

    const response = await fetch(emulator.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });

    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const body = await response.text();
    expect(body).toContain("<Type>Sender</Type>");
    expect(body).toContain("<Code>MissingAuthenticationToken</Code>");
    expect(body).toContain(
      "<Message>Request is missing Authentication Token</Message>",
    );
  });
});

describe("clock skew", () => {
  it("rejects a request signed more than 15 minutes ago", async () => {
    const now = wholeSecondsNow() + 16 * MINUTE_MS;
    const emulator = await emulatorWith({ clock: () => now });

    const failure = clientFor(emulator).send(new GetCallerIdentityCommand({}));

    await expect(failure).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
      $metadata: { httpStatusCode: 403 },
    });
    const signedAt = emulator.requests[0]?.headers["x-amz-date"];
    await expect(failure).rejects.toThrow(
      `Signature expired: ${String(signedAt)} is now earlier than` +
        ` ${amzDate(now - 15 * MINUTE_MS)} (${amzDate(now)} - 15 min.)`,
    );
  });

  it("rejects a request signed more than 15 minutes ahead", async () => {
    const now = wholeSecondsNow() - 16 * MINUTE_MS;
    const emulator = await emulatorWith({ clock: () => now });

    const failure = clientFor(emulator).send(new GetCallerIdentityCommand({}));

    await expect(failure).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
    });
    const signedAt = emulator.requests[0]?.headers["x-amz-date"];
    await expect(failure).rejects.toThrow(
      `Signature not yet current: ${String(signedAt)} is still later than` +
        ` ${amzDate(now + 15 * MINUTE_MS)} (${amzDate(now)} + 15 min.)`,
    );
  });

  it("accepts a request signed 14 minutes off", async () => {
    const emulator = await emulatorWith({
      clock: () => Date.now() + 14 * MINUTE_MS,
    });

    const identity = await clientFor(emulator).send(
      new GetCallerIdentityCommand({}),
    );

    expect(identity.Account).toBe("111122223333");
  });
});

describe("regions", () => {
  it("refuses a region where STS is not activated", async () => {
    const emulator = await emulatorWith({ disabledRegions: ["eu-south-2"] });
    const client = clientFor(emulator, DEFAULT_USER, { region: "eu-south-2" });

    await expect(
      client.send(new GetSessionTokenCommand({})),
    ).rejects.toMatchObject(
      stsError(
        403,
        "RegionDisabledException",
        "STS is not activated in this region for account:111122223333." +
          " Your account administrator can activate STS in this region" +
          " using the IAM Console.",
      ),
    );
  });

  it("answers in regions that are not disabled", async () => {
    const emulator = await emulatorWith({ disabledRegions: ["eu-south-2"] });
    const client = clientFor(emulator, DEFAULT_USER, { region: "eu-west-1" });

    const identity = await client.send(new GetCallerIdentityCommand({}));

    expect(identity.Account).toBe("111122223333");
  });
});

describe("GetSessionToken", () => {
  it("issues random ASIA session credentials", async () => {
    const emulator = await emulatorWith();
    const client = clientFor(emulator);

    const first = await sessionKeys(client);
    const second = await sessionKeys(client);

    expect(first.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(first.secretAccessKey).toHaveLength(40);
    expect(first.sessionToken?.length).toBeGreaterThanOrEqual(200);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.secretAccessKey).not.toBe(first.secretAccessKey);
    expect(second.sessionToken).not.toBe(first.sessionToken);
  });

  it("expires the session after the requested duration", async () => {
    const now = wholeSecondsNow();
    const emulator = await emulatorWith({ clock: () => now });
    const client = clientFor(emulator);

    expect(await expiration(client, 900)).toBe(now + 900_000);
    expect(await expiration(client, 129600)).toBe(now + 129_600_000);
  });

  it("lasts 43200 seconds when no duration is given", async () => {
    const now = wholeSecondsNow();
    const emulator = await emulatorWith({ clock: () => now });

    expect(await expiration(clientFor(emulator))).toBe(now + 43_200_000);
    expect(emulator.requests[0]?.params).not.toHaveProperty("DurationSeconds");
  });

  it.each([
    [899, "greater than or equal to 900"],
    [129601, "less than or equal to 129600"],
  ])("rejects a duration of %i seconds", async (seconds, limit) => {
    const emulator = await emulatorWith();

    await expect(
      expiration(clientFor(emulator), seconds),
    ).rejects.toMatchObject(
      stsError(
        400,
        "ValidationError",
        `1 validation error detected: Value '${seconds}' at ` +
          "'durationSeconds' failed to satisfy constraint: Member must " +
          `have value ${limit}`,
      ),
    );
  });

  it("rejects a duration that is not a whole number", async () => {
    const emulator = await emulatorWith();

    await expect(expiration(clientFor(emulator), 1000.5)).rejects.toMatchObject(
      {
        name: "ValidationError",
        $metadata: { httpStatusCode: 400 },
      },
    );
  });

  it("cuts a root user's session to 3600 seconds", async () => {
    const now = wholeSecondsNow();
    const emulator = await emulatorWith({
      users: [ROOT_USER],
      clock: () => now,
    });
    const client = clientFor(emulator, ROOT_USER);

    expect(await expiration(client, 7200)).toBe(now + 3_600_000);
    expect(await expiration(client)).toBe(now + 3_600_000);
    expect(await expiration(client, 1800)).toBe(now + 1_800_000);
  });

  it("refuses session credentials", async () => {
    const emulator = await emulatorWith();
    const session = await sessionKeys(clientFor(emulator));

    await expect(
      clientFor(emulator, session).send(new GetSessionTokenCommand({})),
    ).rejects.toMatchObject(
      stsError(
        403,
        "AccessDenied",
        "Cannot call GetSessionToken with session credentials",
      ),
    );
  });
});

describe("totpCode", () => {
  // RFC 6238 appendix B, SHA-1, last six of its eight digits.
  it.each([
    [59, "287082"],
    [1111111109, "081804"],
    [1234567890, "005924"],
    [2000000000, "279037"],
  ])("gives RFC 6238's code at %i seconds", (seconds, code) => {
    expect(totpCode(RFC_6238_SEED, seconds * 1000)).toBe(code);
  });

  it("reads a seed in lower case, grouped with spaces", () => {
    const grouped = "gezd gnbv gy3t qojq gezd gnbv gy3t qojq";

    expect(totpCode(grouped, 59_000)).toBe("287082");
  });

  it("reads a seed padded with '='", () => {
    // The expected codes come from the otpauth library, given "GEZDGNBVGY".
    expect(totpCode("GEZDGNBVGY======", 59_000)).toBe("340335");
    expect(totpCode("GEZDGNBVGY======", 1234567890_000)).toBe("820073");
  });

  it("rejects a seed that is not base32", () => {
    expect(() => totpCode("GEZDGNB1", 0)).toThrow(
      "An MFA seed must be base32 (A-Z, 2-7), not '1'",
    );
  });
});

describe("MFA on GetSessionToken", () => {
  it("accepts the device's current code and marks the session", async () => {
    const { emulator, clock } = await mfaEmulator();
    const code = codeOf(CI_DEVICE, clock.now);

    const { Credentials } = await sessionWithMfa(clientFor(emulator), code);

    const session = emulator.sessions.get(Credentials?.AccessKeyId ?? "");
    expect(session?.mfa).toBe(true);
    expect(emulator.mfaLog).toEqual([
      { serialNumber: CI_SERIAL, code, accepted: true, at: clock.now },
    ]);
  });

  it("marks a session made without MFA", async () => {
    const { emulator } = await mfaEmulator();

    const { accessKeyId } = await sessionKeys(clientFor(emulator));

    expect(emulator.sessions.get(accessKeyId)?.mfa).toBe(false);
    expect(emulator.mfaLog).toEqual([]);
  });

  it.each([-1, 1])("accepts the code %i window off", async (windows) => {
    const { emulator, clock } = await mfaEmulator();
    const code = codeOf(CI_DEVICE, clock.now + windows * WINDOW_MS);

    const { Credentials } = await sessionWithMfa(clientFor(emulator), code);

    expect(Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it.each([-2, 2])("refuses the code %i windows off", async (windows) => {
    const { emulator, clock } = await mfaEmulator();
    const code = codeOf(CI_DEVICE, clock.now + windows * WINDOW_MS);

    await expect(
      sessionWithMfa(clientFor(emulator), code),
    ).rejects.toMatchObject(INVALID_CODE);
    expect(emulator.mfaLog).toMatchObject([{ code, accepted: false }]);
  });

  it("refuses a code used once already, even within its window", async () => {
    const { emulator, clock } = await mfaEmulator();
    const client = clientFor(emulator);
    const code = codeOf(CI_DEVICE, clock.now);
    await sessionWithMfa(client, code);

    await expect(sessionWithMfa(client, code)).rejects.toMatchObject(
      INVALID_CODE,
    );
    clock.now += WINDOW_MS;
    await expect(sessionWithMfa(client, code)).rejects.toMatchObject(
      INVALID_CODE,
    );
    await sessionWithMfa(client, codeOf(CI_DEVICE, clock.now));

    const accepted = emulator.mfaLog.map((attempt) => attempt.accepted);
    expect(accepted).toEqual([true, false, false, true]);
  });

  it("refuses the previous window's code after the current one", async () => {
    const { emulator, clock } = await mfaEmulator();
    const client = clientFor(emulator);
    await sessionWithMfa(client, codeOf(CI_DEVICE, clock.now));

    const previous = codeOf(CI_DEVICE, clock.now - WINDOW_MS);

    await expect(sessionWithMfa(client, previous)).rejects.toMatchObject(
      INVALID_CODE,
    );
  });

  it("refuses a serial number that names no device", async () => {
    const { emulator, clock } = await mfaEmulator();
    const code = codeOf(CI_DEVICE, clock.now);
    const serial = "arn:aws:iam::111122223333:mfa/nobody";

    await expect(
      sessionWithMfa(clientFor(emulator), code, serial),
    ).rejects.toMatchObject(UNKNOWN_SERIAL);
    expect(emulator.mfaLog).toEqual([]);
  });

  it("refuses another user's device, even with its code", async () => {
    const { emulator, clock } = await mfaEmulator();
    const code = codeOf(RELEASE_DEVICE, clock.now);
    const serial = RELEASE_DEVICE.serialNumber;

    await expect(
      sessionWithMfa(clientFor(emulator), code, serial),
    ).rejects.toMatchObject(UNKNOWN_SERIAL);
    expect(emulator.mfaLog).toEqual([]);
  });

  it("accepts the user's device from another of its access keys", async () => {
    const secondKey = {
      ...DEFAULT_USER,
      accessKeyId: "AKIAEMULATOR0002USER",
      secretAccessKey: "emulator/second/key/of/ci/user/only/0000",
    };
    const { emulator, clock } = await mfaEmulator([secondKey]);

    const { Credentials } = await sessionWithMfa(
      clientFor(emulator, secondKey),
      codeOf(CI_DEVICE, clock.now),
    );

    expect(emulator.sessions.get(Credentials?.AccessKeyId ?? "")?.mfa).toBe(
      true,
    );
  });

  it.each([
    [
      "a serial number without a code",
      { SerialNumber: CI_SERIAL },
      "tokenCode",
    ],
    ["a code without a serial number", { TokenCode: "12" }, "serialNumber"],
  ])("rejects %s", async (_, input, missing) => {
    const { emulator } = await mfaEmulator();

    await expect(
      clientFor(emulator).send(new GetSessionTokenCommand(input)),
    ).rejects.toMatchObject(
      stsError(
        400,
        "ValidationError",
        `1 validation error detected: Value null at '${missing}'` +
          " failed to satisfy constraint: Member must not be null",
      ),
    );
  });

  it.each([
    ["12345", "Member must have length greater than or equal to 6"],
    ["1234567", "Member must have length less than or equal to 6"],
    [
      "12a456",
      String.raw`Member must satisfy regular expression pattern: [\d]*`,
    ],
  ])("rejects the code '%s'", async (code, constraint) => {
    const { emulator } = await mfaEmulator();

    await expect(
      sessionWithMfa(clientFor(emulator), code),
    ).rejects.toMatchObject(
      stsError(
        400,
        "ValidationError",
        `1 validation error detected: Value '${code}' at 'tokenCode'` +
          ` failed to satisfy constraint: ${constraint}`,
      ),
    );
    expect(emulator.mfaLog).toEqual([]);
  });

  it.each([
    ["arn:mfa/", "Member must have length greater than or equal to 9"],
    [
      `arn:aws:iam::111122223333:mfa/${"x".repeat(227)}`,
      "Member must have length less than or equal to 256",
    ],
    [
      "arn:aws:iam::111122223333:mfa/ci user",
      String.raw`Member must satisfy regular expression pattern: [\w+=/:,.@-]*`,
    ],
  ])("rejects the serial number %#", async (serial, constraint) => {
    const { emulator, clock } = await mfaEmulator();
    const code = codeOf(CI_DEVICE, clock.now);

    await expect(
      sessionWithMfa(clientFor(emulator), code, serial),
    ).rejects.toMatchObject(
      stsError(
        400,
        "ValidationError",
        `1 validation error detected: Value '${serial}' at 'serialNumber'` +
          ` failed to satisfy constraint: ${constraint}`,
      ),
    );
  });

  it("lists every broken constraint in one error", async () => {
    const { emulator } = await mfaEmulator();
    const input = {
      DurationSeconds: 899,
      SerialNumber: "arn:aws:iam::111122223333:mfa/ci user",
      TokenCode: "12a",
    };

    const failure = clientFor(emulator).send(new GetSessionTokenCommand(input));

    await expect(failure).rejects.toThrow(
      "4 validation errors detected: Value '899' at 'durationSeconds'" +
        " failed to satisfy constraint: Member must have value greater" +
        " than or equal to 900; Value 'arn:aws:iam::111122223333:mfa/ci" +
        " user' at 'serialNumber' failed to satisfy constraint: Member" +
        String.raw` must satisfy regular expression pattern: [\w+=/:,.@-]*;` +
        " Value '12a' at 'tokenCode' failed to satisfy constraint: Member" +
        String.raw` must satisfy regular expression pattern: [\d]*;` +
        " Value '12a' at 'tokenCode' failed to satisfy constraint: Member" +
        " must have length greater than or equal to 6",
    );
  });

  it("refuses to start with a device on an unknown access key", async () => {
    const stray = { ...CI_DEVICE, accessKeyId: "AKIAUNKNOWN000000000" };

    await expect(startStsEmulator({ mfaDevices: [stray] })).rejects.toThrow(
      `MFA device ${CI_SERIAL} belongs to access key id AKIAUNKNOWN000000000,` +
        " which is no user's",
    );
  });
});

describe("GetCallerIdentity", () => {
  it("names the IAM user behind long-term keys", async () => {
    const emulator = await emulatorWith();

    const identity = await clientFor(emulator).send(
      new GetCallerIdentityCommand({}),
    );

    expect(identity.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(identity.Account).toBe("111122223333");
    expect(identity.Arn).toBe("arn:aws:iam::111122223333:user/ci-user");
  });

  it("names the same IAM user behind its session keys", async () => {
    const emulator = await emulatorWith();
    const longTerm = clientFor(emulator);
    const session = clientFor(emulator, await sessionKeys(longTerm));

    const userIdentity = await longTerm.send(new GetCallerIdentityCommand({}));
    const sessionIdentity = await session.send(
      new GetCallerIdentityCommand({}),
    );

    expect(sessionIdentity.UserId).toBe(userIdentity.UserId);
    expect(sessionIdentity.Arn).toBe(userIdentity.Arn);
    expect(emulator.requests.at(-1)?.sessionToken).toMatch(/.{200}/);
  });

  it("names the account root for a root user", async () => {
    const emulator = await emulatorWith({ users: [ROOT_USER] });

    const identity = await clientFor(emulator, ROOT_USER).send(
      new GetCallerIdentityCommand({}),
    );

    expect(identity).toMatchObject({
      UserId: "444455556666",
      Account: "444455556666",
      Arn: "arn:aws:iam::444455556666:root",
    });
  });

  it("accepts session keys until they expire", async () => {
    let elapsedMs = 0;
    const emulator = await emulatorWith({
      clock: () => Date.now() + elapsedMs,
    });
    const session = await sessionKeys(clientFor(emulator));
    // Both clocks move on, so the signature stays within the skew window.
    const sessionClientAt = (offsetMs: number) => {
      elapsedMs = offsetMs;
      return clientFor(emulator, session, { systemClockOffset: offsetMs });
    };

    const lastMinute = sessionClientAt(14 * MINUTE_MS);
    await expect(
      lastMinute.send(new GetCallerIdentityCommand({})),
    ).resolves.toMatchObject({ Account: "111122223333" });

    const afterExpiry = sessionClientAt(15 * MINUTE_MS + 1000);
    await expect(
      afterExpiry.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject(
      stsError(
        403,
        "ExpiredToken",
        "The security token included in the request is expired",
      ),
    );
  });

  it("rejects session keys sent with a token issued to others", async () => {
    const emulator = await emulatorWith();
    const session = await sessionKeys(clientFor(emulator));
    const client = clientFor(emulator, {
      ...session,
      sessionToken: `${session.sessionToken ?? ""}tampered`,
    });

    await expect(
      client.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject(
      stsError(
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
      ),
    );
  });

  it("rejects session keys sent without their token", async () => {
    const emulator = await emulatorWith();
    const { accessKeyId, secretAccessKey } = await sessionKeys(
      clientFor(emulator),
    );
    const client = clientFor(emulator, { accessKeyId, secretAccessKey });

    await expect(
      client.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: "InvalidClientTokenId" });
  });
});

describe("unknown actions", () => {
  it("answers InvalidAction for an operation STS does not have", async () => {
    const emulator = await emulatorWith();
    const client = clientFor(emulator);
    editBodyBeforeSigning(client, (body) =>
      body.replace("Action=GetCallerIdentity", "Action=GetFederatedCookie"),
    );

    await expect(
      client.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject(
      stsError(
        400,
        "InvalidAction",
        "Could not find operation GetFederatedCookie for version 2011-06-15",
      ),
    );
  });
});

describe("intercept", () => {
  it("answers with an injected AWS error", async () => {
    const emulator = await emulatorWith({
      intercept: (request) =>
        request.action === "GetSessionToken"
          ? { status: 400, code: "Throttling", message: "Rate exceeded" }
          : undefined,
    });
    const client = clientFor(emulator);

    await expect(
      client.send(new GetSessionTokenCommand({})),
    ).rejects.toMatchObject({
      ...stsError(400, "Throttling", "Rate exceeded"),
      $fault: "client",
    });
    await expect(
      client.send(new GetCallerIdentityCommand({})),
    ).resolves.toMatchObject({ Account: "111122223333" });
  });

  it("marks an injected 5xx error as the server's fault", async () => {
    const emulator = await emulatorWith({
      intercept: () => ({
        status: 503,
        code: "ServiceUnavailable",
        message: "Service is unavailable",
      }),
    });

    await expect(
      clientFor(emulator).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      ...stsError(503, "ServiceUnavailable", "Service is unavailable"),
      $fault: "server",
    });
  });

  it("answers with a raw body that is not XML", async () => {
    const emulator = await emulatorWith({
      intercept: () => ({
        status: 502,
        body: "<html><body>Bad Gateway</body></html>",
        contentType: "text/html",
      }),
    });

    await expect(
      clientFor(emulator).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 502 } });
  });

  it("stalls until the client gives up", async () => {
    const emulator = await emulatorWith({ intercept: () => ({ stall: true }) });
    const client = clientFor(emulator, DEFAULT_USER, {
      requestHandler: new NodeHttpHandler({
        requestTimeout: 500,
        throwOnRequestTimeout: true,
      }),
    });

    await expect(
      client.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: "TimeoutError" });
    expect(emulator.requests).toHaveLength(1);
  });

  it("sees each request before authentication", async () => {
    const seen: RecordedRequest[] = [];
    const emulator = await emulatorWith({
      intercept: (request) => {
        seen.push(request);
        return undefined;
      },
    });
    const stranger = { ...DEFAULT_USER, accessKeyId: "AKIAUNKNOWN000000000" };

    await expect(
      clientFor(emulator, stranger).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: "InvalidClientTokenId" });

    expect(seen).toEqual(emulator.requests);
    expect(seen[0]?.accessKeyId).toBe("AKIAUNKNOWN000000000");
  });
});

describe("startMoto", () => {
  it("starts a moto_server that answers GetSessionToken", async (context) => {
    context.skip(
      !motoServerAvailable(),
      "moto_server is not on PATH (pip install 'moto[server]')",
    );
    const moto = await startMoto();
    cleanups.push(() => moto.close());

    const { Credentials } = await clientFor(moto, {
      accessKeyId: "AKIAFAKEKEYFORMOTO00",
      secretAccessKey: "fake/secret/for/moto/only/000000000000",
    }).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));

    expect(moto.url).toBe(`http://127.0.0.1:${moto.port}`);
    expect(Credentials?.AccessKeyId).toEqual(expect.any(String));
    expect(Credentials?.SessionToken).toEqual(expect.any(String));
  }, 30_000);
});
