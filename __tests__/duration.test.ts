import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../src/duration.js";

describe("parseDuration", () => {
  it.each([
    ["900", 900],
    ["0900", 900],
    ["15m", 900],
    ["1h30m", 5400],
    ["36h", 129_600],
    ["1h1m1s", 3661],
    ["90s", 90],
  ])("reads %s as %i seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["", "15x", "1.5h", "-900", "1h 30m", "h", "15M", "９００", "1e3"])(
    "rejects %j",
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe("formatDuration", () => {
  it.each([
    [900, "15m"],
    [3600, "1h"],
    [5400, "1h30m"],
    [129_600, "36h"],
    [61, "1m1s"],
    [0, "0s"],
  ])("writes %i seconds as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
