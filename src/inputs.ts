import { ActionError } from "./errors.js";
import { formatDuration, parseDuration } from "./duration.js";

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
}

// GetSessionToken's limits for an IAM user. Root sessions are capped at an
// hour by STS itself, so there is nothing to check for them here.
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 129_600;

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
  };
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
