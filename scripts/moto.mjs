/**
 * Starts moto_server, the Python AWS mock, on loopback for the tests and the
 * demo. moto is a second opinion beside our own STS emulator: it answers the
 * same calls with code we did not write. It is a test tool, not bundled.
 */

import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";

const STARTUP_LIMIT_MS = 20_000;
const POLL_INTERVAL_MS = 200;
const PROBE_TIMEOUT_MS = 1_000;
const STOP_GRACE_MS = 5_000;
const STDERR_KEPT_CHARACTERS = 4_000;

/**
 * @typedef {object} Moto
 * @property {string} url
 * @property {number} port
 * @property {() => Promise<void>} close
 *
 * @typedef {object} MotoProcess
 * @property {import("node:child_process").ChildProcess} child
 * @property {() => string} stderr the last lines moto wrote there
 * @property {() => string | undefined} ended how it ended, if it has
 * @property {Promise<void>} exited
 */

/**
 * Looks through PATH the way a shell would, so the tests can skip without
 * starting anything when moto is not installed.
 *
 * @returns {boolean}
 */
export function motoServerAvailable() {
  const folders = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  return folders.some((folder) =>
    commandFileNames().some((name) => isExecutableFile(join(folder, name))),
  );
}

function commandFileNames() {
  if (process.platform !== "win32") return ["moto_server"];

  // Windows finds a command by trying each extension in PATHEXT.
  const extensions = (process.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";");
  return extensions.map((extension) => `moto_server${extension}`);
}

/** @param {string} path */
function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * @returns {Promise<Moto>}
 */
export async function startMoto() {
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const moto = spawnMoto(port);

  try {
    await waitUntilAnswering(url, moto);
  } catch (error) {
    await stop(moto);
    throw error;
  }

  let stopping;
  const close = () => (stopping ??= stop(moto));
  return { url, port, close };
}

/**
 * Reading the port moto picks for itself from its log would tie us to the
 * wording of its web server, so it gets a port the system just handed out.
 * Another process could take it in between, which is unlikely enough on a
 * test machine.
 *
 * @returns {Promise<number>}
 */
function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = /** @type {import("node:net").AddressInfo} */ (
        probe.address()
      );
      probe.close(() => resolve(address.port));
    });
  });
}

/**
 * moto logs every request to stderr. It is read all along, or moto would
 * block on a full pipe, but only its tail is kept, for error messages.
 *
 * @param {number} port
 * @returns {MotoProcess}
 */
function spawnMoto(port) {
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });

  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (/** @type {string} */ text) => {
    stderr = (stderr + text).slice(-STDERR_KEPT_CHARACTERS);
  });

  /** @type {string | undefined} */
  let ended;
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => {
    const end = (/** @type {string} */ how) => {
      ended ??= how;
      resolve();
    };
    child.once("error", (error) => end(error.message));
    child.once("exit", (code, signal) => end(signal ?? `exit code ${code}`));
  });

  return { child, stderr: () => stderr, ended: () => ended, exited };
}

/**
 * @param {string} url
 * @param {MotoProcess} moto
 */
async function waitUntilAnswering(url, moto) {
  const deadline = Date.now() + STARTUP_LIMIT_MS;

  while (Date.now() < deadline) {
    const ended = moto.ended();
    if (ended !== undefined) {
      throw startupError(`moto_server ended (${ended}) before answering`, moto);
    }
    if (await answers(`${url}/moto-api/`)) return;
    await sleep(POLL_INTERVAL_MS);
  }

  const limit = `${STARTUP_LIMIT_MS / 1000} s`;
  throw startupError(`moto_server did not answer ${url} within ${limit}`, moto);
}

/**
 * @param {string} problem
 * @param {MotoProcess} moto
 */
function startupError(problem, moto) {
  const stderr = moto.stderr().trim() || "(nothing)";
  return new Error(
    `${problem}. Check that 'moto_server' runs by hand` +
      ` (pip install 'moto[server]'). Its stderr:\n${stderr}`,
  );
}

/**
 * Any HTTP answer means moto is up; a refused or silent connection means
 * not yet.
 *
 * @param {string} url
 * @returns {Promise<boolean>}
 */
function answers(url) {
  return new Promise((resolve) => {
    const probe = request(url, { agent: false }, (response) => {
      response.resume();
      resolve(true);
    });
    probe.setTimeout(PROBE_TIMEOUT_MS, () => probe.destroy());
    probe.once("error", () => resolve(false));
    probe.end();
  });
}

/** @param {number} milliseconds */
function sleep(milliseconds) {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Asks moto to stop, and insists if it has not after a grace period.
 *
 * @param {MotoProcess} moto
 * @returns {Promise<void>}
 */
async function stop(moto) {
  if (moto.ended() !== undefined) return;

  moto.child.kill("SIGTERM");
  const insist = setTimeout(() => moto.child.kill("SIGKILL"), STOP_GRACE_MS);
  await moto.exited;
  clearTimeout(insist);
}
