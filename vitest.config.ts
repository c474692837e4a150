import { defineConfig } from "vitest/config";
import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", that
 * any CI log reader can count, whatever the default reporter prints.
 */
const countingReporter: Reporter = {
  onTestRunEnd(testModules: readonly TestModule[]) {
    const count = (state: "passed" | "failed" | "skipped") =>
      testModules.reduce(
        (sum, module) => sum + [...module.children.allTests(state)].length,
        0,
      );
    console.log(
      `\n${count("passed")} passed, ${count("failed")} failed, ` +
        `${count("skipped")} skipped`,
    );
  },
};

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Runner-level tests start many node processes; two cores are shared.
    maxWorkers: 2,
    reporters: ["default", countingReporter],
    // No test may reach AWS: an SDK that slips past a test's own endpoint
    // lands on a closed loopback port, and never probes instance metadata.
    env: {
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9",
    },
  },
});
