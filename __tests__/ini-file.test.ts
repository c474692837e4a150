import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ActionError } from "../src/errors.js";
import {
  findSection,
  markedExpiration,
  MARKER_PREFIX,
  markerLine,
  removeSection,
  sectionHeader,
  writeSection,
  type FileKind,
  type SectionContent,
  type WriteResult,
} from "../src/ini-file.js";

const MARKER = markerLine(new Date("2026-12-03T17:05:20.000Z"));

const CONTENT: SectionContent = {
  marker: MARKER,
  entries: [
    ["aws_access_key_id", "ASIAEXAMPLEKEY"],
    ["aws_secret_access_key", "wJalr/EXAMPLE+KEY=="],
    ["aws_session_token", "FwoGZXIvYXdzEXAMPLE=="],
  ],
};

const OTHER_CONTENT: SectionContent = {
  marker: markerLine(new Date("2027-01-01T00:00:00.000Z")),
  entries: [["aws_access_key_id", "ASIAOTHERKEY"]],
};

/** Joins lines as an LF file with a final newline. */
function file(...lines: string[]): string {
  return lines.map((line) => `${line}\n`).join("");
}

const OUR_BLOCK = [
  MARKER,
  "aws_access_key_id = ASIAEXAMPLEKEY",
  "aws_secret_access_key = wJalr/EXAMPLE+KEY==",
  "aws_session_token = FwoGZXIvYXdzEXAMPLE==",
];

describe("sectionHeader", () => {
  it.each<[FileKind, string, string]>([
    ["config", "session-token", "[profile session-token]"],
    ["config", "default", "[default]"],
    ["credentials", "session-token", "[session-token]"],
    ["credentials", "default", "[default]"],
  ])("writes the %s header of %s as %s", (kind, profileName, header) => {
    expect(sectionHeader(kind, profileName)).toBe(header);
  });
});

describe("markerLine", () => {
  it("names the action, the expiry and the post step", () => {
    expect(MARKER).toBe(
      "# Written by sts-session-action; expires 2026-12-03T17:05:20.000Z; " +
        "removed by its post step",
    );
    expect(MARKER.startsWith(MARKER_PREFIX)).toBe(true);
  });
});

describe("findSection", () => {
  const text = file(
    "[default]",
    "region = eu-west-1",
    "",
    "[profile session-token]",
    "region = us-east-1",
    "# between keys",
    "s3 =",
    "  max_concurrent_requests = 20",
    "",
    "# about the next profile",
    "[profile next]",
    "region = eu-central-1",
  );

  it("ends at the last key, before blank lines and comments", () => {
    const found = findSection(text, "config", "session-token");

    expect(found?.text).toBe(
      file(
        "[profile session-token]",
        "region = us-east-1",
        "# between keys",
        "s3 =",
        "  max_concurrent_requests = 20",
      ),
    );
    expect(found?.start).toBe(text.indexOf("[profile session-token]"));
    expect(found?.end).toBe(text.indexOf("\n# about"));
    expect(found?.ours).toBe(false);
  });

  it("tells our section by the marker under its header", () => {
    const ours = file("[profile session-token]", ...OUR_BLOCK);

    expect(findSection(ours, "config", "session-token")?.ours).toBe(true);
  });

  it("ends at the end of a file without a final newline", () => {
    const found = findSection("[x]\na = b", "credentials", "x");

    expect(found).toEqual({
      start: 0,
      end: 9,
      text: "[x]\na = b",
      ours: false,
    });
  });

  it("reads a section with no keys as its header line alone", () => {
    const found = findSection("[x]\n\n# c\n[y]\n", "credentials", "x");

    expect(found?.text).toBe("[x]\n");
  });

  it("does not match a bare [session-token] in a config file", () => {
    const bare = file("[session-token]", "region = us-east-1");

    expect(findSection(bare, "config", "session-token")).toBeUndefined();
    expect(findSection(bare, "credentials", "session-token")?.start).toBe(0);
  });

  it("does not match [profile session-token] in a credentials file", () => {
    const prefixed = file("[profile session-token]", "region = us-east-1");

    expect(findSection(prefixed, "credentials", "session-token")).toBe(
      undefined,
    );
  });

  it.each([
    "[profile   session-token]",
    "[profile\tsession-token]",
    "[ profile session-token ]",
    "  [profile session-token]  ",
    "[profile session-token] # a note",
  ])("matches the header %j", (header) => {
    const found = findSection(file(header, "a = b"), "config", "session-token");

    expect(found?.text).toBe(file(header, "a = b"));
  });

  it("matches [profile default] as the config file's default", () => {
    const text = file("[profile default]", "region = eu-west-1");

    expect(findSection(text, "config", "default")?.start).toBe(0);
  });

  it("throws an ActionError naming both copies of a duplicated section", () => {
    const twice = file("[profile s]", "a = 1", "", "[profile  s]", "a = 2");

    expect(() => findSection(twice, "config", "s")).toThrow(ActionError);
    expect(() => findSection(twice, "config", "s")).toThrow(
      /duplicated \(\[profile s\] on line 1, \[profile {2}s\] on line 4\)/,
    );
  });

  it("counts [default] and [profile default] as the same section", () => {
    const twice = file("[default]", "a = 1", "[profile default]", "a = 2");

    expect(() => findSection(twice, "config", "default")).toThrow(/duplicated/);
  });
});

describe("writeSection", () => {
  it("appends [profile session-token] after a blank line", () => {
    const before = file("[default]", "region = eu-west-1");
    const result = writeSection(before, "config", "session-token", CONTENT);

    expect(result).toEqual({
      text: file(
        "[default]",
        "region = eu-west-1",
        "",
        "[profile session-token]",
        ...OUR_BLOCK,
      ),
      previous: undefined,
      previousWasOurs: false,
      separator: "\n",
    });
  });

  it("appends [default] to a config file", () => {
    const before = file("[profile dev]", "region = eu-west-1");
    const result = writeSection(before, "config", "default", CONTENT);

    expect(result.text).toBe(before + file("", "[default]", ...OUR_BLOCK));
  });

  it("appends [session-token] to a credentials file", () => {
    const before = file("[default]", "aws_access_key_id = AKIAEXAMPLE");
    const result = writeSection(
      before,
      "credentials",
      "session-token",
      CONTENT,
    );

    expect(result.text).toBe(
      before + file("", "[session-token]", ...OUR_BLOCK),
    );
  });

  it("ends the last line of a file without a final newline first", () => {
    const result = writeSection("[a]\nb = c", "credentials", "s", CONTENT);

    expect(result.separator).toBe("\n\n");
    expect(result.text).toBe(file("[a]", "b = c", "", "[s]", ...OUR_BLOCK));
  });

  it("writes an empty file with no separator", () => {
    const result = writeSection("", "credentials", "s", CONTENT);

    expect(result.separator).toBe("");
    expect(result.text).toBe(file("[s]", ...OUR_BLOCK));
  });

  it("writes CRLF lines into a CRLF file", () => {
    const result = writeSection(
      "[a]\r\nb = c\r\n",
      "credentials",
      "s",
      CONTENT,
    );

    expect(result.text).toBe(
      ["[a]", "b = c", "", "[s]", ...OUR_BLOCK, ""].join("\r\n"),
    );
  });

  it("replaces our section in place and keeps the comments after it", () => {
    const before = file(
      "[profile s]",
      ...OUR_BLOCK,
      "",
      "# the next profile is for deploys",
      "[profile deploy]",
      "region = eu-west-1",
    );
    const result = writeSection(before, "config", "s", OTHER_CONTENT);

    expect(result.text).toBe(
      file(
        "[profile s]",
        OTHER_CONTENT.marker,
        "aws_access_key_id = ASIAOTHERKEY",
        "",
        "# the next profile is for deploys",
        "[profile deploy]",
        "region = eu-west-1",
      ),
    );
    expect(result.previous).toBe(file("[profile s]", ...OUR_BLOCK));
    expect(result.previousWasOurs).toBe(true);
    expect(result.separator).toBe("");
  });

  it("replaces a section the user wrote and returns it as it was", () => {
    const before = file("[s]", "aws_access_key_id = AKIAUSER", "# trailing");
    const result = writeSection(before, "credentials", "s", CONTENT);

    expect(result.text).toBe(file("[s]", ...OUR_BLOCK, "# trailing"));
    expect(result.previous).toBe(file("[s]", "aws_access_key_id = AKIAUSER"));
    expect(result.previousWasOurs).toBe(false);
  });

  it("throws an ActionError rather than edit a duplicated section", () => {
    const twice = file("[s]", "a = 1", "[s]", "a = 2");

    expect(() => writeSection(twice, "credentials", "s", CONTENT)).toThrow(
      ActionError,
    );
  });

  it("refuses a value with a line break", () => {
    const broken: SectionContent = {
      marker: MARKER,
      entries: [["aws_session_token", "abc\n[default]"]],
    };

    expect(() => writeSection("", "credentials", "s", broken)).toThrow(
      /line break/,
    );
  });
});

describe("removeSection", () => {
  const original = file("[default]", "region = eu-west-1");

  it("removes an appended section and the blank line before it", () => {
    const written = writeSection(original, "config", "s", CONTENT);

    expect(removeSection(written.text, "config", "s", written)).toEqual({
      text: original,
      found: true,
    });
  });

  it("takes its blank line along when text was added after our section", () => {
    const written = writeSection(original, "config", "s", CONTENT);
    const later = `${written.text}\n[profile later]\nregion = x\n`;

    expect(removeSection(later, "config", "s", written).text).toBe(
      file(
        "[default]",
        "region = eu-west-1",
        "",
        "[profile later]",
        "region = x",
      ),
    );
  });

  it("puts back the section that was replaced", () => {
    const before = file(
      "[s]",
      "aws_access_key_id = AKIAUSER",
      "",
      "[t]",
      "a = b",
    );
    const written = writeSection(before, "credentials", "s", CONTENT);

    expect(removeSection(written.text, "credentials", "s", written).text).toBe(
      before,
    );
  });

  it("leaves a section of that name without our marker alone", () => {
    const foreign = file("[s]", "aws_access_key_id = AKIAUSER");

    expect(
      removeSection(foreign, "credentials", "s", { separator: "\n" }),
    ).toEqual({ text: foreign, found: false });
  });

  it("reports a missing section as not found", () => {
    expect(removeSection(original, "config", "s", { separator: "" })).toEqual({
      text: original,
      found: false,
    });
  });
});

// Generated files: a mix of everything a real config or credentials file
// holds, with sometimes a section of the profile under test.

interface Scenario {
  readonly kind: FileKind;
  readonly profileName: string;
  readonly text: string;
}

const PROFILE_NAMES = ["session-token", "default", "ci"];

const OTHER_SECTION_NAMES = [
  "default",
  "profile default",
  "profile dev",
  "profile session-token",
  "profile ci",
  "dev",
  "session-token",
  "ci",
  "sso-session x",
  "services y",
];

/** The normalised names that count as the profile under test. */
function ourNames(kind: FileKind, profileName: string): string[] {
  if (kind === "credentials") {
    return [profileName];
  }

  return profileName === "default"
    ? ["default", "profile default"]
    : [`profile ${profileName}`];
}

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/);
// Values hold `=`, spaces and `#`, which must not end a key line.
const value = fc.stringMatching(/^[A-Za-z0-9+/=# ]{0,16}$/);
const secret = fc.stringMatching(/^[A-Za-z0-9+/=]{1,40}$/);

const keyLine = fc
  .tuple(word, fc.constantFrom(" = ", "=", " =", "= "), value)
  .map(([key, equals, text]) => key + equals + text);

const commentLine = fc
  .tuple(
    fc.constantFrom("", "  ", "\t"),
    fc.constantFrom("#", ";"),
    fc.stringMatching(/^[ -~]{0,20}$/),
  )
  .map(([indent, prefix, text]) => indent + prefix + text);

const blankLine = fc.constantFrom("", "  ", "\t");

const nestedBlock = fc
  .tuple(
    word,
    fc.array(
      fc.oneof(
        fc
          .tuple(fc.constantFrom("  ", "    ", "\t"), keyLine)
          .map(([indent, line]) => indent + line),
        commentLine,
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([key, lines]) => [`${key} =`, ...lines]);

const sectionBody = fc
  .array(
    fc.oneof(
      keyLine.map((line) => [line]),
      nestedBlock,
      commentLine.map((line) => [line]),
      blankLine.map((line) => [line]),
    ),
    { maxLength: 6 },
  )
  .map((items) => items.flat());

/** Writes a normalised section name the many ways people type it. */
function spelledHeader(name: string): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom("", " "),
      fc.constantFrom(" ", "   ", "\t"),
      fc.constantFrom("", " "),
    )
    .map(([inside, gap, after]) => {
      const spaced = name.replace(/^profile /, `profile${gap}`);
      return `[${inside}${spaced}${inside}]${after}`;
    });
}

function section(
  names: readonly string[],
  body: fc.Arbitrary<string[]>,
): fc.Arbitrary<{ name: string; lines: string[] }> {
  return fc
    .constantFrom(...names)
    .chain((name) =>
      fc
        .tuple(spelledHeader(name), body)
        .map(([header, lines]) => ({ name, lines: [header, ...lines] })),
    );
}

const EXPIRATIONS = fc.date({
  min: new Date("2020-01-01T00:00:00Z"),
  max: new Date("2040-01-01T00:00:00Z"),
  noInvalidDate: true,
});

const ourEarlierBody = fc
  .tuple(EXPIRATIONS, sectionBody)
  .map(([expiration, lines]) => [markerLine(expiration), ...lines]);

function scenarioOf(
  kind: FileKind,
  profileName: string,
): fc.Arbitrary<Scenario> {
  const names = ourNames(kind, profileName);
  const others = OTHER_SECTION_NAMES.filter((name) => !names.includes(name));
  return fc
    .record({
      preamble: fc.array(fc.oneof(commentLine, blankLine), { maxLength: 3 }),
      sections: fc.uniqueArray(section(others, sectionBody), {
        selector: (generated) => generated.name,
        maxLength: 5,
      }),
      ownSection: fc.oneof(
        fc.constant(undefined),
        section(names, sectionBody),
        section(names, ourEarlierBody),
      ),
      ownPosition: fc.nat(),
      eol: fc.constantFrom("\n", "\r\n"),
      finalNewline: fc.boolean(),
    })
    .map((parts) => {
      const sections = parts.sections.map((generated) => generated.lines);
      if (parts.ownSection !== undefined) {
        const at = parts.ownPosition % (sections.length + 1);
        sections.splice(at, 0, parts.ownSection.lines);
      }
      const lines = [...parts.preamble, ...sections.flat()];
      const ending = parts.finalNewline && lines.length > 0 ? parts.eol : "";
      return { kind, profileName, text: lines.join(parts.eol) + ending };
    });
}

const scenario = fc
  .tuple(
    fc.constantFrom<FileKind>("config", "credentials"),
    fc.constantFrom(...PROFILE_NAMES),
  )
  .chain(([kind, profileName]) => scenarioOf(kind, profileName));

const content: fc.Arbitrary<SectionContent> = fc
  .tuple(EXPIRATIONS, secret, secret, secret)
  .map(([expiration, keyId, secretKey, token]) => ({
    marker: markerLine(expiration),
    entries: [
      ["aws_access_key_id", keyId],
      ["aws_secret_access_key", secretKey],
      ["aws_session_token", token],
    ],
  }));

const RUNS = { numRuns: 300 };

interface ParsedSection {
  readonly name: string;
  readonly start: number;
  /** Just past the last key or indented line (or our marker). */
  end: number;
  /** Where the next header starts, or the end of the file. */
  chunkEnd: number;
}

type LineRole = "header" | "marker" | "key" | "continuation" | "comment";

function roleOf(line: string, previous: LineRole | undefined): LineRole {
  if (/^\s*\[(.+)\]\s*$/.test(line)) {
    return "header";
  }
  if (previous === "header" && line.startsWith(MARKER_PREFIX)) {
    return "marker";
  }
  if (/^\s*$|^\s*[#;]/.test(line)) {
    return "comment";
  }
  const underKey = previous === "key" || previous === "continuation";
  if (/^\s+\S/.test(line) && underKey) {
    return "continuation";
  }
  if (/^[^\s=[#;][^=]*=/.test(line) && previous !== undefined) {
    return "key";
  }
  throw new Error(`line not allowed: ${JSON.stringify(line)}`);
}

/**
 * Reads a file the strict way: no duplicate section, and every other line
 * blank, a comment, `key = value`, or an indented line under a key. It is
 * the test's own reading of the rules, so it shares no code with the module.
 */
function parseStrictly(text: string): ParsedSection[] {
  const sections: ParsedSection[] = [];
  let previous: LineRole | undefined;
  for (const match of text.matchAll(/[^\n]*\n|[^\n]+$/g)) {
    const line = match[0].replace(/\r?\n$/, "");
    const [start, end] = [match.index, match.index + match[0].length];
    const role = roleOf(line, previous);
    const current = sections.at(-1);
    if (role === "header") {
      const name = line.trim().slice(1, -1).trim();
      sections.push(newSection(sections, name, start, end, text.length));
    } else if (role !== "comment" && current !== undefined) {
      current.end = end;
    }
    // Comments between keys keep an indented line after them a continuation.
    previous = role === "comment" && previous !== "header" ? previous : role;
  }

  return sections;
}

function newSection(
  earlier: ParsedSection[],
  written: string,
  start: number,
  end: number,
  fileEnd: number,
): ParsedSection {
  const name = written.replace(/^profile\s+/, "profile ");
  if (earlier.some((seen) => seen.name === name)) {
    throw new Error(`duplicate section ${name}`);
  }
  const last = earlier.at(-1);
  if (last !== undefined) {
    last.chunkEnd = start;
  }
  return { name, start, end, chunkEnd: fileEnd };
}

function sectionOf(text: string, { kind, profileName }: Scenario) {
  const names = ourNames(kind, profileName);
  return parseStrictly(text).find((parsed) => names.includes(parsed.name));
}

/** The section the rules say writeSection writes, built by hand. */
function expectedBlock(x: Scenario, written: SectionContent): string {
  const eol = x.text.includes("\r\n") ? "\r\n" : "\n";
  const header =
    x.kind === "credentials"
      ? `[${x.profileName}]`
      : x.profileName === "default"
        ? "[default]"
        : `[profile ${x.profileName}]`;
  const keys = written.entries.map(([key, text]) => `${key} = ${text}`);
  return [header, written.marker, ...keys].map((line) => line + eol).join("");
}

function expectedSeparator(text: string): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  if (text === "") {
    return "";
  }

  return text.endsWith("\n") ? eol : eol + eol;
}

/** A chunk without the line breaks an appended separator may add to it. */
function withoutTrailingBreaks(chunk: string): string {
  return chunk.replace(/(\r?\n)+$/, "");
}

/** The comment lines outside the profile's section. */
function commentsAround(text: string, x: Scenario): string[] {
  const own = sectionOf(text, x);
  const outside =
    own === undefined ? text : text.slice(0, own.start) + text.slice(own.end);
  return outside.split(/\r?\n/).filter((line) => /^\s*[#;]/.test(line));
}

describe("writeSection on generated files", () => {
  it("is given files the strict reader accepts", () => {
    fc.assert(
      fc.property(scenario, (x) => {
        expect(() => parseStrictly(x.text)).not.toThrow();
      }),
      RUNS,
    );
  });

  it("writes the block in place of the section, or after a separator", () => {
    fc.assert(
      fc.property(scenario, content, (x, written) => {
        const result = writeSection(x.text, x.kind, x.profileName, written);
        const own = sectionOf(x.text, x);
        const block = expectedBlock(x, written);

        const expected =
          own === undefined
            ? x.text + expectedSeparator(x.text) + block
            : x.text.slice(0, own.start) + block + x.text.slice(own.end);
        expect(result.text).toBe(expected);
        expect(result.previous).toBe(own && x.text.slice(own.start, own.end));
      }),
      RUNS,
    );
  });

  it("keeps every other section and every comment as it was", () => {
    fc.assert(
      fc.property(scenario, content, (x, written) => {
        const after = writeSection(x.text, x.kind, x.profileName, written).text;
        const names = ourNames(x.kind, x.profileName);
        const sectionsAfter = parseStrictly(after);
        const chunk = (text: string, parsed: ParsedSection | undefined) =>
          withoutTrailingBreaks(text.slice(parsed?.start, parsed?.chunkEnd));

        for (const before of parseStrictly(x.text)) {
          if (!names.includes(before.name)) {
            const kept = sectionsAfter.find((s) => s.name === before.name);
            expect(chunk(after, kept)).toBe(chunk(x.text, before));
          }
        }
        expect(commentsAround(after, x)).toEqual(commentsAround(x.text, x));
      }),
      RUNS,
    );
  });

  it("leaves exactly one section of the profile, ours", () => {
    fc.assert(
      fc.property(scenario, content, (x, written) => {
        const after = writeSection(x.text, x.kind, x.profileName, written).text;
        const names = ourNames(x.kind, x.profileName);

        const own = parseStrictly(after).filter((s) => names.includes(s.name));
        expect(own).toHaveLength(1);
        expect(findSection(after, x.kind, x.profileName)?.ours).toBe(true);
      }),
      RUNS,
    );
  });

  it("keeps CRLF files CRLF and LF files LF", () => {
    fc.assert(
      fc.property(scenario, content, (x, written) => {
        const after = writeSection(x.text, x.kind, x.profileName, written).text;

        if (x.text.includes("\r\n")) {
          expect(after).not.toMatch(/(^|[^\r])\n/);
        } else {
          expect(after).not.toContain("\r");
        }
      }),
      RUNS,
    );
  });

  it("gives the same file when written twice with the same content", () => {
    fc.assert(
      fc.property(scenario, content, (x, written) => {
        const once = writeSection(x.text, x.kind, x.profileName, written);
        const twice = writeSection(once.text, x.kind, x.profileName, written);

        expect(twice.text).toBe(once.text);
        expect(twice.previousWasOurs).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("findSection on generated files", () => {
  it("finds the range the strict reader finds", () => {
    fc.assert(
      fc.property(scenario, (x) => {
        const own = sectionOf(x.text, x);
        const found = findSection(x.text, x.kind, x.profileName);

        expect(found && [found.start, found.end]).toEqual(
          own && [own.start, own.end],
        );
      }),
      RUNS,
    );
  });
});

describe("removeSection on generated files", () => {
  it("gives back the file as it was before the write", () => {
    fc.assert(
      fc.property(scenario, content, (x, written) => {
        const result = writeSection(x.text, x.kind, x.profileName, written);

        expect(
          removeSection(result.text, x.kind, x.profileName, result),
        ).toEqual({ text: x.text, found: true });
      }),
      RUNS,
    );
  });

  it("keeps text that follows our section on a line of its own", () => {
    fc.assert(
      fc.property(scenario, content, (x, written) => {
        const result = writeSection(x.text, x.kind, x.profileName, written);
        fc.pre(result.text.endsWith("\n"));
        const later = `${result.text}# added later\n`;
        const lineBreak = x.text.includes("\r\n") ? "\r\n" : "\n";
        const ended = x.text === "" || x.text.endsWith("\n");

        expect(removeSection(later, x.kind, x.profileName, result).text).toBe(
          `${x.text}${ended ? "" : lineBreak}# added later\n`,
        );
      }),
      RUNS,
    );
  });

  it("gives back the file when two jobs clean up in either order", () => {
    fc.assert(
      fc.property(scenario, content, fc.boolean(), (x, written, firstOut) => {
        const other = "other-job";
        fc.pre(findSection(x.text, x.kind, other) === undefined);
        const mine = writeSection(x.text, x.kind, x.profileName, written);
        const theirs = writeSection(mine.text, x.kind, other, written);
        const order: [string, WriteResult][] = [
          [x.profileName, mine],
          [other, theirs],
        ];
        if (firstOut) order.reverse();

        const cleaned = order.reduce(
          (text, [name, undo]) => removeSection(text, x.kind, name, undo).text,
          theirs.text,
        );
        expect(cleaned).toBe(x.text);
      }),
      RUNS,
    );
  });

  it("leaves a file without a section of ours as it is", () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom("", "\n", "\r\n"), (x, sep) => {
        const found = findSection(x.text, x.kind, x.profileName);
        fc.pre(found?.ours !== true);

        expect(
          removeSection(x.text, x.kind, x.profileName, { separator: sep }),
        ).toEqual({ text: x.text, found: false });
      }),
      RUNS,
    );
  });

  it("gives back the file after a second write with the first undo", () => {
    fc.assert(
      fc.property(scenario, content, content, (x, first, second) => {
        const { kind, profileName } = x;
        const once = writeSection(x.text, kind, profileName, first);
        const twice = writeSection(once.text, kind, profileName, second);

        expect(removeSection(twice.text, kind, profileName, once).text).toBe(
          x.text,
        );
      }),
      RUNS,
    );
  });
});

describe("markedExpiration", () => {
  it("reads the expiry back from a section of ours", () => {
    const expiration = new Date("2030-05-06T07:08:09.000Z");
    const section = `[ci]\n${markerLine(expiration)}\na = b\n`;
    expect(markedExpiration(section)).toEqual(expiration);
  });

  it("finds no expiry in a section the user wrote", () => {
    expect(markedExpiration("[ci]\n# expires tomorrow\na = b\n")).toBe(
      undefined,
    );
  });
});
