import { ActionError } from "./errors.js";

/**
 * Edits one profile section of an AWS config or credentials file and leaves
 * every other byte as it was: the user's comments, blank lines, line endings
 * and other profiles are theirs, and the post step must be able to undo the
 * edit exactly.
 */

export type FileKind = "config" | "credentials";

/**
 * First line of every section the action writes, right under the header:
 * the post step removes only sections that carry it, never a user's own.
 */
export const MARKER_PREFIX = "# Written by sts-session-action";

export interface SectionContent {
  readonly marker: string;
  readonly entries: readonly (readonly [string, string])[];
}

export interface FoundSection {
  /** Offset of the header line's first character. */
  readonly start: number;
  /** Offset just past the section's last content line and its line ending. */
  readonly end: number;
  readonly text: string;
  /** The line under the header is our marker. */
  readonly ours: boolean;
}

export interface WriteResult {
  readonly text: string;
  /** The exact text of the section that was replaced, if there was one. */
  readonly previous: string | undefined;
  readonly previousWasOurs: boolean;
  /** What was added before an appended section; "" when replaced in place. */
  readonly separator: string;
}

export interface RemoveResult {
  readonly text: string;
  readonly found: boolean;
}

/** What removeSection needs from the WriteResult it undoes. */
export interface SectionUndo {
  readonly previous?: string | undefined;
  readonly separator: string;
}

interface Line {
  readonly start: number;
  /** Just past the line ending, or the end of the file for a last line. */
  readonly end: number;
  /** The line without its line ending. */
  readonly body: string;
}

// The lazy name and the optional trailing comment follow the JavaScript SDK,
// which strips `# note` after a header; botocore reads it as a header too.
const HEADER = /^\s*\[(.*?)\]\s*(?:[#;].*)?$/;
const COMMENT = /^\s*[#;]/;
const BLANK = /^\s*$/;

/**
 * `[profile NAME]` in a config file (`[default]` for default), `[NAME]` in
 * a credentials file.
 */
export function sectionHeader(kind: FileKind, profileName: string): string {
  if (kind === "credentials") {
    return `[${profileName}]`;
  }

  return profileName === "default" ? "[default]" : `[profile ${profileName}]`;
}

export function markerLine(expiration: Date): string {
  return (
    `${MARKER_PREFIX}; expires ${expiration.toISOString()}; ` +
    "removed by its post step"
  );
}

/** The expiry a section of ours records, or undefined for any other text. */
export function markedExpiration(section: string): Date | undefined {
  const found = /^# Written by sts-session-action; expires (\S+);/m.exec(
    section,
  );
  const time = found?.[1] === undefined ? NaN : Date.parse(found[1]);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * Finds the section of that profile. Throws when the file holds it twice:
 * botocore refuses such a file, and tools differ on which copy they read.
 */
export function findSection(
  text: string,
  kind: FileKind,
  profileName: string,
): FoundSection | undefined {
  const lines = splitLines(text);
  const names = matchingNames(kind, profileName);
  const headers = lines.flatMap((line, index) => {
    const name = sectionName(line.body);
    return name !== undefined && names.includes(name) ? [{ line, index }] : [];
  });
  if (headers.length > 1) {
    throw duplicateError(headers);
  }

  const [header] = headers;
  return header === undefined
    ? undefined
    : sectionAt(text, header.line, lines.slice(header.index + 1));
}

/** Puts the section in place of the profile's section, or at the end. */
export function writeSection(
  text: string,
  kind: FileKind,
  profileName: string,
  content: SectionContent,
): WriteResult {
  const block = sectionBlock(
    sectionHeader(kind, profileName),
    content,
    lineEnding(text),
  );
  const found = findSection(text, kind, profileName);
  if (found === undefined) {
    const separator = appendSeparator(text);
    return {
      text: text + separator + block,
      previous: undefined,
      previousWasOurs: false,
      separator,
    };
  }

  return {
    text: text.slice(0, found.start) + block + text.slice(found.end),
    previous: found.text,
    previousWasOurs: found.ours,
    separator: "",
  };
}

/**
 * Undoes writeSection: puts `previous` back where our section is, or removes
 * our section and the separator added before it.
 * A section of that name without our marker is the user's and stays.
 */
export function removeSection(
  text: string,
  kind: FileKind,
  profileName: string,
  undo: SectionUndo,
): RemoveResult {
  const found = findSection(text, kind, profileName);
  if (found === undefined || !found.ours) {
    return { text, found: false };
  }

  const after = text.slice(found.end);
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  const before = text.slice(0, found.start);
  const kept =
    undo.previous === undefined
      ? withoutSeparator(before, undo)
      : before + undo.previous;
  return { text: joinLines(kept, after, lineBreak), found: true };
}

/**
 * Takes out the separator written before our section, wherever the section
 * now stands: jobs sharing a file append in one order and clean up in
 * another, and each must take its own blank line with it.
 */
function withoutSeparator(before: string, undo: SectionUndo): string {
  const { separator } = undo;
  return separator !== "" && before.endsWith(separator)
    ? before.slice(0, before.length - separator.length)
    : before;
}

/** Joins two pieces of a file without merging two lines into one. */
function joinLines(before: string, after: string, lineBreak: string): string {
  const merges =
    before !== "" &&
    !before.endsWith("\n") &&
    after !== "" &&
    !after.startsWith("\n") &&
    !after.startsWith("\r\n");
  return merges ? before + lineBreak + after : before + after;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline + 1;
    const body = text.slice(start, end).replace(/\r?\n$/, "");
    lines.push({ start, end, body });
    start = end;
  }
  return lines;
}

/** Lines we add follow the file's own style, so a CRLF file stays CRLF. */
function lineEnding(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** A header's name as AWS tools compare it, or undefined for other lines. */
function sectionName(line: string): string | undefined {
  const header = HEADER.exec(line);
  if (header === null) {
    return undefined;
  }

  // botocore splits `profile   NAME` on whitespace, so any run of it counts.
  return (header[1] ?? "").trim().replace(/^profile\s+/, "profile ");
}

function matchingNames(kind: FileKind, profileName: string): string[] {
  const own = sectionName(sectionHeader(kind, profileName)) ?? "";

  // botocore and the JavaScript SDK both read [profile default] as default.
  return kind === "config" && own === "default"
    ? [own, "profile default"]
    : [own];
}

function isContent(line: string): boolean {
  return !BLANK.test(line) && !COMMENT.test(line) && !HEADER.test(line);
}

/**
 * A section ends with its last key or indented line: blank lines and
 * comments after it introduce what follows, so they stay when it goes.
 */
function sectionAt(
  text: string,
  header: Line,
  following: readonly Line[],
): FoundSection {
  const ours = following[0]?.body.startsWith(MARKER_PREFIX) ?? false;
  let end = header.end;
  for (const [index, line] of following.entries()) {
    if (HEADER.test(line.body)) {
      break;
    }
    // Our marker belongs to our section even with no key under it.
    if (isContent(line.body) || (ours && index === 0)) {
      end = line.end;
    }
  }

  const start = header.start;
  return { start, end, text: text.slice(start, end), ours };
}

function duplicateError(
  headers: readonly { line: Line; index: number }[],
): ActionError {
  const places = headers
    .map(({ line, index }) => `${line.body.trim()} on line ${index + 1}`)
    .join(", ");
  return new ActionError(
    `the profile's section is duplicated (${places}). AWS tools refuse ` +
      "such a file or disagree on which copy counts: merge them into one " +
      "section and run the job again.",
  );
}

function sectionBlock(
  header: string,
  content: SectionContent,
  eol: string,
): string {
  const lines = [
    header,
    content.marker,
    ...content.entries.map(([key, value]) => `${key} = ${value}`),
  ];
  // A line break inside a line would end it early and corrupt the file.
  if (lines.some((line) => /[\r\n]/.test(line))) {
    throw new Error("a profile name or value holds a line break");
  }

  return lines.map((line) => line + eol).join("");
}

/** One blank line between the old end of the file and our section. */
function appendSeparator(text: string): string {
  if (text === "") {
    return "";
  }

  const eol = lineEnding(text);
  return text.endsWith("\n") ? eol : eol + eol;
}
