import { MAX_DURATION_SECONDS, MIN_DURATION_SECONDS } from "./duration.js";
import { ActionError, errorCode, errorMessage, httpStatus } from "./errors.js";
import type { RetrySettings } from "./retry.js";

export interface CallContext {
  readonly operation: "GetSessionToken" | "GetCallerIdentity";
  readonly region: string;
  /** The endpoint in words: an override URL or "the regional endpoint…". */
  readonly endpoint: string;
  /** Where the signing keys came from, in words. */
  readonly callerSource: string;
  readonly retry?: RetrySettings;
  /** The proxy in use, in words, or undefined for a direct connection. */
  readonly proxyInUse?: string | undefined;
}

interface ErrorFacts {
  readonly code: string;
  readonly message: string;
  readonly requestId: string | undefined;
  /** The HTTP status of an answer; undefined when none came. */
  readonly status: number | undefined;
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
    `${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS} seconds for an IAM ` +
    "user.",
  ECONNREFUSED: (_facts, { endpoint, proxyInUse }) =>
    proxyInUse
      ? `Nothing accepts connections at the proxy ${proxyInUse}. Check ` +
        "http-proxy (or HTTPS_PROXY), or bypass it with no-proxy."
      : `Nothing accepts connections at ${endpoint}. Check ` +
        "AWS_ENDPOINT_URL_STS, and whether the runner needs a proxy " +
        "(http-proxy).",
  ENOTFOUND: (_facts, { endpoint, proxyInUse }) =>
    `The host of ${proxyInUse ?? endpoint} does not resolve. Check ` +
    (proxyInUse ? "http-proxy" : "AWS_ENDPOINT_URL_STS, aws-region") +
    " and the runner's DNS.",
  AttemptTimeout: timedOut,
  TimeoutError: timedOut,
};

function timedOut(_facts: ErrorFacts, context: CallContext): string {
  const { endpoint, proxyInUse, retry } = context;
  const bound = retry
    ? ` within ${retry.timeoutMs / 1000}s in any of ${retry.maxAttempts} ` +
      "attempts"
    : "";
  const via = proxyInUse ? ` through the proxy ${proxyInUse}` : "";
  return (
    `${endpoint} did not answer${via}${bound}. Check the network between ` +
    "the runner and STS, http-proxy and no-proxy, or raise " +
    "request-timeout-seconds."
  );
}

/** Advice for failures that no single error code names. */
function explainByKind(facts: ErrorFacts, context: CallContext): string {
  const attempts = context.retry?.maxAttempts ?? 1;
  const tries = attempts > 1 ? ` in all ${attempts} attempts` : "";
  const unreadable =
    facts.message.includes("Deserialization error") ||
    (facts.code === "Unknown" && facts.status !== undefined);
  if (unreadable) {
    return (
      `The answer from ${context.endpoint} (HTTP ${facts.status ?? "?"}) ` +
      "is not an STS answer: a proxy or firewall in between may have " +
      "answered. Check http-proxy, no-proxy and AWS_ENDPOINT_URL_STS."
    );
  }
  if (facts.status === 429 || /Throttl|LimitExceeded/.test(facts.code)) {
    return (
      `STS throttled the calls${tries}. Try again later, or raise ` +
      "retry-max-attempts."
    );
  }
  if (facts.status !== undefined && facts.status >= 500) {
    return `STS failed on its side${tries}. Try again later.`;
  }
  return "Check the STS endpoint and the caller's permissions.";
}

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
  const explain = EXPLAINERS[facts.code] ?? explainByKind;
  const advice = explain(facts, context);
  const id = facts.requestId ? `, request id ${facts.requestId}` : "";
  const who = facts.status === undefined ? "" : "AWS said ";
  const detail = facts.message.split("\n")[0] || "no message";
  return new ActionError(
    `${context.operation} failed: ${advice} (${who}${facts.code}: ` +
      `${detail}${id})`,
  );
}

function readFacts(thrown: unknown): ErrorFacts {
  const metadata = (thrown as { $metadata?: { requestId?: string } }).$metadata;
  return {
    code: errorCode(thrown),
    message: errorMessage(thrown),
    requestId: metadata?.requestId,
    status: httpStatus(thrown),
  };
}
