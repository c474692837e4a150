import { createServer } from "node:net";
import { STSServiceException } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { ActionError } from "../src/errors.js";
import { explainStsError, type CallContext } from "../src/sts-errors.js";

const context: CallContext = {
  operation: "GetSessionToken",
  region: "eu-west-1",
  endpoint: "http://127.0.0.1:1",
  callerSource: "the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables",
};

function awsError(code: string, message: string): STSServiceException {
  return new STSServiceException({
    name: code,
    $fault: "client",
    $metadata: { requestId: "req-1", httpStatusCode: 403 },
    message,
  });
}

/** A real refused connection: listen on a port, close it, connect. */
async function refusedConnection(): Promise<Error> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((done) => server.close(done));
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => new Error("expected a refusal"),
    (error: unknown) => (error as Error & { cause: Error }).cause,
  );
}

describe("explainStsError", () => {
  it.each([
    [
      "InvalidClientTokenId",
      "The security token included in the request is invalid.",
      "active in IAM",
    ],
    [
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match",
      "AWS_SECRET_ACCESS_KEY",
    ],
    [
      "SignatureDoesNotMatch",
      "Signature expired: 20261203T120000Z is now earlier than …",
      "clock",
    ],
    [
      "AccessDenied",
      "Cannot call GetSessionToken with session credentials",
      "temporary",
    ],
    [
      "AccessDenied",
      "User is not authorized to perform sts:GetSessionToken",
      "policy denies sts:GetSessionToken",
    ],
    [
      "RegionDisabledException",
      "STS is not activated in this region",
      "not activated in eu-west-1",
    ],
    [
      "ExpiredToken",
      "The security token included in the request is expired",
      "have expired",
    ],
    ["ValidationError", "1 validation error detected", "duration-seconds"],
  ])("explains %s (%s)", (code, message, advice) => {
    const explained = explainStsError(awsError(code, message), context);
    expect(explained).toBeInstanceOf(ActionError);
    expect(explained.message).toMatch(/^GetSessionToken failed: /);
    expect(explained.message).toContain(advice);
    expect(explained.message).toContain(`AWS said ${code}: ${message}`);
    expect(explained.message).toContain("request id req-1");
  });

  it("names the endpoint when nothing accepts the connection", async () => {
    const explained = explainStsError(await refusedConnection(), context);
    expect(explained.message).toContain(
      "Nothing accepts connections at http://127.0.0.1:1",
    );
    expect(explained.message).toContain("ECONNREFUSED");
  });

  it("keeps an unknown AWS error's code and message", () => {
    const explained = explainStsError(awsError("Weird", "odd"), context);
    expect(explained.message).toContain("AWS said Weird: odd");
  });

  it("passes its own errors through unchanged", () => {
    const own = new ActionError("already explained");
    expect(explainStsError(own, context)).toBe(own);
  });

  it("describes something thrown that is not an Error", () => {
    const explained = explainStsError("a string", context);
    expect(explained.message).toContain("Unknown: a string");
  });
});
