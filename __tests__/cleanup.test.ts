import { afterEach, describe, expect, it, vi } from "vitest";
import { runPost } from "../src/cleanup.js";

const savedEnv = { ...process.env };

async function postStepLines(
  expiration: string | undefined,
  now: Date,
): Promise<string[]> {
  if (expiration !== undefined) {
    process.env.STATE_expiration = expiration;
  }
  const write = vi.spyOn(process.stdout, "write").mockReturnValue(true);
  await runPost(now);
  return write.mock.calls.map(([line]) => String(line));
}

afterEach(() => {
  process.env = { ...savedEnv };
  vi.restoreAllMocks();
});

describe("runPost", () => {
  it("warns when the session expired before the job ended", async () => {
    const lines = await postStepLines(
      "2030-01-01T00:00:00.000Z",
      new Date("2030-01-01T00:00:01.000Z"),
    );
    expect(lines.join("")).toMatch(/^::warning::The session expired at/);
    expect(lines.join("")).toContain("duration-seconds");
  });

  it("stays quiet while the session is still valid", async () => {
    const lines = await postStepLines(
      "2030-01-01T00:00:00.000Z",
      new Date("2029-12-31T23:59:59.000Z"),
    );
    expect(lines).toEqual([]);
  });

  it("stays quiet when the main step issued no session", async () => {
    expect(await postStepLines(undefined, new Date())).toEqual([]);
  });
});

describe("runPost with damaged state", () => {
  it("ignores an expiry it cannot read", async () => {
    expect(await postStepLines("not a date", new Date())).toEqual([]);
  });
});
