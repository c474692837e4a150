import { setTimeout as sleep } from "node:timers/promises";

/** Time as the action sees it; tests pass one that runs instantly. */
export interface Clock {
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (milliseconds) => {
    await sleep(milliseconds);
  },
};
