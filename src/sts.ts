import {
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  type Credentials,
} from "@aws-sdk/client-sts";
import type { CallerCredentials } from "./caller-credentials.js";
import { ActionError } from "./errors.js";
import type { ProxyAgents } from "./proxy-agents.js";
import { debug } from "@actions/core";
import type { Clock } from "./clock.js";
import type { MfaCode } from "./mfa.js";
import { withRetries, type RetrySettings } from "./retry.js";
import { explainStsError, type CallContext } from "./sts-errors.js";

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

/** Where and how STS calls go. */
export interface StsConnection {
  readonly region: string;
  /** The endpoint in words, for log lines and errors. */
  readonly endpoint: string;
  readonly retry: RetrySettings;
  /** Agents that send through a proxy, or undefined to connect directly. */
  readonly agents: ProxyAgents | undefined;
  /** The proxy in words (no password), for log lines and errors. */
  readonly proxyInUse: string | undefined;
  readonly clock: Clock;
  readonly report: (line: string) => void;
}

function createClient(
  connection: StsConnection,
  credentials: CallerCredentials | SessionCredentials,
): STSClient {
  const { timeoutMs } = connection.retry;
  return new STSClient({
    region: connection.region,
    credentials,
    // Attempts are counted and logged by withRetries, not by the SDK.
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      // Without this the SDK only logs a warning when the bound is passed.
      throwOnRequestTimeout: true,
      ...connection.agents,
    },
  });
}

/**
 * One STS call: a client signing with these credentials, bounded and
 * retried attempts (each at debug), and any failure explained in one
 * ActionError.
 */
async function callSts<Output>(
  connection: StsConnection,
  credentials: CallerCredentials | SessionCredentials,
  call: { operation: CallContext["operation"]; callerSource: string },
  send: (client: STSClient, abortSignal: AbortSignal) => Promise<Output>,
): Promise<Output> {
  const client = createClient(connection, credentials);
  const { operation, callerSource } = call;
  try {
    return await withRetries(
      connection.retry,
      connection.clock,
      connection.report,
      (abortSignal, attempt) => {
        debug(`${operation} attempt ${attempt} to ${connection.endpoint}`);
        return send(client, abortSignal);
      },
    );
  } catch (error) {
    throw explainStsError(error, { operation, ...connection, callerSource });
  } finally {
    client.destroy();
  }
}

export async function getSessionToken(
  caller: CallerCredentials,
  durationSeconds: number,
  connection: StsConnection,
  mfa?: MfaCode,
): Promise<SessionCredentials> {
  const command = new GetSessionTokenCommand({
    DurationSeconds: durationSeconds,
    SerialNumber: mfa?.serialNumber,
    TokenCode: mfa?.tokenCode,
  });
  const call = {
    operation: "GetSessionToken",
    callerSource: caller.source,
  } as const;
  const answer = await callSts(connection, caller, call, (client, signal) =>
    client.send(command, { abortSignal: signal }),
  );
  return readSessionCredentials(answer.Credentials, mfa !== undefined);
}

function readSessionCredentials(
  answer: Credentials | undefined,
  mfaAuthenticated: boolean,
): SessionCredentials {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } =
    answer ?? {};
  if (!AccessKeyId || !SecretAccessKey || !SessionToken || !Expiration) {
    throw new ActionError(
      "GetSessionToken failed: the answer is not an STS answer (it holds " +
        "no credentials): a proxy or firewall in between may have " +
        "answered. Check http-proxy, no-proxy and AWS_ENDPOINT_URL_STS.",
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
  connection: StsConnection,
): Promise<CallerIdentity> {
  const command = new GetCallerIdentityCommand({});
  const call = {
    operation: "GetCallerIdentity",
    callerSource: "the new session",
  } as const;
  const answer = await callSts(connection, session, call, (client, signal) =>
    client.send(command, { abortSignal: signal }),
  );
  const { Account, Arn, UserId } = answer;
  if (!Account || !Arn) {
    throw new ActionError(
      "STS answered GetCallerIdentity without an account or ARN.",
    );
  }
  return { account: Account, arn: Arn, userId: UserId ?? "" };
}

/**
 * Where the SDK will send STS calls: it honours the endpoint variables
 * itself, so this only mirrors its choice, for proxy rules and log lines.
 */
export function stsEndpoint(
  env: Readonly<Record<string, string | undefined>>,
  region: string,
): URL {
  const override =
    env.AWS_ENDPOINT_URL_STS?.trim() || env.AWS_ENDPOINT_URL?.trim();
  const domain = region.startsWith("cn-")
    ? "amazonaws.com.cn"
    : "amazonaws.com";
  try {
    return new URL(override || `https://sts.${region}.${domain}`);
  } catch {
    throw new ActionError(
      `Variable AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL: "${override ?? ""}" ` +
        "is not a URL. Expected an endpoint such as https://sts.us-east-1." +
        "amazonaws.com.",
    );
  }
}
