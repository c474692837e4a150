import * as core from "@actions/core";
import { formatDuration, MAX_DURATION_SECONDS } from "./duration.js";
import { describeFailure } from "./errors.js";
import { STATE } from "./exports.js";
import { lockProfilePath, removeEmptyFolders } from "./profile-files.js";
import {
  parseWrittenProfiles,
  undoProfile,
  type UndoOutcome,
  type WrittenProfile,
} from "./profiles.js";

/**
 * The post step. It never fails the job: whatever goes wrong here becomes
 * a warning, because the job's own work is already done.
 */
export async function runPost(now: Date = new Date()): Promise<void> {
  try {
    warnIfExpired(core.getState(STATE.expiration), now);
    await removeWrittenProfiles(core.getState(STATE.profiles));
  } catch (error) {
    core.warning(`Post step: ${describeFailure(error)}`);
  }
}

function warnIfExpired(expiration: string, now: Date): void {
  if (expiration === "") {
    return;
  }

  const expiredAt = new Date(expiration).getTime();
  if (Number.isNaN(expiredAt) || expiredAt > now.getTime()) {
    return;
  }
  core.warning(
    `The session expired at ${expiration}, before the job ended, so steps ` +
      "that ran after that time had no valid credentials. Raise " +
      `duration-seconds (up to ${MAX_DURATION_SECONDS}, ` +
      `${formatDuration(MAX_DURATION_SECONDS)}).`,
  );
}

async function removeWrittenProfiles(state: string): Promise<void> {
  const profiles = parseWrittenProfiles(state);
  if (profiles.length === 0) {
    return;
  }
  await core.group("Removing the session profiles", async () => {
    for (const profile of profiles) {
      await removeOne(profile).catch((error: unknown) => {
        core.warning(
          `Could not remove profile "${profile.profileName}" from ` +
            `${profile.path}: ${describeFailure(error)} Remove it by hand.`,
        );
      });
    }
  });
}

async function removeOne(profile: WrittenProfile): Promise<void> {
  const unlock = await lockProfilePath(profile.path);
  let outcome: UndoOutcome;
  try {
    outcome = await undoProfile(profile);
  } finally {
    await unlock?.();
  }
  // Only once unlocked: the lock itself lives in the folder.
  if (outcome === "deleted-file") {
    await removeEmptyFolders(profile.createdFolders);
  }
  report(profile, outcome);
}

function report(profile: WrittenProfile, outcome: UndoOutcome): void {
  const what = `profile "${profile.profileName}" in ${profile.path}`;
  const messages: Record<UndoOutcome, string> = {
    restored: `Removed ${what}; the file is as it was.`,
    "restored-after-other-edits":
      `Removed ${what}. The file changed after the action wrote it; ` +
      "only the action's profile was taken out.",
    "deleted-file": `Removed ${what} and the file, which the action created.`,
    "section-gone":
      `Found no ${what} written by the action: something else removed ` +
      "or rewrote it. Nothing was changed.",
    "file-gone": `${profile.path} is already gone.`,
  };
  if (outcome === "section-gone") {
    core.warning(messages[outcome]);
  } else {
    core.info(messages[outcome]);
  }
}
