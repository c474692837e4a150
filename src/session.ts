import * as core from "@actions/core";
import {
  findCallerCredentials,
  type CallerCredentials,
} from "./caller-credentials.js";
import { formatDuration } from "./duration.js";
import { ActionError } from "./errors.js";
import {
  maskAccountId,
  maskCallerCredentials,
  maskSession,
  publishSession,
} from "./exports.js";
import type { Clock } from "./clock.js";
import { describeProxy, proxyFor } from "./proxy.js";
import { proxyAgents } from "./proxy-agents.js";
import { writeJobSummary } from "./summary.js";
import type { InputSource, Settings } from "./inputs.js";
import {
  explainRefusedCode,
  isRefusedCode,
  withMfaCode,
  type MfaCode,
} from "./mfa.js";
import type { ProfileFile } from "./profile-files.js";
import {
  closeProfileFiles,
  openProfileFiles,
  undoProfiles,
  writeSessionProfiles,
  type WrittenProfile,
} from "./profiles.js";
import {
  stsEndpoint,
  getCallerIdentity,
  getSessionToken,
  type CallerIdentity,
  type SessionCredentials,
  type StsConnection,
} from "./sts.js";

/**
 * Everything after the inputs are known to be good: loaded only then, so
 * a bad input fails the step before the AWS SDK is even read from disk.
 */
export async function startSession(
  source: InputSource,
  settings: Settings,
  clock: Clock,
): Promise<void> {
  const target = connect(settings, source.env, clock);
  core.debug(`STS endpoint: ${target.endpoint}`);
  core.debug(`Proxy: ${target.proxyInUse ?? "none"}`);

  const caller = await findCaller(source);
  const files = await openProfileFiles(settings.profile);
  let succeeded = false;
  try {
    const session = await requestSession(caller, settings, target);
    const identity = settings.verify
      ? await verifySession(session, settings, target)
      : undefined;
    const profiles = await writeProfiles(files, settings, session);
    try {
      publishSession(session, identity, profiles, settings);
    } catch (error) {
      await undoProfiles(profiles);
      throw error;
    }
    warnAboutCompetingDefaults(source, settings, profiles.length > 0);
    if (settings.jobSummary) {
      await writeJobSummary(session, identity, profiles, settings);
    }
    core.info(describeOutcome(session, identity, caller, settings));
    succeeded = true;
  } finally {
    await closeProfileFiles(files, succeeded);
  }
}

async function writeProfiles(
  files: readonly ProfileFile[],
  settings: Settings,
  session: SessionCredentials,
): Promise<WrittenProfile[]> {
  if (files.length === 0) {
    return [];
  }
  const { profileName } = settings.profile;
  return core.group(`Writing profile "${profileName}"`, async () => {
    const written = await writeSessionProfiles(
      files,
      profileName,
      settings.region,
      session,
    );
    for (const { path } of written) {
      core.info(`Wrote profile "${profileName}" to ${path}.`);
    }
    return written;
  });
}

async function findCaller(source: InputSource): Promise<CallerCredentials> {
  return core.group("Finding the caller's long-term keys", async () => {
    const caller = await findCallerCredentials(source.env);
    maskCallerCredentials(caller);
    core.info(`Using the long-term keys from ${caller.source}.`);
    return caller;
  });
}

/** Where STS calls go, through which proxy, with what patience. */
function connect(
  settings: Settings,
  env: InputSource["env"],
  clock: Clock,
): StsConnection {
  const endpoint = stsEndpoint(env, settings.region);
  const proxy = proxyFor(endpoint, settings.proxy);
  return {
    region: settings.region,
    endpoint: endpoint.origin,
    retry: settings.retry,
    agents: proxy && proxyAgents(proxy),
    proxyInUse: proxy && describeProxy(proxy),
    clock,
    report: (line) => {
      core.info(line);
    },
  };
}

async function requestSession(
  caller: CallerCredentials,
  settings: Settings,
  target: StsConnection,
): Promise<SessionCredentials> {
  const duration = formatDuration(settings.durationSeconds);
  const { mfa } = settings;
  const call = (code?: MfaCode) =>
    getSessionToken(caller, settings.durationSeconds, target, code);
  const title = `Requesting a ${duration} session from STS`;
  return core.group(mfa ? `${title} with MFA` : title, async () => {
    const session = mfa
      ? await withMfaCode(mfa, target.clock, core.info, call).catch(
          (error: unknown) => {
            throw isRefusedCode(error) ? explainRefusedCode(mfa) : error;
          },
        )
      : await call();
    maskSession(session);
    core.info(
      `STS issued a session until ${session.expiration.toISOString()}.`,
    );
    return session;
  });
}

async function verifySession(
  session: SessionCredentials,
  settings: Settings,
  target: StsConnection,
): Promise<CallerIdentity> {
  return core.group("Verifying the session", async () => {
    const identity = await getCallerIdentity(session, target);
    if (settings.maskAccountId) {
      maskAccountId(identity);
    }
    checkAllowedAccount(identity, settings.allowedAccountIds);
    core.info(`The session acts as ${identity.arn}.`);
    return identity;
  });
}

function checkAllowedAccount(
  identity: CallerIdentity,
  allowedAccountIds: readonly string[],
): void {
  if (
    allowedAccountIds.length === 0 ||
    allowedAccountIds.includes(identity.account)
  ) {
    return;
  }
  throw new ActionError(
    `The session belongs to account ${identity.account}, which is not in ` +
      `allowed-account-ids (${allowedAccountIds.join(", ")}). Nothing was ` +
      "exported. Check which IAM user's keys the step was given.",
  );
}

/**
 * Later steps must reach the session through one default. Variables the
 * job already sets can compete with the one the action exports: tools
 * disagree on which wins, so say what each will do.
 */
function warnAboutCompetingDefaults(
  source: InputSource,
  settings: Settings,
  profileWritten: boolean,
): void {
  const profile = source.env.AWS_PROFILE?.trim();
  if (settings.exportEnv && profile) {
    core.warning(
      `AWS_PROFILE is set to "${profile}" for this job. Later steps using ` +
        "the AWS CLI or boto3 get the session from the exported keys, but " +
        "the AWS SDK for JavaScript reads that profile instead: unset " +
        "AWS_PROFILE in steps that should use the session.",
    );
  }
  if (!settings.exportEnv && profileWritten && source.env.AWS_ACCESS_KEY_ID) {
    core.info(
      "Note: if the job, not only this step, sets AWS_ACCESS_KEY_ID, the " +
        "AWS CLI and boto3 in later steps prefer those keys to the " +
        `exported AWS_PROFILE and never use profile ` +
        `"${settings.profile.profileName}": give the IAM user's keys to ` +
        "this step alone (its env:), or use export-env: true.",
    );
  }
}

function describeOutcome(
  session: SessionCredentials,
  identity: CallerIdentity | undefined,
  caller: CallerCredentials,
  settings: Settings,
): string {
  const who = identity?.arn ?? `the user of ${caller.source}`;
  const until = session.expiration.toISOString();
  const exported = settings.exportEnv
    ? "exported to later steps"
    : "not exported (export-env: false)";
  return `Session for ${who} valid until ${until}, ${exported}.`;
}
