import * as core from "@actions/core";
import { systemClock, type Clock } from "./clock.js";
import { describeFailure } from "./errors.js";
import { readSettings, secretInputValues, type InputSource } from "./inputs.js";
import { describeProxy } from "./proxy.js";

/** Inputs and environment as the runner passes them to the step. */
export function runnerInputs(): InputSource {
  return { getInput: (name) => core.getInput(name), env: process.env };
}

/** The main step. The one place where a failure becomes setFailed. */
export async function run(
  source: InputSource = runnerInputs(),
  clock: Clock = systemClock,
): Promise<void> {
  try {
    await checkThenStart(source, clock);
  } catch (error) {
    core.setFailed(describeFailure(error));
  }
}

async function checkThenStart(
  source: InputSource,
  clock: Clock,
): Promise<void> {
  for (const secret of secretInputValues(source)) {
    core.setSecret(secret);
  }
  const settings = readSettings(source);
  core.debug(`Settings: ${JSON.stringify(settings, hideSecrets)}`);

  const { startSession } = await import("./session.js");
  await startSession(source, settings, clock);
}

function hideSecrets(key: string, value: unknown): unknown {
  if (key === "totpSecret" || key === "tokenCode") {
    return "(hidden)";
  }
  // The proxy URL arrives here already turned into text by URL's toJSON.
  return key === "url" && typeof value === "string"
    ? describeProxy(new URL(value))
    : value;
}
