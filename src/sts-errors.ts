import { ActionError } from "./errors.js";

export interface CallContext {
  readonly operation: "GetSessionToken" | "GetCallerIdentity";
  readonly region: string;
  /** The endpoint in words: an override URL or "the regional endpoint…". */
  readonly endpoint: string;
  /** Where the signing keys came from, in words. */
  readonly callerSource: string;
}

interface ErrorFacts {
  readonly code: string;
  readonly message: string;
  readonly requestId: string | undefined;
}

type Explainer = (facts: ErrorFacts, context: CallContext) => string;

// Each AWS error code a user can meet, with what it means for this action
// and what to check. Codes are STS's own (see its API reference).
const EXPLAINERS: Readonly<Record<string, Explainer>> = {
  InvalidClientTokenId: (_facts, { callerSource }) =>
    `AWS does not know the access key id from ${callerSource}. Check that ` +
    "the key is active in IAM, was copied whole, and belongs to this " +
    "partition (aws, aws-cn or aws-us-gov).",
  SignatureDoesNotMatch: (facts, { callerSource }) =>
    facts.message.includes("Signature expired")
      ? "The runner's clock is more than 15 minutes off AWS's time. Sync " +
        "the clock (NTP) on the runner."
      : `The secret access key from ${callerSource} does not match its ` +
        "access key id. Check AWS_SECRET_ACCESS_KEY for a missing or extra " +
        "character.",
  AccessDenied: (facts, { operation }) => explainAccessDenied(facts, operation),
  RegionDisabledException: (_facts, { region }) =>
    `STS is not activated in ${region} for this account. Activate it in ` +
    "IAM account settings, or set aws-region to a region where it is.",
  ExpiredToken: (_facts, { callerSource }) =>
    `The credentials from ${callerSource} have expired. Use an IAM user's ` +
    "long-term access key, which does not expire.",
  ValidationError: () =>
    "STS refused a parameter. Check duration-seconds against the caller: " +
    "900 to 129600 seconds for an IAM user.",
  ECONNREFUSED: (_facts, { endpoint }) =>
    `Nothing accepts connections at ${endpoint}. Check ` +
    "AWS_ENDPOINT_URL_STS, and whether the runner needs a proxy.",
  ENOTFOUND: (_facts, { endpoint }) =>
    `The host of ${endpoint} does not resolve. Check AWS_ENDPOINT_URL_STS, ` +
    "aws-region and the runner's DNS.",
  TimeoutError: (_facts, { endpoint }) =>
    `${endpoint} did not answer in time. Check the network between the ` +
    "runner and STS, and whether it needs a proxy.",
};

function explainAccessDenied(facts: ErrorFacts, operation: string): string {
  if (facts.message.includes("with session credentials")) {
    return (
      "The caller's credentials are temporary, and GetSessionToken needs " +
      "an IAM user's long-term access key (AKIA…). To act as a role, " +
      "assume it with sts:AssumeRole instead."
    );
  }
  if (facts.message.includes("verify your MFA serial number")) {
    return (
      "mfa-serial-number is not an MFA device of this IAM user. Check the " +
      "device's ARN on the user's Security credentials tab."
    );
  }
  return (
    `An IAM or organization policy denies sts:${operation} to this ` +
    "user. Allow it, or check the conditions of the policies that apply."
  );
}

/**
 * Turns whatever the SDK threw into one ActionError that names the AWS
 * error, what it means, and what to check.
 */
export function explainStsError(
  thrown: unknown,
  context: CallContext,
): ActionError {
  if (thrown instanceof ActionError) {
    return thrown;
  }

  const facts = readFacts(thrown);
  const explain = EXPLAINERS[facts.code];
  const advice = explain
    ? explain(facts, context)
    : "Check the STS endpoint and the caller's permissions.";
  const id = facts.requestId ? `, request id ${facts.requestId}` : "";
  return new ActionError(
    `${context.operation} failed: ${advice} (AWS said ${facts.code}: ` +
      `${facts.message || "no message"}${id})`,
  );
}

function readFacts(thrown: unknown): ErrorFacts {
  if (!(thrown instanceof Error)) {
    return { code: "Unknown", message: String(thrown), requestId: undefined };
  }
  const details = thrown as Error & {
    code?: unknown;
    $metadata?: { requestId?: string };
  };
  const code = typeof details.code === "string" ? details.code : thrown.name;
  return {
    code,
    message: thrown.message,
    requestId: details.$metadata?.requestId,
  };
}
