import { describe, expect, it } from "vitest";
import { findLeaks } from "./support/leak-check.js";

const secret = "wJalr/secret+key=0001";

describe("findLeaks", () => {
  it("allows a secret on its own add-mask line", () => {
    expect(findLeaks(`::add-mask::${secret}\nok`, [secret])).toEqual([]);
  });

  it("finds a secret printed after its mask", () => {
    const log = `::add-mask::${secret}\nkey is ${secret}`;
    expect(findLeaks(log, [secret])).toHaveLength(1);
  });

  it("finds a URL-encoded or base64 secret", () => {
    const encoded = encodeURIComponent(secret);
    const base64 = Buffer.from(secret).toString("base64");
    expect(findLeaks(`a ${encoded}\nb ${base64}`, [secret])).toHaveLength(2);
  });

  it("lets a value masked by choice follow its add-mask line only", () => {
    const account = "111122223333";
    const early = `arn:aws:iam::${account}:user/a\n::add-mask::${account}`;
    const late = `::add-mask::${account}\narn:aws:iam::${account}:user/a`;
    expect(findLeaks(early, [], [account])).toHaveLength(1);
    expect(findLeaks(late, [], [account])).toEqual([]);
  });
});
