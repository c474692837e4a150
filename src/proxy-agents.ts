import type { Agent } from "node:http";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";

/** What the STS client's request handler takes to reach STS via a proxy. */
export interface ProxyAgents {
  readonly httpAgent: Agent;
  readonly httpsAgent: Agent;
}

/**
 * Node agents that send requests through the proxy: CONNECT tunnels for
 * https endpoints, absolute-form requests for http ones. Both send the
 * URL's user and password as Proxy-Authorization.
 */
export function proxyAgents(proxy: URL): ProxyAgents {
  return {
    httpAgent: new HttpProxyAgent(proxy),
    httpsAgent: new HttpsProxyAgent(proxy),
  };
}
