import * as core from "@actions/core";
import type { CallerCredentials } from "./caller-credentials.js";
import type { Settings } from "./inputs.js";
import type { WrittenProfile } from "./profiles.js";
import type { CallerIdentity, SessionCredentials } from "./sts.js";

/** Names of what the main step leaves for the post step. */
export const STATE = {
  expiration: "expiration",
  profiles: "profiles",
} as const;

/**
 * Keys read from a file were never registered with the runner as secrets,
 * so they are masked here, before any line that could echo them.
 */
export function maskCallerCredentials(caller: CallerCredentials): void {
  core.setSecret(caller.accessKeyId);
  core.setSecret(caller.secretAccessKey);
}

/** Must run as soon as STS answers: the runner hides only later lines. */
export function maskSession(session: SessionCredentials): void {
  core.setSecret(session.accessKeyId);
  core.setSecret(session.secretAccessKey);
  core.setSecret(session.sessionToken);
}

export function maskAccountId(identity: CallerIdentity): void {
  core.setSecret(identity.account);
}

/**
 * Hands the session to later steps. Called last, once every check has
 * passed, so a failed step exports nothing.
 */
export function publishSession(
  session: SessionCredentials,
  identity: CallerIdentity | undefined,
  profiles: readonly WrittenProfile[],
  settings: Settings,
): void {
  if (settings.exportEnv) {
    exportVariables(session, settings.region);
  }
  setOutputs(session, identity, settings.outputCredentials);
  publishProfiles(profiles, settings);
  core.saveState(STATE.expiration, session.expiration.toISOString());
}

/**
 * Points later steps at the files written. Exactly one default selects the
 * session: the key variables when they are exported, else the profile by
 * name. Both at once would split the tools, which disagree on which wins.
 */
function publishProfiles(
  profiles: readonly WrittenProfile[],
  settings: Settings,
): void {
  if (profiles.length === 0) {
    return;
  }
  const { profileName, cleanup } = settings.profile;
  core.setOutput("profile-name", profileName);
  for (const { kind, path } of profiles) {
    const variable = FILE_VARIABLES[kind];
    core.exportVariable(variable, path);
    core.setOutput(`${kind}-file`, path);
  }
  if (!settings.exportEnv) {
    core.exportVariable("AWS_PROFILE", profileName);
    core.exportVariable("AWS_DEFAULT_PROFILE", profileName);
  }
  if (cleanup) {
    core.saveState(STATE.profiles, JSON.stringify(profiles));
  }
}

const FILE_VARIABLES = {
  config: "AWS_CONFIG_FILE",
  credentials: "AWS_SHARED_CREDENTIALS_FILE",
} as const;

function exportVariables(session: SessionCredentials, region: string): void {
  core.exportVariable("AWS_ACCESS_KEY_ID", session.accessKeyId);
  core.exportVariable("AWS_SECRET_ACCESS_KEY", session.secretAccessKey);
  core.exportVariable("AWS_SESSION_TOKEN", session.sessionToken);
  core.exportVariable("AWS_REGION", region);
  core.exportVariable("AWS_DEFAULT_REGION", region);
  core.exportVariable(
    "AWS_CREDENTIAL_EXPIRATION",
    session.expiration.toISOString(),
  );
}

function setOutputs(
  session: SessionCredentials,
  identity: CallerIdentity | undefined,
  outputCredentials: boolean,
): void {
  core.setOutput("expiration", session.expiration.toISOString());
  core.setOutput("mfa-authenticated", String(session.mfaAuthenticated));
  if (identity !== undefined) {
    core.setOutput("aws-account-id", identity.account);
    core.setOutput("arn", identity.arn);
  }
  if (outputCredentials) {
    core.setOutput("aws-access-key-id", session.accessKeyId);
    core.setOutput("aws-secret-access-key", session.secretAccessKey);
    core.setOutput("aws-session-token", session.sessionToken);
  }
}
