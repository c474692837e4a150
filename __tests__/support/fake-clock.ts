import type { Clock } from "../../src/clock.js";

/**
 * A clock that moves only when the code under test sleeps, and remembers
 * each wait, so tests of windows and backoff run instantly.
 */
export function fakeClock(start = 0): Clock & { waits: number[] } {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: (milliseconds) => {
      waits.push(milliseconds);
      now += milliseconds;
      return Promise.resolve();
    },
  };
}
