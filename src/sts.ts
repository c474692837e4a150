import {
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  type Credentials,
} from "@aws-sdk/client-sts";
import type { CallerCredentials } from "./caller-credentials.js";
import { ActionError } from "./errors.js";
import type { MfaCode } from "./mfa.js";
import { explainStsError } from "./sts-errors.js";

/** What GetSessionToken hands back: keys that expire and cannot be revoked. */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  /** Made with an MFA code, so policies requiring MFA let it through. */
  readonly mfaAuthenticated: boolean;
}

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** Where STS calls go: the region, and the endpoint in words for errors. */
export interface StsTarget {
  readonly region: string;
  readonly endpoint: string;
}

// A bound on each attempt, so a stalled endpoint fails the step instead of
// holding the job until the runner's own timeout.
const REQUEST_TIMEOUT_MS = 10_000;

function createClient(
  region: string,
  credentials: CallerCredentials | SessionCredentials,
): STSClient {
  return new STSClient({
    region,
    credentials,
    requestHandler: {
      connectionTimeout: REQUEST_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      // Without this the SDK only logs a warning when the bound is passed.
      throwOnRequestTimeout: true,
    },
  });
}

export async function getSessionToken(
  caller: CallerCredentials,
  durationSeconds: number,
  target: StsTarget,
  mfa?: MfaCode,
): Promise<SessionCredentials> {
  const client = createClient(target.region, caller);
  const command = new GetSessionTokenCommand({
    DurationSeconds: durationSeconds,
    SerialNumber: mfa?.serialNumber,
    TokenCode: mfa?.tokenCode,
  });

  try {
    const answer = await client.send(command);
    return readSessionCredentials(answer.Credentials, mfa !== undefined);
  } catch (error) {
    throw explainStsError(error, {
      operation: "GetSessionToken",
      ...target,
      callerSource: caller.source,
    });
  } finally {
    client.destroy();
  }
}

function readSessionCredentials(
  answer: Credentials | undefined,
  mfaAuthenticated: boolean,
): SessionCredentials {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
    answer ?? {};
  if (!AccessKeyId || !SecretAccessKey || !SessionToken || !Expiration) {
    throw new ActionError(
      "STS answered GetSessionToken without complete credentials. Check " +
        "that the STS endpoint is really STS (AWS_ENDPOINT_URL_STS).",
    );
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: SessionToken,
    expiration: Expiration,
    mfaAuthenticated,
  };
}

export async function getCallerIdentity(
  session: SessionCredentials,
  target: StsTarget,
): Promise<CallerIdentity> {
  const client = createClient(target.region, session);
  try {
    const answer = await client.send(new GetCallerIdentityCommand({}));
    const { Account, Arn, UserId } = answer;
    if (!Account || !Arn) {
      throw new ActionError(
        "STS answered GetCallerIdentity without an account or ARN.",
      );
    }
    return { account: Account, arn: Arn, userId: UserId ?? "" };
  } catch (error) {
    throw explainStsError(error, {
      operation: "GetCallerIdentity",
      ...target,
      callerSource: "the new session",
    });
  } finally {
    client.destroy();
  }
}

/**
 * Names where the SDK will send STS calls: the SDK itself honours the
 * endpoint variables, so this only describes its choice for log lines.
 */
export function describeTarget(
  env: Readonly<Record<string, string | undefined>>,
  region: string,
): StsTarget {
  const endpoint =
    env.AWS_ENDPOINT_URL_STS?.trim() ||
    env.AWS_ENDPOINT_URL?.trim() ||
    `the STS endpoint of ${region}`;
  return { region, endpoint };
}
