import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runStep } from "../scripts/local-runner.mjs";
import type { StepOptions, StepRun } from "../scripts/local-runner.mjs";
import { startStsEmulator } from "../scripts/sts-emulator.mjs";
import type { Emulator } from "../scripts/sts-emulator.mjs";
import { findLeaks } from "./support/leak-check.js";
import { expectFailedStep } from "./support/step-checks.js";
import { TEST_CALLER_ENV, TEST_USER } from "./support/test-user.js";
import {
  startTinyproxy,
  tinyproxyAvailable,
  type Tinyproxy,
} from "./support/tinyproxy.js";

const PROXY_PASSWORD = "proxy-pass-0001";

let emulator: Emulator;
let proxy: Tinyproxy;
let logBefore = 0;

beforeAll(async () => {
  emulator = await startStsEmulator({ users: [TEST_USER] });
});

afterAll(async () => {
  await emulator.close();
});

async function runMain(options: StepOptions): Promise<StepRun> {
  const run = await runStep("main", {
    ...options,
    env: {
      ...TEST_CALLER_ENV,
      AWS_ENDPOINT_URL_STS: emulator.url,
      ACTIONS_STEP_DEBUG: "true",
      ...options.env,
    },
  });
  const sessions = [...emulator.sessions.values()];
  const secrets = [
    PROXY_PASSWORD,
    TEST_USER.secretAccessKey,
    ...sessions.map((session) => session.sessionToken),
  ];
  expect(findLeaks(run.stdout + run.stderr, secrets)).toEqual([]);
  return run;
}

/** What tinyproxy logged about requests to the emulator since the test began. */
function proxiedRequests(): string[] {
  const host = new URL(emulator.url).host;
  return proxy
    .log()
    .slice(logBefore)
    .split("\n")
    .filter((line) => line.includes(`POST http://${host}/`));
}

describe.skipIf(!tinyproxyAvailable())("STS calls through tinyproxy", () => {
  beforeAll(async () => {
    proxy = await startTinyproxy();
  });

  afterAll(async () => {
    await proxy.close();
  });

  beforeEach(() => {
    logBefore = proxy.log().length;
  });

  it("go through the proxy named by http-proxy", async () => {
    const run = await runMain({ inputs: { "http-proxy": proxy.url } });
    expect(run.exitCode).toBe(0);
    expect(proxiedRequests()).toHaveLength(2);
    expect(run.stdout).toContain(`::debug::Proxy: ${proxy.url}`);
  });

  it("go through the proxy named by HTTPS_PROXY", async () => {
    const run = await runMain({ env: { HTTPS_PROXY: proxy.url } });
    expect(run.exitCode).toBe(0);
    expect(proxiedRequests()).toHaveLength(2);
  });

  it("bypass the proxy for a host in no-proxy", async () => {
    const run = await runMain({
      inputs: { "http-proxy": proxy.url, "no-proxy": "localhost, 127.0.0.1" },
    });
    expect(run.exitCode).toBe(0);
    expect(proxiedRequests()).toEqual([]);
    expect(run.stdout).toContain("::debug::Proxy: none");
  });

  it("bypass the proxy for a host in NO_PROXY", async () => {
    const run = await runMain({
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: "127.0.0.0/8" },
    });
    expect(run.exitCode).toBe(0);
    expect(proxiedRequests()).toEqual([]);
  });

  it("mask the password of a proxy URL", async () => {
    const withPassword = proxy.url.replace(
      "http://",
      `http://ci:${PROXY_PASSWORD}@`,
    );
    const run = await runMain({ inputs: { "http-proxy": withPassword } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${PROXY_PASSWORD}`);
    expect(proxiedRequests()).toHaveLength(2);
  });
});

describe("a proxy that does not answer", () => {
  it("is named in the error", async () => {
    const run = await runMain({
      inputs: { "http-proxy": "http://127.0.0.1:9", "retry-max-attempts": "1" },
    });
    expect(expectFailedStep(run)).toContain(
      "Nothing accepts connections at the proxy http://127.0.0.1:9",
    );
    expect(emulator.requests.length).toBeGreaterThanOrEqual(0);
  });
});
