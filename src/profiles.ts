import { ActionError } from "./errors.js";
import {
  markedExpiration,
  markerLine,
  removeSection,
  writeSection,
  type FileKind,
  type SectionContent,
} from "./ini-file.js";
import type { ProfileSettings } from "./inputs.js";
import {
  checkForeignProfile,
  deleteFile,
  fingerprint,
  openProfileFile,
  readProfileText,
  removeEmptyFolders,
  replaceFileText,
  type ProfileFile,
} from "./profile-files.js";
import type { SessionCredentials } from "./sts.js";

/** What the post step needs to undo one write, exactly. */
export interface WrittenProfile {
  readonly kind: FileKind;
  readonly path: string;
  readonly profileName: string;
  readonly previous: string | undefined;
  readonly separator: string;
  readonly createdFile: boolean;
  readonly createdFolders: readonly string[];
  /** Of the whole file as the action left it, to tell if others edited it. */
  readonly writtenFingerprint: string;
}

/**
 * Opens and locks every file the settings name, and refuses a foreign
 * profile, before any call to STS. On failure nothing stays locked or made.
 */
export async function openProfileFiles(
  settings: ProfileSettings,
): Promise<ProfileFile[]> {
  const opened: ProfileFile[] = [];
  try {
    for (const [kind, inputName, path] of filesToWrite(settings)) {
      const file = await openProfileFile(kind, inputName, path);
      opened.push(file);
      await checkForeignProfile(
        file,
        settings.profileName,
        settings.overwriteProfile,
      );
    }
    return opened;
  } catch (error) {
    await closeProfileFiles(opened, false);
    throw error;
  }
}

function filesToWrite(
  settings: ProfileSettings,
): [FileKind, ProfileFile["inputName"], string][] {
  const files: [FileKind, ProfileFile["inputName"], string][] = [];
  if (settings.configFile !== undefined) {
    files.push(["config", "config-file", settings.configFile]);
  }
  if (settings.credentialsFile !== undefined) {
    files.push(["credentials", "credentials-file", settings.credentialsFile]);
  }
  return files;
}

/** Releases the locks; after a failure also removes the folders made. */
export async function closeProfileFiles(
  files: readonly ProfileFile[],
  succeeded: boolean,
): Promise<void> {
  for (const file of files) {
    await file.release();
    if (!succeeded) {
      await removeEmptyFolders(file.createdFolders);
    }
  }
}

/**
 * Writes the session into every opened file. When one write fails, the
 * ones before it are undone, so the files end as they began.
 */
export async function writeSessionProfiles(
  files: readonly ProfileFile[],
  profileName: string,
  region: string,
  session: SessionCredentials,
): Promise<WrittenProfile[]> {
  const written: WrittenProfile[] = [];
  try {
    for (const file of files) {
      const content = sectionContent(file.kind, region, session);
      written.push(await writeProfile(file, profileName, content));
    }
    return written;
  } catch (error) {
    await undoProfiles(written);
    throw error;
  }
}

/** Takes back sections written in this step, when the step then fails. */
export async function undoProfiles(
  written: readonly WrittenProfile[],
): Promise<void> {
  await Promise.all(written.map((profile) => undoProfile(profile)));
}

function sectionContent(
  kind: FileKind,
  region: string,
  session: SessionCredentials,
): SectionContent {
  const entries: [string, string][] = [
    ["aws_access_key_id", session.accessKeyId],
    ["aws_secret_access_key", session.secretAccessKey],
    ["aws_session_token", session.sessionToken],
  ];
  if (kind === "config") {
    entries.push(["region", region]);
  }
  return { marker: markerLine(session.expiration), entries };
}

async function writeProfile(
  file: ProfileFile,
  profileName: string,
  content: SectionContent,
): Promise<WrittenProfile> {
  const before = await readProfileText(file.path);
  const result = writeSection(before, file.kind, profileName, content);
  await replaceFileText(file.path, result.text, file.existed);
  return {
    kind: file.kind,
    path: file.path,
    profileName,
    previous: result.previous,
    separator: result.separator,
    createdFile: !file.existed,
    createdFolders: file.createdFolders,
    writtenFingerprint: fingerprint(result.text),
  };
}

/** How undoing one write went, for the post step's log. */
export type UndoOutcome =
  | "restored"
  | "restored-after-other-edits"
  | "deleted-file"
  | "section-gone"
  | "file-gone";

/**
 * Takes the action's section out again: the file comes back byte for byte
 * when nobody else edited it, and otherwise only our section goes. The
 * caller holds the file's lock.
 */
export async function undoProfile(
  profile: WrittenProfile,
  now: Date = new Date(),
): Promise<UndoOutcome> {
  const text = await readProfileText(profile.path).catch(() => undefined);
  if (text === undefined || (text === "" && profile.createdFile)) {
    return "file-gone";
  }
  const untouched = fingerprint(text) === profile.writtenFingerprint;
  const result = removeSection(text, profile.kind, profile.profileName, {
    previous: restorable(profile.previous, now),
    separator: profile.separator,
  });
  if (!result.found) {
    return "section-gone";
  }
  return storeUndone(profile, result.text, untouched);
}

// A section of ours that had expired when it was replaced is what an
// earlier job could not clean up (cancelled runner, cleanup: false): it is
// dropped, not put back. A live one belongs to an earlier step of this job.
function restorable(previous: string | undefined, now: Date) {
  const expiration = previous && markedExpiration(previous);
  return expiration && expiration.getTime() <= now.getTime()
    ? undefined
    : previous;
}

async function storeUndone(
  profile: WrittenProfile,
  text: string,
  untouched: boolean,
): Promise<UndoOutcome> {
  if (text === "" && profile.createdFile) {
    await deleteFile(profile.path);
    return "deleted-file";
  }
  await replaceFileText(profile.path, text, true);
  return untouched ? "restored" : "restored-after-other-edits";
}

export function parseWrittenProfiles(state: string): WrittenProfile[] {
  if (state === "") {
    return [];
  }
  const parsed: unknown = JSON.parse(state);
  if (!Array.isArray(parsed)) {
    throw new ActionError("The main step left unreadable profile state.");
  }
  return parsed as WrittenProfile[];
}
