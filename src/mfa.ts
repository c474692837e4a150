import { Secret, TOTP } from "otpauth";
import type { Clock } from "./clock.js";
import { ActionError } from "./errors.js";

/** How the session proves MFA: a device serial and where codes come from. */
export interface MfaSettings {
  readonly serialNumber: string;
  readonly tokenCode: string | undefined;
  readonly totpSecret: string | undefined;
}

export interface MfaCode {
  readonly serialNumber: string;
  readonly tokenCode: string;
}

/** A line for the log; codes and seeds never reach it. */
export type Report = (line: string) => void;

// AWS's virtual MFA devices: RFC 6238 with SHA-1, six digits, 30 seconds.
const PERIOD_MS = 30_000;
// A code sent this close to its window's end may reach AWS after the
// window turned; waiting for a fresh window is cheaper than a refusal.
const SAFETY_MARGIN_MS = 3_000;
// One device serves one code per window, so jobs sharing a device queue
// up window by window; four windows cover a few jobs at the same moment.
export const MAX_MFA_WINDOWS = 4;

const INVALID_CODE = "invalid MFA one time pass code";

export function totpCode(secret: string, timestamp: number): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_MS / 1000,
    timestamp,
  });
}

/**
 * Calls STS with an MFA code. A fixed code gets one try. With a seed, each
 * try uses a fresh window's code, since AWS refuses a code that was
 * already used for the device, by this job or by another sharing it.
 */
export async function withMfaCode<T>(
  mfa: MfaSettings,
  clock: Clock,
  report: Report,
  call: (code: MfaCode) => Promise<T>,
): Promise<T> {
  const { serialNumber, tokenCode, totpSecret } = mfa;
  if (totpSecret === undefined) {
    return call({ serialNumber, tokenCode: tokenCode ?? "" });
  }
  return tryWindows(serialNumber, totpSecret, clock, report, call);
}

async function tryWindows<T>(
  serialNumber: string,
  secret: string,
  clock: Clock,
  report: Report,
  call: (code: MfaCode) => Promise<T>,
): Promise<T> {
  let window = await freshWindow(clock, -1, report);
  for (let attempt = 1; ; attempt++) {
    const tokenCode = totpCode(secret, window * PERIOD_MS);
    try {
      return await call({ serialNumber, tokenCode });
    } catch (error) {
      if (!isRefusedCode(error) || attempt >= MAX_MFA_WINDOWS) {
        throw error;
      }
      report(
        `STS refused the MFA code of this window (attempt ${attempt} of ` +
          `${MAX_MFA_WINDOWS}): another job sharing the device may have ` +
          "used it. Waiting for the next window.",
      );
      window = await freshWindow(clock, window, report);
    }
  }
}

/**
 * Waits, if needed, for a window after `usedWindow` with enough time left
 * to send its code, and returns that window's number.
 */
async function freshWindow(
  clock: Clock,
  usedWindow: number,
  report: Report,
): Promise<number> {
  const now = clock.now();
  const current = Math.floor(now / PERIOD_MS);
  const remaining = (current + 1) * PERIOD_MS - now;
  if (current > usedWindow && remaining >= SAFETY_MARGIN_MS) {
    return current;
  }

  const next = Math.max(current, usedWindow) + 1;
  const wait = next * PERIOD_MS - now;
  report(`Waiting ${Math.ceil(wait / 1000)}s for a fresh MFA window.`);
  await clock.sleep(wait);
  return next;
}

export function isRefusedCode(error: unknown): boolean {
  return error instanceof Error && error.message.includes(INVALID_CODE);
}

/** What a refused code most likely means, for the final error. */
export function explainRefusedCode(mfa: MfaSettings): ActionError {
  const fixed = mfa.totpSecret === undefined;
  const tried = fixed
    ? "the code in mfa-token-code"
    : `codes in ${MAX_MFA_WINDOWS} windows`;
  return new ActionError(
    `GetSessionToken failed: STS refused ${tried} for MFA device ` +
      `${mfa.serialNumber}. Likely causes: the code belongs to another ` +
      "device (check mfa-serial-number), the runner's clock is off, or the " +
      "code was already used (AWS refuses a code twice, even within its 30 " +
      "seconds)." +
      (fixed
        ? " With mfa-totp-secret the action computes a fresh code itself."
        : " Check that mfa-totp-secret is the seed of this device."),
  );
}
