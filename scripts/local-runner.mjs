// Runs a step of the bundled action the way the GitHub runner does: INPUT_*
// variables with action.yml's defaults, the runner's file commands
// (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY), RUNNER_TEMP
// and STATE_* for the post step. Used by the runner-level tests and the demo.
import { spawn } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const STEP_TIMEOUT_MS = 60_000;

/**
 * @typedef {{ description: string, default?: string }} InputMetadata
 * @typedef {{
 *   inputs: Record<string, InputMetadata>,
 *   outputs: Record<string, { description: string }>,
 *   runs: { using: string, main: string, post: string },
 * }} ActionMetadata
 * @typedef {{
 *   inputs?: Record<string, string>,
 *   env?: Record<string, string | undefined>,
 *   state?: Record<string, string>,
 *   home?: string,
 *   uid?: number,
 *   nodeArgs?: string[],
 *   timeoutMs?: number,
 *   killAfterMs?: number,
 * }} StepOptions
 * @typedef {{
 *   exitCode: number | null,
 *   stdout: string,
 *   stderr: string,
 *   exportedEnv: Record<string, string>,
 *   outputs: Record<string, string>,
 *   state: Record<string, string>,
 *   summary: string,
 *   runnerTemp: string,
 *   home: string,
 * }} StepRun
 */

/** @returns {ActionMetadata} */
export function readActionMetadata() {
  return parse(readFileSync(join(ROOT, "action.yml"), "utf8"));
}

/**
 * Reads a file command the way the runner does: `NAME=value` lines and
 * `NAME<<DELIMITER` blocks.
 * @param {string} path
 * @returns {Record<string, string>}
 */
export function readFileCommand(path) {
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  /** @type {Record<string, string>} */
  const values = {};

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2] ?? "", index + 1);
      values[block[1] ?? ""] = lines.slice(index + 1, end).join("\n");
      index = end;
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      values[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return values;
}

/**
 * The runner's names for input variables: `INPUT_DURATION-SECONDS`.
 * @param {Record<string, string>} given
 */
function inputVariables(given) {
  /** @type {Record<string, string>} */
  const variables = {};
  const { inputs } = readActionMetadata();
  const withDefaults = Object.entries(inputs).flatMap(([name, input]) =>
    input.default === undefined ? [] : [[name, input.default]],
  );
  for (const [name, value] of [...withDefaults, ...Object.entries(given)]) {
    variables[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  return variables;
}

/** @param {Record<string, string>} state */
function stateVariables(state) {
  return Object.fromEntries(
    Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]),
  );
}

/** @param {boolean} shared open to every user, for a step run as another */
function createRunnerFiles(shared) {
  const temp = mkdtempSync(join(tmpdir(), "runner-"));
  if (shared) chmodSync(temp, 0o777);
  const files = {
    temp,
    env: join(temp, "github_env"),
    output: join(temp, "github_output"),
    state: join(temp, "github_state"),
    summary: join(temp, "step_summary"),
    path: join(temp, "github_path"),
  };
  for (const file of [files.env, files.output, files.state, files.summary]) {
    writeFileSync(file, "", { mode: shared ? 0o666 : 0o644 });
  }
  writeFileSync(files.path, "");
  return files;
}

/**
 * A clean step environment: none of this machine's AWS settings leak in,
 * and no SDK in the step may probe instance metadata.
 * @param {ReturnType<typeof createRunnerFiles>} files
 * @param {string} home
 * @param {StepOptions} options
 * @returns {Record<string, string>}
 */
function stepEnvironment(files, home, options) {
  const merged = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    CI: "true",
    GITHUB_ACTIONS: "true",
    RUNNER_TEMP: files.temp,
    GITHUB_WORKSPACE: files.temp,
    GITHUB_ENV: files.env,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_PATH: files.path,
    AWS_EC2_METADATA_DISABLED: "true",
    ...inputVariables(options.inputs ?? {}),
    ...stateVariables(options.state ?? {}),
    ...options.env,
  };
  return Object.fromEntries(
    Object.entries(merged).filter(([, value]) => value !== undefined),
  );
}

/**
 * Lays out what the runner gives a step: its files, home folder, command
 * line and environment. runStep starts it; the benchmark wraps it.
 * @param {"main" | "post"} step
 * @param {StepOptions} [options]
 */
export function prepareStep(step, options = {}) {
  const files = createRunnerFiles(options.uid !== undefined);
  const home = options.home ?? join(files.temp, "home");
  mkdirSync(home, { recursive: true, mode: 0o777 });
  const entry = join(ROOT, readActionMetadata().runs[step]);
  return {
    files,
    home,
    args: [...(options.nodeArgs ?? []), entry],
    env: stepEnvironment(files, home, options),
  };
}

/**
 * Starts a bundled step of dist/ as a child process, as the runner does,
 * and reads back what it wrote. With killAfterMs the step is killed
 * outright after that long, as a cancelled job or a lost runner would be.
 * @param {"main" | "post"} step
 * @param {StepOptions} [options]
 * @returns {Promise<StepRun>}
 */
export async function runStep(step, options = {}) {
  const { files, home, args, env } = prepareStep(step, options);
  const child = spawn(process.execPath, args, {
    env,
    cwd: files.temp,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: options.timeoutMs ?? STEP_TIMEOUT_MS,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
  });
  if (options.killAfterMs !== undefined) {
    setTimeout(() => child.kill("SIGKILL"), options.killAfterMs);
  }

  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk) => (stderr += chunk.toString()));
  /** @type {number | null} */
  const exitCode = await new Promise((done) => child.on("close", done));

  return {
    exitCode,
    stdout,
    stderr,
    exportedEnv: readFileCommand(files.env),
    outputs: readFileCommand(files.output),
    state: readFileCommand(files.state),
    summary: readFileSync(files.summary, "utf8"),
    runnerTemp: files.temp,
    home,
  };
}
