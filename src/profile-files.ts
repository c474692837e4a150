import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import {
  access,
  chown,
  lstat,
  mkdir,
  open,
  readFile,
  rename,
  rmdir,
  stat,
  unlink,
} from "node:fs/promises";
import { dirname } from "node:path";
import { lock } from "proper-lockfile";
import { ActionError, errorCode, errorMessage } from "./errors.js";
import { findSection, type FileKind } from "./ini-file.js";

/** A profile file the action is about to write, locked for it. */
export interface ProfileFile {
  readonly kind: FileKind;
  readonly inputName: "config-file" | "credentials-file";
  readonly path: string;
  /** Folders made for the file, deepest first, so cleanup can remove them. */
  readonly createdFolders: readonly string[];
  readonly existed: boolean;
  readonly release: () => Promise<void>;
}

// Writers of one file (several runners sharing ~/.aws on one host) queue
// for the lock; a minute covers dozens of them, each holding it for one
// STS round trip.
const LOCK_RETRIES = {
  retries: 120,
  factor: 1.2,
  minTimeout: 50,
  maxTimeout: 1000,
  randomize: true,
};
const LOCK_STALE_MS = 20_000;

const PRIVATE_FOLDER = 0o700;
export const PRIVATE_FILE = 0o600;

/**
 * Checks the path, makes its folders and takes the file's lock, all before
 * STS is called, so a bad path costs no session and no other writer can
 * slip in between reading the file and replacing it.
 */
export async function openProfileFile(
  kind: FileKind,
  inputName: ProfileFile["inputName"],
  path: string,
): Promise<ProfileFile> {
  const existed = await refuseUnusablePath(inputName, path);
  const folder = dirname(path);
  const createdFolders = await makeFolders(inputName, folder);
  try {
    await access(folder, constants.W_OK).catch((error: unknown) => {
      throw unusable(inputName, folder, describeError(error));
    });
    const release = await takeLock(inputName, path);
    return { kind, inputName, path, createdFolders, existed, release };
  } catch (error) {
    await removeEmptyFolders(createdFolders);
    throw error;
  }
}

async function refuseUnusablePath(
  inputName: string,
  path: string,
): Promise<boolean> {
  const found = await lstat(path).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw unusable(inputName, path, describeError(error));
  });
  if (found?.isSymbolicLink()) {
    throw unusable(
      inputName,
      path,
      "it is a symbolic link, which the action refuses to follow",
    );
  }
  if (found !== undefined && !found.isFile()) {
    throw unusable(inputName, path, "it is a folder, not a file");
  }
  return found !== undefined;
}

/** Makes the missing folders of a path, private, and lists them. */
async function makeFolders(
  inputName: string,
  folder: string,
): Promise<string[]> {
  const missing: string[] = [];
  for (let current = folder; ; current = dirname(current)) {
    const found = await stat(current).catch(() => undefined);
    if (found !== undefined) {
      if (!found.isDirectory()) {
        throw unusable(inputName, current, "it is a file, not a folder");
      }
      break;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }

  await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER }).catch(
    (error: unknown) => {
      throw unusable(inputName, folder, describeError(error));
    },
  );
  return missing;
}

async function takeLock(
  inputName: string,
  path: string,
): Promise<() => Promise<void>> {
  let compromised: Error | undefined;
  const unlock = await lock(path, {
    realpath: false,
    stale: LOCK_STALE_MS,
    retries: LOCK_RETRIES,
    onCompromised: (error) => (compromised = error),
  }).catch((error: unknown) => {
    throw lockError(inputName, path, error);
  });

  return async () => {
    await unlock().catch(() => undefined);
    if (compromised !== undefined) {
      throw new ActionError(
        `The lock on ${path} was lost while the action held it ` +
          `(${compromised.message}). Check that nothing else removes ` +
          `${path}.lock.`,
      );
    }
  };
}

/** Locks a file for the post step; undefined when its folder is gone. */
export async function lockProfilePath(
  path: string,
): Promise<(() => Promise<void>) | undefined> {
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (folder === undefined) {
    return undefined;
  }
  return takeLock("cleanup", path);
}

function lockError(inputName: string, path: string, error: unknown) {
  if (errorCode(error) === "ELOCKED") {
    return new ActionError(
      `Input ${inputName}: ${path} stayed locked by another writer for ` +
        `over a minute. If no job is writing it, remove ${path}.lock.`,
    );
  }
  return unusable(inputName, path, describeError(error));
}

/** Reads a profile file; a missing file reads as empty. */
export async function readProfileText(path: string): Promise<string> {
  return readFile(path, "utf8").catch((error: unknown) => {
    if (isMissing(error)) return "";
    throw new ActionError(`Cannot read ${path}: ${describeError(error)}`);
  });
}

/**
 * Refuses, before any call to STS, to replace a section the action did not
 * write, unless overwrite-profile says so.
 */
export async function checkForeignProfile(
  file: ProfileFile,
  profileName: string,
  overwrite: boolean,
): Promise<void> {
  const text = await readProfileText(file.path);
  const section = findSection(text, file.kind, profileName);
  if (section === undefined || section.ours || overwrite) {
    return;
  }
  throw new ActionError(
    `Input ${file.inputName}: ${file.path} already has a profile ` +
      `"${profileName}" that this action did not write. Choose another ` +
      "profile-name, or set overwrite-profile: true to replace it for " +
      "this job.",
  );
}

/**
 * Replaces the file in one rename: a crash leaves the old file or the new
 * one, never a torn one. A new file is private; an existing one keeps its
 * mode and owner.
 */
export async function replaceFileText(
  path: string,
  text: string,
  existed: boolean,
): Promise<void> {
  const original = existed
    ? await stat(path).catch(() => undefined)
    : undefined;
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeDurably(temporary, text, original?.mode ?? PRIVATE_FILE);
    if (original !== undefined && process.getuid?.() === 0) {
      await chown(temporary, original.uid, original.gid);
    }
    await rename(temporary, path);
  } catch (error) {
    await deleteFile(temporary).catch(() => undefined);
    throw new ActionError(`Cannot write ${path}: ${describeError(error)}`);
  }
}

/** Writes a new file and flushes it to disk before it is renamed. */
async function writeDurably(
  path: string,
  text: string,
  mode: number,
): Promise<void> {
  const handle = await open(path, "wx", mode & 0o777);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function deleteFile(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if (!isMissing(error)) throw error;
  });
}

/** Removes folders the action made, deepest first, while they are empty. */
export async function removeEmptyFolders(
  folders: readonly string[],
): Promise<void> {
  for (const folder of folders) {
    const removed = await rmdir(folder).then(
      () => true,
      () => false,
    );
    if (!removed) return;
  }
}

export function fingerprint(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function unusable(inputName: string, path: string, reason: string) {
  return new ActionError(
    `Input ${inputName}: cannot use ${path}: ${reason}. Expected a path to ` +
      "a regular file (or a missing one) in a folder the runner can write.",
  );
}

function isMissing(error: unknown): boolean {
  return errorCode(error) === "ENOENT";
}

function describeError(error: unknown): string {
  const code = errorCode(error);
  const detail = errorMessage(error);
  return code === "EACCES" || code === "EPERM"
    ? `permission denied (${detail})`
    : detail;
}
