import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Starts Debian's tinyproxy on loopback, so proxy tests go through a real
 * proxy written by others rather than one we would have to trust.
 */

const TINYPROXY = "/usr/bin/tinyproxy";
const STARTUP_LIMIT_MS = 10_000;
const POLL_INTERVAL_MS = 50;
const STOP_GRACE_MS = 5_000;

export interface Tinyproxy {
  readonly url: string;
  readonly port: number;
  /** Everything tinyproxy has logged so far. */
  log(): string;
  close(): Promise<void>;
}

/** A running tinyproxy process, and what it printed outside its log. */
interface ProxyProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<void>;
  readonly hasExited: () => boolean;
}

export function tinyproxyAvailable(): boolean {
  try {
    accessSync(TINYPROXY, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function startTinyproxy(): Promise<Tinyproxy> {
  const folder = await mkdtemp(join(tmpdir(), "tinyproxy-"));
  const logFile = join(folder, "tinyproxy.log");
  const port = await freeLoopbackPort();
  const configFile = join(folder, "tinyproxy.conf");
  writeFileSync(configFile, configText(port, logFile));

  const proxy = launch(configFile);
  try {
    await waitUntilListening(port, proxy, logFile);
  } catch (error) {
    await stop(proxy);
    await rm(folder, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log: () => readLog(logFile),
    close: async () => {
      await stop(proxy);
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/**
 * No ConnectPort line at all: in tinyproxy 1.11 that allows CONNECT to any
 * port, while "ConnectPort 0" forbids CONNECT outright. The 443/563 limit
 * people remember comes from Debian's sample config, not from the program.
 *
 * User and Group name whoever runs the tests. As root, tinyproxy drops to
 * them after binding; "nobody" could not open a log in our 0700 temp
 * folder (it then proxies but logs nothing), and with no User at all it
 * warns and stays root.
 */
function configText(port: number, logFile: string): string {
  return [
    `Port ${port}`,
    "Listen 127.0.0.1",
    "Allow 127.0.0.1",
    `User ${String(process.getuid?.() ?? 0)}`,
    `Group ${String(process.getgid?.() ?? 0)}`,
    `LogFile "${logFile}"`,
    "LogLevel Info",
    "Timeout 30",
    "MaxClients 20",
    "",
  ].join("\n");
}

/**
 * Asks the system for a free port and hands it on. Another process could
 * take it in between; on a test machine that is rare enough to accept.
 */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

function launch(configFile: string): ProxyProcess {
  const child = spawn(TINYPROXY, ["-d", "-c", configFile], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);

  let ended = false;
  const exited = new Promise<void>((resolve) => {
    const end = () => {
      ended = true;
      resolve();
    };
    child.once("close", end);
    child.once("error", (error) => {
      keep(Buffer.from(error.message));
      end();
    });
  });
  return { child, output: () => output, exited, hasExited: () => ended };
}

async function waitUntilListening(
  port: number,
  proxy: ProxyProcess,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (Date.now() < deadline && !proxy.hasExited()) {
    if (await acceptsConnections(port)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }

  const how = proxy.hasExited() ? "exited" : "did not listen within 10 s";
  throw new Error(
    `tinyproxy ${how} on 127.0.0.1:${port}.\n` +
      `Output: ${proxy.output() || "(none)"}\nLog: ${readLog(logFile)}`,
  );
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}

function readLog(logFile: string): string {
  try {
    return readFileSync(logFile, "utf8");
  } catch {
    return "(no log file)";
  }
}

/** SIGTERM first so tinyproxy closes its sockets; SIGKILL if it hangs. */
async function stop(proxy: ProxyProcess): Promise<void> {
  if (proxy.hasExited()) {
    return;
  }
  proxy.child.kill("SIGTERM");
  const timer = setTimeout(() => proxy.child.kill("SIGKILL"), STOP_GRACE_MS);
  await proxy.exited;
  clearTimeout(timer);
}
