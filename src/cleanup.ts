import * as core from "@actions/core";
import { describeFailure } from "./errors.js";
import { STATE } from "./exports.js";

/**
 * The post step. It never fails the job: whatever goes wrong here becomes
 * a warning, because the job's own work is already done.
 */
export function runPost(now: Date = new Date()): void {
  try {
    warnIfExpired(core.getState(STATE.expiration), now);
  } catch (error) {
    core.warning(`Post step: ${describeFailure(error)}`);
  }
}

function warnIfExpired(expiration: string, now: Date): void {
  if (expiration === "") {
    return;
  }

  const expiredAt = new Date(expiration).getTime();
  if (Number.isNaN(expiredAt) || expiredAt > now.getTime()) {
    return;
  }
  core.warning(
    `The session expired at ${expiration}, before the job ended, so steps ` +
      "that ran after that time had no valid credentials. Raise " +
      "duration-seconds (up to 129600, 36h).",
  );
}
