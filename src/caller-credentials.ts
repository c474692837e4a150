import { homedir } from "node:os";
import { join } from "node:path";
import { parseKnownFiles } from "@smithy/core/config";
import { fromProcess } from "@aws-sdk/credential-provider-process";
import { ActionError, errorMessage } from "./errors.js";

/** The long-term IAM user keys that sign the GetSessionToken call. */
export interface CallerCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Where the keys were found, in words for log lines and errors. */
  readonly source: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

const ENV_KEYS = "the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables";

// Settings that make a profile hand out temporary credentials: roles, SSO,
// web identity and console logins all end in a session, never in user keys.
const TEMPORARY_PROFILE_KEYS = [
  "role_arn",
  "sso_session",
  "sso_start_url",
  "web_identity_token_file",
  "login_session",
];

/**
 * Finds long-term keys where the AWS CLI looks for them: the key variables,
 * then a profile in the shared credentials and config files. Instance and
 * container metadata are never probed: they only serve temporary
 * credentials, which GetSessionToken refuses, and probing them off EC2 hangs.
 */
export async function findCallerCredentials(
  env: Environment,
): Promise<CallerCredentials> {
  const fromVariables = readKeyVariables(env);
  if (fromVariables !== undefined) {
    return fromVariables;
  }
  return readProfile(env);
}

function readKeyVariables(env: Environment): CallerCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim() ?? "";
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim() ?? "";
  if (accessKeyId === "" && secretAccessKey === "") {
    return undefined;
  }

  const missing = accessKeyId === "" ? "AWS_ACCESS_KEY_ID" : "";
  if (missing !== "" || secretAccessKey === "") {
    const name = missing || "AWS_SECRET_ACCESS_KEY";
    throw new ActionError(
      `Variable ${name} is empty while its partner is set. Set both ` +
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the secrets that " +
        "hold an IAM user's access key.",
    );
  }

  const sessionToken = env.AWS_SESSION_TOKEN?.trim() ?? "";
  refuseTemporaryKeys(accessKeyId, sessionToken, ENV_KEYS);
  return { accessKeyId, secretAccessKey, source: ENV_KEYS };
}

interface SharedFiles {
  readonly profileName: string;
  readonly profileChosen: boolean;
  readonly configFile: string;
  readonly credentialsFile: string;
}

function locateSharedFiles(env: Environment): SharedFiles {
  const folder = join(homedir(), ".aws");
  const chosen = env.AWS_PROFILE?.trim() || env.AWS_DEFAULT_PROFILE?.trim();
  return {
    profileName: chosen || "default",
    profileChosen: Boolean(chosen),
    configFile: env.AWS_CONFIG_FILE?.trim() || join(folder, "config"),
    credentialsFile:
      env.AWS_SHARED_CREDENTIALS_FILE?.trim() || join(folder, "credentials"),
  };
}

async function readProfile(env: Environment): Promise<CallerCredentials> {
  const files = locateSharedFiles(env);
  const profiles = await parseKnownFiles({
    profile: files.profileName,
    filepath: files.credentialsFile,
    configFilepath: files.configFile,
    ignoreCache: true,
  });
  const profile = profiles[files.profileName];
  const where = `profile "${files.profileName}" in ${files.credentialsFile} or ${files.configFile}`;

  if (profile === undefined) {
    throw noCredentialsError(files, where);
  }
  if (profile.aws_access_key_id || profile.aws_secret_access_key) {
    return readStaticKeys(profile, where);
  }
  if (profile.credential_process) {
    return runCredentialProcess(files, where);
  }
  throw profileWithoutKeysError(profile, where);
}

function readStaticKeys(
  profile: Partial<Record<string, string>>,
  where: string,
): CallerCredentials {
  const accessKeyId = profile.aws_access_key_id?.trim() ?? "";
  const secretAccessKey = profile.aws_secret_access_key?.trim() ?? "";
  if (accessKeyId === "" || secretAccessKey === "") {
    throw new ActionError(
      `The ${where} needs both aws_access_key_id and aws_secret_access_key.`,
    );
  }

  refuseTemporaryKeys(accessKeyId, profile.aws_session_token ?? "", where);
  return { accessKeyId, secretAccessKey, source: where };
}

async function runCredentialProcess(
  files: SharedFiles,
  where: string,
): Promise<CallerCredentials> {
  const source = `the credential_process of ${where}`;
  const provide = fromProcess({
    profile: files.profileName,
    filepath: files.credentialsFile,
    configFilepath: files.configFile,
    ignoreCache: true,
  });

  const keys = await provide().catch((error: unknown) => {
    throw new ActionError(`Running ${source} failed: ${errorMessage(error)}`);
  });
  refuseTemporaryKeys(keys.accessKeyId, keys.sessionToken ?? "", source);
  return { ...keys, source };
}

function refuseTemporaryKeys(
  accessKeyId: string,
  sessionToken: string,
  source: string,
): void {
  const sign = sessionToken
    ? "they come with a session token"
    : accessKeyId.startsWith("ASIA")
      ? "the access key id starts with ASIA"
      : "";
  if (sign === "") {
    return;
  }
  throw new ActionError(
    `The credentials from ${source} are temporary (${sign}), and STS ` +
      "refuses GetSessionToken with temporary credentials. Give the action " +
      "an IAM user's long-term access key (AKIA…) instead, or, to act as a " +
      "role, assume it with sts:AssumeRole rather than GetSessionToken.",
  );
}

function profileWithoutKeysError(
  profile: Partial<Record<string, string>>,
  where: string,
): ActionError {
  const temporary = TEMPORARY_PROFILE_KEYS.find((key) => profile[key]);
  if (temporary !== undefined) {
    return new ActionError(
      `The ${where} gets temporary credentials (it sets ${temporary}), and ` +
        "STS refuses GetSessionToken with temporary credentials. Point the " +
        "action at a profile with an IAM user's long-term keys " +
        "(aws_access_key_id and aws_secret_access_key, or a " +
        "credential_process that returns them).",
    );
  }
  return new ActionError(
    `The ${where} has no aws_access_key_id, aws_secret_access_key or ` +
      "credential_process. Add the IAM user's keys to it, or set " +
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
  );
}

function noCredentialsError(files: SharedFiles, where: string): ActionError {
  const lookedIn = files.profileChosen
    ? `The ${where} does not exist`
    : `No AWS credentials found: the action looked in ${ENV_KEYS}, then in ${where}`;
  return new ActionError(
    `${lookedIn}. Pass an IAM user's access key to the step, for example ` +
      "env: AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }} and " +
      "AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}. " +
      "Instance and container roles cannot be used: they only give " +
      "temporary credentials.",
  );
}
