import { execFile } from "node:child_process";

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real AWS CLI with only the given environment (plus PATH), so it
 * sees exactly what a later workflow step would. Asynchronous, because an
 * emulator serving it may live in this very process.
 */
export function runAwsCli(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<CliRun> {
  const options = {
    env: {
      PATH: process.env.PATH,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PAGER: "",
      ...env,
    },
    timeout: 60_000,
  };
  return new Promise((done) => {
    execFile(
      "aws",
      [...args, "--output", "json"],
      options,
      (error, stdout, stderr) => {
        const status = error ? Number(error.code ?? 1) : 0;
        done({ status, stdout, stderr });
      },
    );
  });
}
