import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INPUT_DEFAULTS, readSettings } from "../src/inputs.js";
import { readActionMetadata, ROOT } from "../scripts/local-runner.mjs";

const metadata = readActionMetadata();

/** The input names readSettings asks for, whatever the values. */
function inputsReadBySettings(): Set<string> {
  const asked = new Set<string>();
  readSettings({
    getInput: (name) => {
      asked.add(name);
      return "";
    },
    env: {},
  });
  return asked;
}

/** Rows of the Markdown table that follows a README heading. */
function readmeTable(heading: string): string[][] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const after = readme.split(`\n## ${heading}\n`)[1] ?? "";
  const section = after.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) =>
      line
        .slice(1, -1)
        .split(" | ")
        .map((cell) => cell.trim()),
    );
}

function plain(markdown: string): string {
  return markdown.replace(/`/g, "");
}

describe("action.yml", () => {
  it("runs both steps on node24", () => {
    expect(metadata.runs).toEqual({
      using: "node24",
      main: "dist/main/index.js",
      post: "dist/post/index.js",
    });
  });

  it("describes every input and output", () => {
    const described = [
      ...Object.values(metadata.inputs),
      ...Object.values(metadata.outputs),
    ].map((entry) => entry.description.trim());
    expect(described.every((text) => text.length > 10)).toBe(true);
  });

  it("declares exactly the inputs the action reads", () => {
    expect([...inputsReadBySettings()].sort()).toEqual(
      Object.keys(metadata.inputs).sort(),
    );
  });

  it("declares the same defaults the action falls back to", () => {
    const declared = Object.fromEntries(
      Object.entries(metadata.inputs).flatMap(([name, input]) =>
        input.default === undefined ? [] : [[name, input.default]],
      ),
    );
    expect(declared).toEqual(INPUT_DEFAULTS);
  });
});

describe("README", () => {
  it("lists the inputs of action.yml with their defaults and descriptions", () => {
    const rows = readmeTable("Inputs").map(
      ([name = "", fallback = "", text = ""]) => [
        plain(name),
        plain(fallback),
        plain(text),
      ],
    );
    const expected = Object.entries(metadata.inputs).map(([name, input]) => [
      name,
      input.default ?? "",
      input.description.trim(),
    ]);
    expect(rows).toEqual(expected);
  });

  it("lists the outputs of action.yml with their descriptions", () => {
    const rows = readmeTable("Outputs").map(([name = "", text = ""]) => [
      plain(name),
      plain(text),
    ]);
    const expected = Object.entries(metadata.outputs).map(([name, output]) => [
      name,
      output.description.trim(),
    ]);
    expect(rows).toEqual(expected);
  });
});

describe("README's speed figures", () => {
  it("quote the latest bench/results.md", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const quoted = /<!-- bench:start -->([\s\S]*?)<!-- bench:end -->/.exec(
      readme,
    )?.[1];
    const results = readFileSync(join(ROOT, "bench", "results.md"), "utf8");
    const normalize = (text: string) =>
      text.replace(/-{3,}/g, "---").replace(/\s+/g, " ").trim();
    expect(normalize(quoted ?? "")).toBe(normalize(results));
  });
});

describe("dist/", () => {
  const files = readdirSync(join(ROOT, "dist"), {
    recursive: true,
    encoding: "utf8",
  }).filter((name) => name.endsWith(".js"));
  const bundle = files.map((name) => readFileSync(join(ROOT, "dist", name)));

  it("holds under 500 KB of JavaScript", () => {
    const bytes = bundle.reduce((sum, file) => sum + file.length, 0);
    expect(bytes).toBeLessThan(500_000);
  });

  it("carries none of the modules mapped to stand-ins", () => {
    const text = bundle.map((file) => file.toString("utf8")).join("\n");
    expect(text).not.toContain("undici");
    expect(text).not.toContain("fromInstanceMetadata");
    expect(text).toContain("is not bundled with this action");
  });
});
