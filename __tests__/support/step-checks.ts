import { expect } from "vitest";
import type { StepRun } from "../../scripts/local-runner.mjs";

/**
 * Checks that a step failed the way the action promises: exit code 1,
 * nothing exported or set as output, exactly one error line and no stack
 * trace. Returns the error line.
 */
export function expectFailedStep(run: StepRun): string {
  expect(run.exitCode).toBe(1);
  expect(run.exportedEnv).toEqual({});
  expect(run.outputs).toEqual({});
  const errors = run.stdout
    .split("\n")
    .filter((line) => line.startsWith("::error::"));
  expect(errors).toHaveLength(1);
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
  return errors[0] ?? "";
}
