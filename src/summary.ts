import * as core from "@actions/core";
import { errorMessage } from "./errors.js";
import type { Settings } from "./inputs.js";
import type { WrittenProfile } from "./profiles.js";
import type { CallerIdentity, SessionCredentials } from "./sts.js";

/**
 * A small table on the run's page: who the session is, until when, where
 * it was written. Nothing secret: the account id only when it is not
 * masked, never a key.
 */
export async function writeJobSummary(
  session: SessionCredentials,
  identity: CallerIdentity | undefined,
  profiles: readonly WrittenProfile[],
  settings: Settings,
): Promise<void> {
  const hidden = "(masked)";
  const account = settings.maskAccountId ? hidden : identity?.account;
  const arn = settings.maskAccountId ? hidden : identity?.arn;
  const files = profiles.map((profile) => profile.path).join(", ");
  const rows: [string, string][] = [
    ["Account", account ?? "not verified"],
    ["ARN", arn ?? "not verified"],
    ["Expires", session.expiration.toISOString()],
    ["MFA", session.mfaAuthenticated ? "yes" : "no"],
    ["Profile", profiles.length > 0 ? settings.profile.profileName : "none"],
    ["Files written", files || "none"],
    ["Exported to later steps", settings.exportEnv ? "yes" : "no"],
  ];

  if (!process.env.GITHUB_STEP_SUMMARY) {
    return;
  }
  await core.summary
    .addHeading("AWS session", 3)
    .addTable([
      [
        { data: "", header: true },
        { data: "", header: true },
      ],
      ...rows,
    ])
    .write()
    .catch((error: unknown) => {
      core.warning(`Could not write the job summary: ${errorMessage(error)}`);
    });
}
