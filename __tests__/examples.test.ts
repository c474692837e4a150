import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readActionMetadata, ROOT } from "../scripts/local-runner.mjs";

const metadata = readActionMetadata();
const DECLARED_INPUTS = new Set(Object.keys(metadata.inputs));
const DECLARED_OUTPUTS = new Set(Object.keys(metadata.outputs));

// How users reach this action from their workflows, and how this
// repository's own workflows reach the checked-out copy.
const THIS_ACTION = new Set(["org/sts-session-action@v1", "./"]);

type Mapping = Record<string, unknown>;

interface Snippet {
  readonly line: number;
  readonly text: string;
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Workflow files, examples and other YAML, as paths from the root. */
function yamlFiles(folder: string): string[] {
  const absolute = join(ROOT, folder);
  if (!existsSync(absolute)) {
    return [];
  }
  return readdirSync(absolute, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => relative(ROOT, join(absolute, name)).replace(/\\/g, "/"))
    .sort();
}

function parseYaml(text: string): unknown {
  return parse(text);
}

function readYaml(path: string): unknown {
  return parseYaml(readFileSync(join(ROOT, path), "utf8"));
}

/** Every value inside a parsed document, the document included. */
function* allValues(value: unknown): Generator {
  yield value;
  const children = Array.isArray(value)
    ? value
    : isMapping(value)
      ? Object.values(value)
      : [];
  for (const child of children) {
    yield* allValues(child);
  }
}

/** The text inside every `${{ … }}` of a document. */
function expressions(document: unknown): string[] {
  return [...allValues(document)]
    .filter((value) => typeof value === "string")
    .flatMap((text) =>
      [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((match) => match[1]),
    )
    .filter((expression) => expression !== undefined);
}

/** The steps, anywhere in a document, that run this action. */
function stepsOfThisAction(document: unknown): Mapping[] {
  return [...allValues(document)]
    .filter(isMapping)
    .filter((step) => typeof step.uses === "string")
    .filter((step) => THIS_ACTION.has(step.uses as string));
}

/**
 * Step ids live in one job (or one composite action), so each job is
 * checked on its own: an id may mean this action in one job and another
 * action in the next.
 */
function stepScopes(document: unknown): unknown[] {
  if (isMapping(document) && isMapping(document.jobs)) {
    return Object.values(document.jobs);
  }
  return [document];
}

function undeclaredInputs(document: unknown): string[] {
  return stepsOfThisAction(document).flatMap((step) =>
    Object.keys(isMapping(step.with) ? step.with : {}).filter(
      (name) => !DECLARED_INPUTS.has(name),
    ),
  );
}

/** The outputs read as `steps.<id>.outputs.<name>` of this action's steps. */
function outputsRead(document: unknown): string[] {
  return stepScopes(document).flatMap((scope) => {
    const ids = new Set(
      stepsOfThisAction(scope)
        .map((step) => step.id)
        .filter((id) => typeof id === "string"),
    );
    return expressions(scope)
      .flatMap((expression) => [
        ...expression.matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g),
      ])
      .filter(([, id = ""]) => ids.has(id))
      .map(([, , name = ""]) => name);
  });
}

function undeclaredOutputs(document: unknown): string[] {
  return outputsRead(document).filter((name) => !DECLARED_OUTPUTS.has(name));
}

/** The fenced ```yaml blocks of the README, with their first line. */
function readmeSnippets(): Snippet[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^```ya?ml\r?\n([\s\S]*?)^```/gm)].map(
    (match) => ({
      line: readme.slice(0, match.index).split("\n").length,
      text: match[1] ?? "",
    }),
  );
}

const exampleFiles = yamlFiles("examples");
const workflowFiles = yamlFiles(".github/workflows");
const compositeFiles = exampleFiles.filter((path) =>
  path.endsWith("/action.yml"),
);
const exampleWorkflows = exampleFiles.filter(
  (path) => !compositeFiles.includes(path),
);
const allFiles = [...exampleFiles, ...yamlFiles(".github")];
const snippets = readmeSnippets();

describe("YAML files under examples/ and .github/", () => {
  it("include workflows, a composite action and CI workflows", () => {
    expect(exampleWorkflows.length).toBeGreaterThanOrEqual(3);
    expect(compositeFiles.length).toBeGreaterThanOrEqual(1);
    expect(workflowFiles.length).toBeGreaterThanOrEqual(1);
  });

  it.each(allFiles)("parse: %s", (path) => {
    expect(() => readYaml(path)).not.toThrow();
  });
});

describe("workflows", () => {
  it.each([...exampleWorkflows, ...workflowFiles])(
    "have a trigger and jobs that each run steps or call a workflow: %s",
    (path) => {
      const workflow = readYaml(path);
      expect(isMapping(workflow)).toBe(true);
      const { on, jobs } = workflow as Mapping;
      expect(on).toBeDefined();
      expect(isMapping(jobs) && Object.keys(jobs).length > 0).toBe(true);

      for (const [name, job] of Object.entries(jobs as Mapping)) {
        const runsSteps =
          isMapping(job) &&
          job["runs-on"] !== undefined &&
          Array.isArray(job.steps) &&
          job.steps.length > 0;
        const callsWorkflow = isMapping(job) && typeof job.uses === "string";
        expect(runsSteps || callsWorkflow, `job ${name}`).toBe(true);
      }
    },
  );

  it.each(exampleWorkflows)("run this action: %s", (path) => {
    expect(stepsOfThisAction(readYaml(path)).length).toBeGreaterThan(0);
  });

  it("read this action's outputs in at least one example", () => {
    const read = exampleFiles.flatMap((path) => outputsRead(readYaml(path)));
    expect(read.length).toBeGreaterThan(0);
  });
});

describe("the composite example", () => {
  it.each(compositeFiles)(
    "has a name, a description and composite steps: %s",
    (path) => {
      const action = readYaml(path) as Mapping;
      expect(typeof action.name).toBe("string");
      expect(typeof action.description).toBe("string");
      const runs = action.runs as Mapping;
      expect(runs.using).toBe("composite");
      expect(Array.isArray(runs.steps) && runs.steps.length > 0).toBe(true);
      expect(stepsOfThisAction(runs.steps).length).toBeGreaterThan(0);
    },
  );

  it.each(compositeFiles)("reads only inputs it declares: %s", (path) => {
    const action = readYaml(path) as Mapping;
    const declared = new Set(
      Object.keys(isMapping(action.inputs) ? action.inputs : {}),
    );
    const read = expressions(action).flatMap((expression) =>
      [...expression.matchAll(/\binputs\.([\w-]+)/g)].map(([, name]) => name),
    );
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((name) => !declared.has(name ?? ""))).toEqual([]);
  });
});

describe("steps that run this action in examples/ and .github/", () => {
  it.each(allFiles)("pass only inputs action.yml declares: %s", (path) => {
    expect(undeclaredInputs(readYaml(path))).toEqual([]);
  });

  it.each(allFiles)("read only outputs action.yml declares: %s", (path) => {
    expect(undeclaredOutputs(readYaml(path))).toEqual([]);
  });
});

describe("the README's YAML snippets", () => {
  it("exist", () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  it.each(snippets)("parse: the snippet at line $line", ({ text }) => {
    expect(() => parseYaml(text)).not.toThrow();
  });

  it.each(snippets)(
    "pass only inputs action.yml declares: the snippet at line $line",
    ({ text }) => {
      expect(undeclaredInputs(parseYaml(text))).toEqual([]);
    },
  );

  it.each(snippets)(
    "read only outputs action.yml declares: the snippet at line $line",
    ({ text }) => {
      expect(undeclaredOutputs(parseYaml(text))).toEqual([]);
    },
  );
});
