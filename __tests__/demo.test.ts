import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../scripts/local-runner.mjs";

interface DemoRun {
  readonly code: number;
  readonly output: string;
}

/** Runs `npm run demo`'s script as a newcomer would, after `npm ci`. */
function runDemo(): Promise<DemoRun> {
  const options = {
    cwd: ROOT,
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" },
    timeout: 120_000,
  };
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, "scripts", "demo.mjs")],
      options,
      (error, stdout, stderr) => {
        done({
          code: error ? Number(error.code ?? 1) : 0,
          output: stdout + stderr,
        });
      },
    );
  });
}

describe("npm run demo", () => {
  it("runs the action end to end and proves the session works", async () => {
    const demo = await runDemo();

    expect(demo.code).toBe(0);
    expect(demo.output).toMatch(/Main step log \(exit code 0\)/);
    expect(demo.output).toMatch(/AWS_SESSION_TOKEN=\*\*\* \(\d+ chars\)/);
    expect(demo.output).toMatch(/AWS SDK for JavaScript: arn:aws:/);
    expect(demo.output).not.toContain("::add-mask::");
  });
});
