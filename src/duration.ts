// GetSessionToken's limits for an IAM user. Root sessions are capped at an
// hour by STS itself, so there is nothing to check for them here.
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 129_600;

const WHOLE_SECONDS = /^\d+$/;
const UNITS = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Reads "3600", "15m", "1h30m" or "36h" as a number of seconds. Returns
 * undefined for anything else, so the caller can name the input at fault.
 */
export function parseDuration(text: string): number | undefined {
  if (WHOLE_SECONDS.test(text)) {
    return Number(text);
  }

  const units = UNITS.exec(text);
  if (text === "" || units === null) {
    return undefined;
  }

  const [, hours = "0", minutes = "0", seconds = "0"] = units;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** Writes a number of seconds the way a person reads it: "1h30m". */
export function formatDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [
    hours > 0 ? `${hours}h` : "",
    minutes > 0 ? `${minutes}m` : "",
    seconds > 0 ? `${seconds}s` : "",
  ];
  return parts.join("") || "0s";
}
