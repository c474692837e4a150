import {
  createServer,
  request,
  type Agent,
  type IncomingMessage,
  type Server,
} from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxyAgents } from "../src/proxy-agents.js";
import {
  startTinyproxy,
  tinyproxyAvailable,
  type Tinyproxy,
} from "./support/tinyproxy.js";

// A proxy that hangs must fail the test, not hold the run.
const REQUEST_TIMEOUT_MS = 5_000;

let proxy: Tinyproxy;
let target: Server;
let targetPort: number;

function startTarget(): Promise<Server> {
  const server = createServer((_request, response) => {
    response.end("ok");
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve(server);
    });
  });
}

function closeTarget(): Promise<void> {
  target.closeAllConnections();
  return new Promise((resolve) => {
    target.close(() => {
      resolve();
    });
  });
}

/** GETs a path on the target and returns the status and body. */
function get(
  path: string,
  agent: Agent | undefined,
): Promise<{ status: number; body: string }> {
  const url = `http://127.0.0.1:${targetPort}${path}`;
  return new Promise((resolve, reject) => {
    const sent = request(url, { agent, timeout: REQUEST_TIMEOUT_MS });
    sent.once("timeout", () => sent.destroy(new Error(`${url} timed out`)));
    sent.once("error", reject);
    sent.once("response", (response: IncomingMessage) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.once("end", () => {
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    sent.end();
  });
}

/** Opens a CONNECT tunnel to the target by hand and returns the status. */
function connectStatus(): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request({
      host: "127.0.0.1",
      port: proxy.port,
      method: "CONNECT",
      path: `127.0.0.1:${targetPort}`,
      timeout: REQUEST_TIMEOUT_MS,
    });
    sent.once("timeout", () => sent.destroy(new Error("CONNECT timed out")));
    sent.once("error", reject);
    sent.once("connect", (response: IncomingMessage, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    sent.end();
  });
}

describe.skipIf(!tinyproxyAvailable())(
  "proxy agents through a real tinyproxy (needs /usr/bin/tinyproxy)",
  () => {
    beforeAll(async () => {
      target = await startTarget();
      targetPort = (target.address() as AddressInfo).port;
      proxy = await startTinyproxy();
    });

    afterAll(async () => {
      await proxy.close();
      await closeTarget();
    });

    it("sends http requests through the proxy in absolute form", async () => {
      const { httpAgent } = proxyAgents(new URL(proxy.url));

      const answer = await get("/through-proxy", httpAgent);

      expect(answer).toEqual({ status: 200, body: "ok" });
      expect(proxy.log()).toContain(
        `GET http://127.0.0.1:${targetPort}/through-proxy`,
      );
    });

    it("leaves requests without the agent alone", async () => {
      const answer = await get("/direct", undefined);

      expect(answer).toEqual({ status: 200, body: "ok" });
      expect(proxy.log()).not.toContain("/direct");
    });

    it("tunnels through CONNECT with the https agent", async () => {
      // A plain http target keeps TLS out of the test; the agent still
      // opens its tunnel the way it would for STS.
      const { httpsAgent } = proxyAgents(new URL(proxy.url));

      const answer = await get("/tunnelled", httpsAgent);

      expect(answer).toEqual({ status: 200, body: "ok" });
      expect(proxy.log()).toContain(`CONNECT 127.0.0.1:${targetPort}`);
      expect(proxy.log()).not.toContain("/tunnelled");
    });

    it("allows CONNECT tunnels to any loopback port", async () => {
      const status = await connectStatus();

      expect(status).toBe(200);
      expect(proxy.log()).toContain(`CONNECT 127.0.0.1:${targetPort}`);
    });
  },
);
