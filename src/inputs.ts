import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { ActionError } from "./errors.js";
import {
  formatDuration,
  MAX_DURATION_SECONDS,
  MIN_DURATION_SECONDS,
  parseDuration,
} from "./duration.js";
import type { MfaSettings } from "./mfa.js";
import {
  parseNoProxy,
  parseProxyUrl,
  proxySecrets,
  type ProxySettings,
} from "./proxy.js";
import type { RetrySettings } from "./retry.js";

/** Where inputs and the step's environment come from; tests pass their own. */
export interface InputSource {
  getInput(name: string): string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Everything the action was asked to do, validated. */
export interface Settings {
  readonly durationSeconds: number;
  readonly region: string;
  readonly exportEnv: boolean;
  readonly verify: boolean;
  readonly allowedAccountIds: readonly string[];
  readonly maskAccountId: boolean;
  readonly outputCredentials: boolean;
  readonly jobSummary: boolean;
  readonly profile: ProfileSettings;
  readonly mfa: MfaSettings | undefined;
  readonly retry: RetrySettings;
  readonly proxy: ProxySettings;
}

/** Where and under which name the session is written as a profile. */
export interface ProfileSettings {
  readonly profileName: string;
  /** Absolute paths; undefined when that file is not to be written. */
  readonly configFile: string | undefined;
  readonly credentialsFile: string | undefined;
  readonly overwriteProfile: boolean;
  readonly cleanup: boolean;
}

// Partitions add words (us-gov-west-1, us-isob-east-1, eusc-de-east-1), so
// only the shape is checked: a short prefix, words, a number.
const REGION = /^[a-z]{2,4}(?:-[a-z]+){1,3}-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;
const DEFAULT_REGION = "us-east-1";

/**
 * The defaults action.yml declares. The runner fills them in, but a
 * composite action that passes an empty expression through sends "", which
 * means "not set" here too.
 */
export const INPUT_DEFAULTS = {
  "duration-seconds": "3600",
  "export-env": "true",
  verify: "true",
  "mask-aws-account-id": "false",
  "output-credentials": "false",
  "job-summary": "true",
  "retry-max-attempts": "3",
  "request-timeout-seconds": "10",
  "profile-name": "session-token",
  "overwrite-profile": "false",
  cleanup: "true",
} as const;

type InputWithDefault = keyof typeof INPUT_DEFAULTS;

export function readSettings(source: InputSource): Settings {
  const allowedAccountIds = readAccountIds(source, "allowed-account-ids");
  const verify = readBoolean(source, "verify");
  if (allowedAccountIds.length > 0 && !verify) {
    throw new ActionError(
      "Input allowed-account-ids needs verify: true, because the account is " +
        "only known once the session is checked with GetCallerIdentity.",
    );
  }

  return {
    durationSeconds: readDurationSeconds(source),
    region: readRegion(source),
    exportEnv: readBoolean(source, "export-env"),
    verify,
    allowedAccountIds,
    maskAccountId: readBoolean(source, "mask-aws-account-id"),
    outputCredentials: readBoolean(source, "output-credentials"),
    jobSummary: readBoolean(source, "job-summary"),
    profile: readProfileSettings(source),
    mfa: readMfaSettings(source),
    retry: {
      maxAttempts: readWholeNumber(source, "retry-max-attempts", 1, 10),
      timeoutMs:
        readWholeNumber(source, "request-timeout-seconds", 1, 300) * 1000,
    },
    proxy: readProxySettings(source),
  };
}

function readWholeNumber(
  source: InputSource,
  name: InputWithDefault,
  min: number,
  max: number,
): number {
  const text = readWithDefault(source, name);
  const value = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new ActionError(
      `Input ${name}: ${quote(text)} is out of bounds. Expected a whole ` +
        `number from ${min} to ${max}.`,
    );
  }
  return value;
}

// The variables curl and most tools read, in the order they prefer them.
const PROXY_VARIABLES = [
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
];
const NO_PROXY_VARIABLES = ["NO_PROXY", "no_proxy"];

function readProxySettings(source: InputSource): ProxySettings {
  const proxy = firstSet(source, "http-proxy", PROXY_VARIABLES);
  const noProxy = firstSet(source, "no-proxy", NO_PROXY_VARIABLES);
  return {
    url: proxy && parseProxyUrl(proxy.value, proxy.origin),
    noProxy: noProxy ? parseNoProxy(noProxy.value) : [],
  };
}

/** The input when given, else the first of the variables that is set. */
function firstSet(
  source: InputSource,
  input: string,
  variables: readonly string[],
): { origin: string; value: string } | undefined {
  const given = source.getInput(input);
  if (given !== "") {
    return { origin: `Input ${input}`, value: given };
  }
  const name = variables.find((variable) => source.env[variable]?.trim());
  const value = name === undefined ? undefined : source.env[name]?.trim();
  return name && value ? { origin: `Variable ${name}`, value } : undefined;
}

// GetSessionToken's own limits on SerialNumber: an MFA device ARN
// (arn:aws:iam::ACCOUNT:mfa/NAME, or of another partition) or a hardware
// token's serial.
const MFA_SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const TOKEN_CODE = /^\d{6}$/;
// A base32 seed of at least 80 bits, as RFC 4226 asks of a shared secret.
const TOTP_SECRET = /^[A-Z2-7]{16,}$/;

/** Values the runner must mask before anything is printed. */
export function secretInputValues(source: InputSource): string[] {
  const seed = source.getInput("mfa-totp-secret");
  const seeds = seed === "" ? [] : [seed, normalizeSeed(seed)];
  return [...seeds, ...proxyPasswords(source)];
}

function proxyPasswords(source: InputSource): string[] {
  const proxy = firstSet(source, "http-proxy", PROXY_VARIABLES);
  try {
    return proxy ? proxySecrets(parseProxyUrl(proxy.value, proxy.origin)) : [];
  } catch {
    // readSettings reports the bad URL, without its password.
    return [];
  }
}

function readMfaSettings(source: InputSource): MfaSettings | undefined {
  const serialNumber = source.getInput("mfa-serial-number");
  const tokenCode = source.getInput("mfa-token-code");
  const seed = source.getInput("mfa-totp-secret");
  if (serialNumber === "") {
    if (tokenCode !== "" || seed !== "") {
      throw new ActionError(
        `Input ${tokenCode ? "mfa-token-code" : "mfa-totp-secret"} needs ` +
          "mfa-serial-number: the ARN or serial of the MFA device it is for.",
      );
    }
    return undefined;
  }

  checkMfaSerial(serialNumber);
  if ((tokenCode === "") === (seed === "")) {
    throw new ActionError(
      "Input mfa-serial-number needs exactly one of mfa-token-code (a code " +
        "read from the device) or mfa-totp-secret (the device's seed).",
    );
  }
  return {
    serialNumber,
    tokenCode: tokenCode === "" ? undefined : readTokenCode(tokenCode),
    totpSecret: seed === "" ? undefined : readTotpSecret(seed),
  };
}

function checkMfaSerial(serialNumber: string): void {
  if (/^arn:[^:]+:iam::\d*:user\//.test(serialNumber)) {
    throw new ActionError(
      `Input mfa-serial-number: ${quote(serialNumber)} is the ARN of a ` +
        "user, not of an MFA device. Use the device's ARN, which has :mfa/ " +
        "where this has :user/ (IAM console, the user's Security " +
        "credentials tab).",
    );
  }
  if (!MFA_SERIAL.test(serialNumber)) {
    throw new ActionError(
      `Input mfa-serial-number: ${quote(serialNumber)} is not an MFA ` +
        "device. Expected its ARN, such as arn:aws:iam::123456789012:mfa/" +
        "ci, or a hardware serial: 9 to 256 letters, digits or " +
        "_ + = / : , . @ -.",
    );
  }
}

function readTokenCode(tokenCode: string): string {
  if (!TOKEN_CODE.test(tokenCode)) {
    throw new ActionError(
      "Input mfa-token-code: not an MFA code. Expected exactly six digits.",
    );
  }
  return tokenCode;
}

function readTotpSecret(seed: string): string {
  const normalized = normalizeSeed(seed);
  if (!TOTP_SECRET.test(normalized)) {
    throw new ActionError(
      "Input mfa-totp-secret: not a base32 seed (its value is not shown). " +
        "Expected the secret of a virtual MFA device as AWS shows it when " +
        "the device is set up: at least 16 of the letters A-Z and digits " +
        "2-7; spaces and lower case are fine.",
    );
  }
  return normalized;
}

function normalizeSeed(seed: string): string {
  return seed.replace(/[\s=]/g, "").toUpperCase();
}

// Letters, digits and the punctuation profile names use in practice. No
// spaces, brackets or line breaks: any of them would break the section
// header or let a name smuggle in a second section.
const PROFILE_NAME = /^[A-Za-z0-9_\-.+@/]{1,128}$/;

function readProfileSettings(source: InputSource): ProfileSettings {
  const configFile = readProfilePath(source, "config-file");
  const credentialsFile = readProfilePath(source, "credentials-file");
  if (configFile !== undefined && configFile === credentialsFile) {
    throw new ActionError(
      `Inputs config-file and credentials-file both name ${configFile}. ` +
        "Give them different files, or set only one.",
    );
  }

  return {
    profileName: readProfileName(source),
    configFile,
    credentialsFile,
    overwriteProfile: readBoolean(source, "overwrite-profile"),
    cleanup: readBoolean(source, "cleanup"),
  };
}

function readProfileName(source: InputSource): string {
  const name = readWithDefault(source, "profile-name");
  if (!PROFILE_NAME.test(name)) {
    throw new ActionError(
      `Input profile-name: ${quote(name)} is not a usable profile name. ` +
        "Expected 1 to 128 letters, digits or _ - . + @ / (no spaces, " +
        "brackets or line breaks).",
    );
  }
  return name;
}

/**
 * Resolves a file input the way a workflow author means it: ~ is the home
 * folder, and a relative path starts in the workspace.
 */
function readProfilePath(
  source: InputSource,
  name: "config-file" | "credentials-file",
): string | undefined {
  const text = source.getInput(name);
  if (text === "") {
    return undefined;
  }
  if (/[\0\r\n]/.test(text) || /^~[^/\\]/.test(text) || text === "~") {
    throw new ActionError(
      `Input ${name}: ${quote(text)} is not a usable file path. Expected a ` +
        "path such as ~/.aws/credentials or .aws/config (relative to the " +
        "workspace), on one line.",
    );
  }

  const home = source.env.HOME || source.env.USERPROFILE || homedir();
  const expanded = text.startsWith("~") ? join(home, text.slice(2)) : text;
  if (isAbsolute(expanded)) {
    return resolve(expanded);
  }
  return resolve(source.env.GITHUB_WORKSPACE || process.cwd(), expanded);
}

function readDurationSeconds(source: InputSource): number {
  const text = readWithDefault(source, "duration-seconds");
  const seconds = parseDuration(text);
  const accepted =
    `Expected whole seconds from ${MIN_DURATION_SECONDS} to ` +
    `${MAX_DURATION_SECONDS}, or a duration from ` +
    `${formatDuration(MIN_DURATION_SECONDS)} to ` +
    `${formatDuration(MAX_DURATION_SECONDS)} such as 15m, 1h30m or 36h.`;

  if (seconds === undefined) {
    throw new ActionError(
      `Input duration-seconds: ${quote(text)} is not a duration. ${accepted}`,
    );
  }
  if (seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
    throw new ActionError(
      `Input duration-seconds: ${quote(text)} is ${seconds} seconds, ` +
        `outside what STS accepts for an IAM user. ${accepted}`,
    );
  }
  return seconds;
}

function readRegion(source: InputSource): string {
  const { origin, region } = chooseRegion(source);
  if (!REGION.test(region)) {
    throw new ActionError(
      `${origin}: ${quote(region)} is not an AWS region. ` +
        "Expected a region code such as us-east-1 or eu-central-1.",
    );
  }
  return region;
}

function chooseRegion(source: InputSource): {
  origin: string;
  region: string;
} {
  const candidates = [
    { origin: "Input aws-region", region: source.getInput("aws-region") },
    { origin: "Variable AWS_REGION", region: source.env.AWS_REGION },
    {
      origin: "Variable AWS_DEFAULT_REGION",
      region: source.env.AWS_DEFAULT_REGION,
    },
  ];
  const chosen = candidates.find(({ region }) => region?.trim());
  return chosen?.region === undefined
    ? { origin: "Default region", region: DEFAULT_REGION }
    : { origin: chosen.origin, region: chosen.region.trim() };
}

function readAccountIds(source: InputSource, name: string): string[] {
  const ids = source
    .getInput(name)
    .split(/[,\s]+/)
    .filter((id) => id !== "");

  for (const id of ids) {
    if (!ACCOUNT_ID.test(id)) {
      throw new ActionError(
        `Input ${name}: ${quote(id)} is not an AWS account id. ` +
          "Expected 12-digit account ids separated by commas.",
      );
    }
  }
  return ids;
}

// The spellings YAML 1.2 reads as booleans; anything else ("yes", "1") is
// more likely a mistake than a choice.
const TRUE_WORDS = new Set(["true", "True", "TRUE"]);
const FALSE_WORDS = new Set(["false", "False", "FALSE"]);

function readBoolean(source: InputSource, name: InputWithDefault): boolean {
  const text = readWithDefault(source, name);
  if (TRUE_WORDS.has(text)) {
    return true;
  }
  if (FALSE_WORDS.has(text)) {
    return false;
  }
  throw new ActionError(
    `Input ${name}: ${quote(text)} is not a boolean. Expected true or false.`,
  );
}

function readWithDefault(source: InputSource, name: InputWithDefault): string {
  return source.getInput(name) || INPUT_DEFAULTS[name];
}

function quote(text: string): string {
  return JSON.stringify(text);
}
