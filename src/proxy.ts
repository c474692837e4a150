import { BlockList, isIP } from "node:net";
import { ActionError } from "./errors.js";

/** The proxy the action was given, and the hosts that must not use it. */
export interface ProxySettings {
  /** The proxy, or undefined for none. */
  readonly url: URL | undefined;
  /** Bypass rules, already split. */
  readonly noProxy: readonly string[];
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  "http:": "80",
  "https:": "443",
};

/**
 * Reads a proxy the way curl and most tools do, so a value that works for
 * them works here. `origin` names where the text came from, for errors:
 * "Input http-proxy" or "Variable HTTPS_PROXY".
 */
export function parseProxyUrl(text: string, origin: string): URL {
  const written = text.trim();
  // curl reads "host:port" as http://; without a "://" check, URL would
  // take "proxy.corp:3128" for a URL of the scheme "proxy.corp".
  const candidate = written.includes("://") ? written : `http://${written}`;
  const refuse = (reason?: string) =>
    new ActionError(notAProxyMessage(written, origin, reason));

  const portProblem = checkStatedPort(candidate);
  if (portProblem) {
    throw refuse(portProblem);
  }

  const proxy = URL.parse(candidate);
  if (!proxy) {
    throw refuse();
  }

  const shapeProblem = checkProxyShape(proxy);
  if (shapeProblem) {
    throw refuse(shapeProblem);
  }
  return proxy;
}

function notAProxyMessage(
  written: string,
  origin: string,
  reason: string | undefined,
): string {
  const because = reason ? ` (${reason})` : "";
  return (
    `${origin}: "${hidePassword(written)}" is not a proxy URL${because}. ` +
    "Expected http://HOST:PORT, optionally with user:password@."
  );
}

/**
 * Replaces the password with ***, even in text that is no URL at all: the
 * error is printed before the password could be masked. Hides from the
 * first colon of the user part to the last "@", as URL parsers split it;
 * a slash or "@" inside an unencoded password is then hidden too.
 */
function hidePassword(written: string): string {
  const lastAt = written.lastIndexOf("@");
  const schemeEnd = written.indexOf("://");
  const userStart = schemeEnd === -1 ? 0 : schemeEnd + 3;
  const colon = written.indexOf(":", userStart);
  if (lastAt === -1 || colon === -1 || colon > lastAt) {
    return written;
  }
  return `${written.slice(0, colon + 1)}***${written.slice(lastAt)}`;
}

/** URL accepts port 0 and rejects 65536 with no reason; say which it is. */
function checkStatedPort(candidate: string): string | undefined {
  const authority = candidate.slice(candidate.indexOf("://") + 3);
  const hostAndPort = authority.slice(authority.lastIndexOf("@") + 1);
  const port = /^[^/?#]*:(\d+)(?:[/?#]|$)/.exec(hostAndPort)?.[1];
  const number = port === undefined ? undefined : Number(port);
  if (number !== undefined && (number < 1 || number > 65_535)) {
    return "the port must be between 1 and 65535";
  }
  return undefined;
}

function checkProxyShape(proxy: URL): string | undefined {
  if (proxy.protocol.startsWith("socks")) {
    return "SOCKS proxies are not supported, only HTTP and HTTPS proxies";
  }
  const scheme = proxy.protocol.slice(0, -1);
  if (!Object.hasOwn(DEFAULT_PORTS, proxy.protocol)) {
    return `the scheme must be http or https, not ${scheme}`;
  }
  if (proxy.hostname === "") {
    return "the host is missing";
  }
  if (proxy.pathname !== "/" || proxy.search !== "" || proxy.hash !== "") {
    return "a proxy URL has no path, query or fragment";
  }
  return undefined;
}

/** Splits NO_PROXY the way curl does: commas, spaces or both. */
export function parseNoProxy(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((rule) => rule.trim().toLowerCase())
    .filter((rule) => rule !== "");
}

/** The endpoint's host and port as bypass rules compare them. */
interface Destination {
  readonly host: string;
  readonly port: string;
}

/**
 * Whether a bypass rule names this endpoint. Loopback gets no exception of
 * its own: a proxy on 127.0.0.1 in front of a local STS must see its calls.
 */
export function bypassesProxy(
  endpoint: URL,
  noProxy: readonly string[],
): boolean {
  const destination = {
    host: normalizeHost(endpoint.hostname),
    port: endpoint.port || (DEFAULT_PORTS[endpoint.protocol] ?? ""),
  };
  return noProxy.some((rule) => ruleMatches(rule.toLowerCase(), destination));
}

function normalizeHost(host: string): string {
  const unbracketed = host.replace(/^\[(.*)\]$/, "$1");
  return unbracketed.toLowerCase().replace(/\.+$/, "");
}

function ruleMatches(rule: string, destination: Destination): boolean {
  if (rule === "*") {
    return true;
  }
  if (rule.includes("/")) {
    return inSubnet(rule, destination.host);
  }

  const { host, port } = splitRule(rule);
  if (port !== undefined && port !== destination.port) {
    return false;
  }
  return hostMatches(host, destination.host);
}

/** "10.0.0.0/8" or "fd00::/8"; only an endpoint given as an IP can match. */
function inSubnet(rule: string, host: string): boolean {
  const [network = "", prefixText = ""] = rule.split("/");
  const family = isIP(network);
  const prefix = Number(prefixText);
  const longest = family === 4 ? 32 : 128;
  const valid = /^\d+$/.test(prefixText) && prefix <= longest;
  if (family === 0 || !valid || isIP(host) === 0) {
    return false;
  }

  const subnet = new BlockList();
  const type = family === 4 ? "ipv4" : "ipv6";
  subnet.addSubnet(network, prefix, type);
  return subnet.check(host, isIP(host) === 4 ? "ipv4" : "ipv6");
}

/**
 * "host", "host:port", "[::1]:port", "[::1]" or a bare "::1": more than
 * one colon without brackets can only be an IPv6 address with no port.
 */
function splitRule(rule: string): { host: string; port: string | undefined } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(rule);
  if (bracketed) {
    return { host: bracketed[1] ?? "", port: bracketed[2] };
  }
  const withPort = /^([^:]*):(\d+)$/.exec(rule);
  if (withPort) {
    return { host: withPort[1] ?? "", port: withPort[2] };
  }
  return { host: rule, port: undefined };
}

function hostMatches(ruleHost: string, host: string): boolean {
  const wanted = normalizeHost(ruleHost.replace(/^\*\./, "."));
  // An address has no subdomains: "0.0.1" must not match 127.0.0.1.
  if (isIP(host) !== 0) {
    return isIP(wanted) !== 0 && canonicalIp(wanted) === canonicalIp(host);
  }

  // ".example.com" and "example.com" both cover the domain and below it,
  // as curl reads them, so rules copied from a curl setup keep working.
  const domain = wanted.replace(/^\./, "");
  return domain !== "" && (host === domain || host.endsWith(`.${domain}`));
}

/** "0:0::1" and "::1" are one address; URL writes both the same way. */
function canonicalIp(address: string): string {
  const literal = isIP(address) === 6 ? `[${address}]` : address;
  return normalizeHost(new URL(`http://${literal}`).hostname);
}

/** The proxy for this endpoint, or undefined when none applies. */
export function proxyFor(
  endpoint: URL,
  settings: ProxySettings,
): URL | undefined {
  if (!settings.url || bypassesProxy(endpoint, settings.noProxy)) {
    return undefined;
  }
  return settings.url;
}

/** The proxy for log lines: scheme, host and port, never who logs in. */
export function describeProxy(proxy: URL): string {
  const port = proxy.port || (DEFAULT_PORTS[proxy.protocol] ?? "");
  return `${proxy.protocol}//${proxy.hostname}:${port}`;
}

/**
 * The password as written and decoded: the runner masks exact strings,
 * and either form may reach a log (URL percent-encodes, a tool decodes).
 */
export function proxySecrets(proxy: URL): string[] {
  const written = proxy.password;
  const forms = [written, decodeOrUndefined(written)];
  const secrets = forms.filter((form): form is string => Boolean(form));
  return [...new Set(secrets)];
}

function decodeOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray "%" is part of the password; the written form covers it.
    return undefined;
  }
}
