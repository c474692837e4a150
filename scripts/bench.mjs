// `npm run bench`: how fast and light the bundled action is, measured side
// by side with a bare `node -e 0` (the floor) on this machine, in one run.
// Each run is a cold Node process started the way the runner starts the
// action, against the project's STS emulator on 127.0.0.1 with fake keys.
// Prints medians of wall time, CPU time and peak memory, their ratios to
// the floor, and the size of dist/; writes the same table to
// bench/results.md.
import { spawn } from "node:child_process";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { prepareStep, ROOT } from "./local-runner.mjs";
import { startStsEmulator } from "./sts-emulator.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const GNU_TIME = "/usr/bin/time";
const CALLER = {
  AWS_ACCESS_KEY_ID: "AKIAEMULATOR0000USER",
  AWS_SECRET_ACCESS_KEY: "emulator/secret/key/for/tests/only/0000",
};

/** Runs one cold process under GNU time; resolves its measurements. */
function measure(args, env) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      GNU_TIME,
      ["-f", "%U %S %M", process.execPath, ...args],
      {
        env,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const [user, system, maxKb] = stderr
        .trim()
        .split("\n")
        .at(-1)
        .split(" ")
        .map(Number);
      if (Number.isNaN(maxKb)) fail(new Error(`no measurement: ${stderr}`));
      done({
        code,
        wallMs,
        cpuMs: (user + system) * 1000,
        memoryMb: maxKb / 1024,
      });
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function distSize() {
  const files = readdirSync(join(ROOT, "dist"), {
    recursive: true,
    encoding: "utf8",
  })
    .filter((name) => name.endsWith(".js"))
    .map((name) => join(ROOT, "dist", name));
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const gzipped = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(file)).length,
    0,
  );
  return { bytes, gzipped };
}

async function runAll(emulatorUrl, closedUrl) {
  const cases = {
    floor: { floor: true, inputs: {} },
    "full run": { inputs: {} },
    // Everything loaded, then one refused connection: the load alone.
    "load, no call": {
      inputs: { "retry-max-attempts": "1" },
      url: closedUrl,
    },
    "bad input": { inputs: { "duration-seconds": "15x" } },
  };
  const results = Object.fromEntries(
    Object.keys(cases).map((name) => [name, []]),
  );
  for (let run = 0; run < RUNS; run++) {
    for (const [name, { floor, inputs, url }] of Object.entries(cases)) {
      const { args, env } = prepareStep("main", {
        inputs,
        env: { ...CALLER, AWS_ENDPOINT_URL_STS: url ?? emulatorUrl },
      });
      results[name].push(await measure(floor ? ["-e", "0"] : args, env));
    }
  }
  return results;
}

function table(results) {
  const floor = summarize(results.floor);
  const lines = [
    `| Run (median of ${RUNS}) | Wall ms | × floor | CPU ms | × floor | Peak MB | × floor |`,
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const [name, runs] of Object.entries(results)) {
    const m = summarize(runs);
    const label = name === "floor" ? "`node -e 0` (floor)" : name;
    lines.push(
      `| ${label} | ${m.wallMs.toFixed(0)} | ${(m.wallMs / floor.wallMs).toFixed(2)} | ` +
        `${m.cpuMs.toFixed(0)} | ${(m.cpuMs / floor.cpuMs).toFixed(2)} | ` +
        `${m.memoryMb.toFixed(1)} | ${(m.memoryMb / floor.memoryMb).toFixed(2)} |`,
    );
  }
  return lines.join("\n");
}

function summarize(runs) {
  return {
    wallMs: median(runs.map((run) => run.wallMs)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
    memoryMb: median(runs.map((run) => run.memoryMb)),
  };
}

/** Puts the figures between the README's bench markers. */
function quoteInReadme(report) {
  const path = join(ROOT, "README.md");
  const readme = readFileSync(path, "utf8");
  const updated = readme.replace(
    /(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/,
    `$1\n${report}\n$2`,
  );
  writeFileSync(path, updated);
}

function checkExitCodes(results) {
  const expected = {
    floor: 0,
    "full run": 0,
    "load, no call": 1,
    "bad input": 1,
  };
  for (const [name, runs] of Object.entries(results)) {
    const wrong = runs.filter((run) => run.code !== expected[name]);
    if (wrong.length > 0) {
      throw new Error(
        `${name}: ${wrong.length} runs exited with an unexpected code (${wrong[0]?.code})`,
      );
    }
  }
}

// Node loads the CA bundle this variable names at every start, which would
// weigh on every run alike and hide the action's own share.
delete process.env.NODE_EXTRA_CA_CERTS;
process.env.AWS_EC2_METADATA_DISABLED = "true";

const emulator = await startStsEmulator();
const closed = await startStsEmulator();
await closed.close();
try {
  const results = await runAll(emulator.url, closed.url);
  checkExitCodes(results);
  const size = distSize();
  const report = [
    `Node ${process.versions.node}, ${RUNS} runs of each, alternating, on ${new Date().toISOString().slice(0, 10)}.`,
    "",
    table(results),
    "",
    `dist/ JavaScript: ${size.bytes} bytes, ${size.gzipped} gzipped.`,
  ].join("\n");
  console.log(report);
  mkdirSync(join(ROOT, "bench"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "results.md"), `${report}\n`);
  quoteInReadme(report);
} finally {
  await emulator.close();
}
