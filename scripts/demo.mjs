// `npm run demo`: runs the bundled action end to end on this machine with
// no AWS account. It starts an STS emulator on 127.0.0.1 (moto_server when
// installed, else the project's own), runs dist/ as the runner would, shows
// the log, what was exported and set as outputs (secrets masked), and then
// proves the session works with a GetCallerIdentity signed by it.
import { spawnSync } from "node:child_process";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { runStep } from "./local-runner.mjs";
import { motoServerAvailable, startMoto } from "./moto.mjs";
import { startStsEmulator } from "./sts-emulator.mjs";

// Fake keys: the emulators accept them, AWS never sees them.
const FAKE_CALLER = {
  AWS_ACCESS_KEY_ID: "AKIAEMULATOR0000USER",
  AWS_SECRET_ACCESS_KEY: "emulator/secret/key/for/tests/only/0000",
};
const SECRET_NAMES = /SECRET|TOKEN|ACCESS_KEY_ID|access-key|secret|token/;

process.env.AWS_EC2_METADATA_DISABLED = "true";

async function startEmulator() {
  if (motoServerAvailable()) {
    return { name: "moto_server", server: await startMoto() };
  }
  return {
    name: "the project's STS emulator",
    server: await startStsEmulator(),
  };
}

function heading(text) {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
}

const COMMANDS = [
  [/^::add-mask::.*$/, () => undefined],
  [/^::debug::.*$/, () => undefined],
  [/^::group::(.*)$/, (title) => `\u25bc ${title}`],
  [/^::endgroup::$/, () => undefined],
  [/^::warning::(.*)$/, (text) => `Warning: ${text}`],
  [/^::error::(.*)$/, (text) => `Error: ${text}`],
];

/**
 * Shows a step's log as the runner's page does: workflow commands applied,
 * and every value registered with add-mask replaced by ***.
 */
function renderLog(log) {
  const masked = [...log.matchAll(/^::add-mask::(.+)$/gm)].map((m) => m[1]);
  const lines = log.split("\n").flatMap((line) => {
    const command = COMMANDS.find(([pattern]) => pattern.test(line));
    if (!command) return [line];
    const shown = command[1](command[0].exec(line)?.[1]);
    return shown === undefined ? [] : [shown];
  });
  const text = lines.join("\n");
  return masked.reduce(
    (hidden, value) => hidden.split(value).join("***"),
    text,
  );
}

function showValues(values) {
  for (const [name, value] of Object.entries(values)) {
    const shown = SECRET_NAMES.test(name)
      ? `*** (${value.length} chars)`
      : value;
    console.log(`  ${name}=${shown}`);
  }
}

async function callerIdentity(session, endpoint) {
  const client = new STSClient({
    region: session.AWS_REGION,
    endpoint,
    credentials: {
      accessKeyId: session.AWS_ACCESS_KEY_ID,
      secretAccessKey: session.AWS_SECRET_ACCESS_KEY,
      sessionToken: session.AWS_SESSION_TOKEN,
    },
  });
  try {
    return await client.send(new GetCallerIdentityCommand({}));
  } finally {
    client.destroy();
  }
}

function awsCliIdentity(session, endpoint) {
  const cli = spawnSync("aws", ["sts", "get-caller-identity"], {
    env: {
      PATH: process.env.PATH,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ENDPOINT_URL_STS: endpoint,
      ...session,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  return cli.error ? undefined : (cli.stdout || cli.stderr).trim();
}

async function demo() {
  const { name, server } = await startEmulator();
  try {
    console.log(`STS emulator: ${name} on ${server.url}`);
    const env = { ...FAKE_CALLER, AWS_ENDPOINT_URL_STS: server.url };
    const main = await runStep("main", {
      env,
      inputs: { "duration-seconds": "15m" },
    });

    heading(
      `Main step log (exit code ${main.exitCode}), as the runner shows it`,
    );
    console.log(renderLog(main.stdout + main.stderr).trimEnd());
    heading("Exported to later steps (GITHUB_ENV)");
    showValues(main.exportedEnv);
    heading("Step outputs (GITHUB_OUTPUT)");
    showValues(main.outputs);
    if (main.exitCode !== 0) {
      process.exitCode = 1;
      return;
    }

    heading("GetCallerIdentity signed with the exported session");
    const identity = await callerIdentity(main.exportedEnv, server.url);
    console.log(
      `  AWS SDK for JavaScript: ${identity.Arn} (account ${identity.Account})`,
    );
    const cli = awsCliIdentity(main.exportedEnv, server.url);
    console.log(
      cli ? `  AWS CLI:\n${cli}` : "  AWS CLI: not installed, skipped",
    );

    const post = await runStep("post", { state: main.state });
    heading(`Post step log (exit code ${post.exitCode})`);
    console.log(renderLog(post.stdout).trimEnd() || "(nothing to report)");
  } finally {
    await server.close();
  }
}

await demo();
