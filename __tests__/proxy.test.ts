import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { describe, expect, it } from "vitest";
import { ActionError } from "../src/errors.js";
import {
  bypassesProxy,
  describeProxy,
  parseNoProxy,
  parseProxyUrl,
  proxyFor,
  proxySecrets,
} from "../src/proxy.js";
import { proxyAgents } from "../src/proxy-agents.js";

const ORIGIN = "Variable HTTPS_PROXY";
const EXPECTED = "Expected http://HOST:PORT, optionally with user:password@.";

function parseError(text: string): ActionError {
  try {
    parseProxyUrl(text, ORIGIN);
  } catch (error) {
    if (error instanceof ActionError) {
      return error;
    }
    throw error;
  }
  throw new Error(`"${text}" was accepted`);
}

describe("parseProxyUrl", () => {
  it.each([
    ["http://proxy.corp:3128", "http://proxy.corp:3128/"],
    ["http://user:pa55@proxy.corp:3128", "http://user:pa55@proxy.corp:3128/"],
    ["https://proxy.corp:8443/", "https://proxy.corp:8443/"],
    ["HTTP://Proxy.Corp:3128", "http://proxy.corp:3128/"],
    ["proxy.corp:3128", "http://proxy.corp:3128/"],
    ["user:pa55@proxy.corp:3128", "http://user:pa55@proxy.corp:3128/"],
    ["127.0.0.1:8888", "http://127.0.0.1:8888/"],
    ["http://[::1]:3128", "http://[::1]:3128/"],
    ["  http://proxy.corp:3128  ", "http://proxy.corp:3128/"],
    ["http://proxy.corp", "http://proxy.corp/"],
    ["http://proxy.corp:65535", "http://proxy.corp:65535/"],
  ])("accepts %j", (text, href) => {
    expect(parseProxyUrl(text, ORIGIN).href).toBe(href);
  });

  it.each([
    ["socks5://proxy.corp:1080", "SOCKS proxies are not supported"],
    ["socks5h://u:pw@proxy.corp:1080", "SOCKS proxies are not supported"],
    ["ftp://proxy.corp:21", "the scheme must be http or https, not ftp"],
    ["http://proxy.corp:3128/path", "has no path, query or fragment"],
    ["http://proxy.corp:3128/?a=1", "has no path, query or fragment"],
    ["http://proxy.corp:3128/#top", "has no path, query or fragment"],
    ["http://proxy.corp:0", "the port must be between 1 and 65535"],
    ["http://proxy.corp:65536", "the port must be between 1 and 65535"],
    ["proxy.corp:99999", "the port must be between 1 and 65535"],
    ["http://[::1]:0", "the port must be between 1 and 65535"],
  ])("refuses %j, saying why", (text, reason) => {
    const error = parseError(text);

    expect(error.message).toContain(reason);
    expect(error.message).toContain(EXPECTED);
  });

  it.each([
    "http://",
    "http://:3128",
    "http://proxy.corp:port",
    "not a url",
    "",
  ])("refuses %j with the general message", (text) => {
    const error = parseError(text);

    expect(error.message).toBe(
      `${ORIGIN}: "${text}" is not a proxy URL. ${EXPECTED}`,
    );
  });

  it("names the origin and shows the URL as written", () => {
    const parse = () => parseProxyUrl("ftp://p:21", "Input http-proxy");

    expect(parse).toThrow(
      'Input http-proxy: "ftp://p:21" is not a proxy URL (the scheme',
    );
  });

  it.each([
    ["ftp://alice:s3cret@proxy.corp:21", "ftp://alice:***@proxy.corp:21"],
    ["socks5://alice:s3cret@proxy.corp", "socks5://alice:***@proxy.corp"],
    ["http://alice:s3cret@proxy.corp:0", "http://alice:***@proxy.corp:0"],
    ["alice:s3cret@proxy.corp:bad", "alice:***@proxy.corp:bad"],
    ["http://alice:s3@cr/et@proxy.corp/x", "http://alice:***@proxy.corp/x"],
    ["http://alice:s3cret@", "http://alice:***@"],
    ["http://:s3cret@proxy.corp/x", "http://:***@proxy.corp/x"],
  ])("hides the password of %j", (text, shown) => {
    const error = parseError(text);

    expect(error.message).toContain(`"${shown}"`);
    expect(error.message).not.toMatch(/s3cret|s3@cr|cr\/et/);
  });

  it("shows a user with no password as written", () => {
    const error = parseError("ftp://alice@proxy.corp:21");

    expect(error.message).toContain('"ftp://alice@proxy.corp:21"');
  });
});

describe("parseNoProxy", () => {
  it.each([
    ["", []],
    ["  ", []],
    ["example.com", ["example.com"]],
    ["a.com,b.com", ["a.com", "b.com"]],
    ["a.com, b.com ,c.com", ["a.com", "b.com", "c.com"]],
    ["a.com b.com\tc.com\nd.com", ["a.com", "b.com", "c.com", "d.com"]],
    [",,A.COM,, ,.Example.Org:8443,", ["a.com", ".example.org:8443"]],
    ["*", ["*"]],
    ["10.0.0.0/8,[::1]:443", ["10.0.0.0/8", "[::1]:443"]],
  ])("splits %j", (text, rules) => {
    expect(parseNoProxy(text)).toEqual(rules);
  });
});

describe("bypassesProxy", () => {
  it.each([
    // Everything
    ["*", "https://sts.amazonaws.com", true],
    ["*", "http://127.0.0.1:4566", true],
    // A domain covers itself and everything below it
    ["amazonaws.com", "https://amazonaws.com", true],
    ["amazonaws.com", "https://sts.us-east-1.amazonaws.com", true],
    ["amazonaws.com", "https://notamazonaws.com", false],
    ["amazonaws.com", "https://amazonaws.com.evil.test", false],
    // A leading dot or "*." means the same
    [".amazonaws.com", "https://sts.amazonaws.com", true],
    [".amazonaws.com", "https://amazonaws.com", true],
    [".amazonaws.com", "https://notamazonaws.com", false],
    ["*.amazonaws.com", "https://sts.amazonaws.com", true],
    ["*.amazonaws.com", "https://amazonaws.com", true],
    // Case and trailing dots do not matter
    ["STS.AmazonAWS.com", "https://sts.amazonaws.com", true],
    ["sts.amazonaws.com.", "https://STS.amazonaws.com", true],
    ["sts.amazonaws.com", "https://sts.amazonaws.com.", true],
    // A port narrows the rule; schemes supply the default ports
    ["sts.amazonaws.com:443", "https://sts.amazonaws.com", true],
    ["sts.amazonaws.com:443", "https://sts.amazonaws.com:8443", false],
    ["sts.amazonaws.com:80", "http://sts.amazonaws.com", true],
    ["sts.amazonaws.com:80", "https://sts.amazonaws.com", false],
    [".amazonaws.com:443", "https://sts.amazonaws.com", true],
    ["localhost:4566", "http://localhost:4566", true],
    ["localhost:4566", "http://localhost:4567", false],
    // IPv4 literals match exactly, never as a suffix
    ["127.0.0.1", "http://127.0.0.1:4566", true],
    ["127.0.0.1", "http://127.0.0.2:4566", false],
    ["0.0.1", "http://127.0.0.1:4566", false],
    ["127.0.0.1:4566", "http://127.0.0.1:4566", true],
    ["127.0.0.1:4566", "http://127.0.0.1:80", false],
    // IPv6, bracketed or bare, in any spelling
    ["[::1]", "http://[::1]:4566", true],
    ["::1", "http://[::1]:4566", true],
    ["0:0::1", "http://[::1]:4566", true],
    ["[::1]:4566", "http://[::1]:4566", true],
    ["[::1]:4566", "http://[::1]:4567", false],
    ["::1", "http://[::2]:4566", false],
    ["::1", "http://127.0.0.1:4566", false],
    // CIDR ranges, for endpoints given as IP literals only
    ["127.0.0.0/8", "http://127.5.6.7:4566", true],
    ["10.0.0.0/8", "http://10.1.2.3", true],
    ["10.0.0.0/8", "http://11.0.0.1", false],
    ["10.0.0.0/8", "http://localhost", false],
    ["192.168.1.0/24", "http://192.168.1.200", true],
    ["192.168.1.0/24", "http://192.168.2.1", false],
    ["0.0.0.0/0", "http://203.0.113.9", true],
    ["fd00::/8", "http://[fd12::1]", true],
    ["fd00::/8", "http://[fe80::1]", false],
    ["10.0.0.0/8", "http://[::1]", false],
    // Malformed ranges match nothing
    ["10.0.0.0/33", "http://10.0.0.1", false],
    ["10.0.0.0/x", "http://10.0.0.1", false],
    ["not-an-ip/8", "http://10.0.0.1", false],
    // Loopback has no exception of its own
    ["example.com", "http://127.0.0.1:4566", false],
    ["example.com", "http://localhost:4566", false],
    // Rules that name nothing
    [".", "https://sts.amazonaws.com", false],
    ["*.", "https://sts.amazonaws.com", false],
  ])("rule %j for %s: %s", (rule, endpoint, bypassed) => {
    expect(bypassesProxy(new URL(endpoint), [rule])).toBe(bypassed);
  });

  it("bypasses when any rule matches", () => {
    const rules = parseNoProxy("example.com, 10.0.0.0/8 .amazonaws.com");

    expect(bypassesProxy(new URL("https://sts.amazonaws.com"), rules)).toBe(
      true,
    );
  });

  it("bypasses nothing with no rules", () => {
    expect(bypassesProxy(new URL("https://sts.amazonaws.com"), [])).toBe(false);
  });
});

describe("proxyFor", () => {
  const proxy = new URL("http://127.0.0.1:3128");

  it.each([
    ["no proxy at all", undefined, [], undefined],
    ["a proxy and no rules", proxy, [], proxy],
    ["a rule for another host", proxy, ["example.com"], proxy],
    ["a rule for this host", proxy, ["amazonaws.com"], undefined],
    ["a rule for everything", proxy, ["*"], undefined],
  ])("with %s", (_case, url, noProxy, expected) => {
    const endpoint = new URL("https://sts.us-east-1.amazonaws.com");

    expect(proxyFor(endpoint, { url, noProxy })).toBe(expected);
  });
});

describe("proxyAgents", () => {
  it("tunnels https and forwards http through the given proxy", () => {
    const proxy = new URL("http://user:pw@127.0.0.1:3128");
    const { httpAgent, httpsAgent } = proxyAgents(proxy);

    expect(httpAgent).toBeInstanceOf(HttpProxyAgent);
    expect(httpsAgent).toBeInstanceOf(HttpsProxyAgent);
    const proxies = [httpAgent, httpsAgent].map((agent) =>
      agent instanceof HttpProxyAgent || agent instanceof HttpsProxyAgent
        ? agent.proxy.href
        : undefined,
    );
    expect(proxies).toEqual([proxy.href, proxy.href]);
  });
});

describe("describeProxy", () => {
  it.each([
    ["http://proxy.corp:3128", "http://proxy.corp:3128"],
    ["http://alice:s3cret@proxy.corp:3128", "http://proxy.corp:3128"],
    ["https://alice@proxy.corp:8443", "https://proxy.corp:8443"],
    ["http://proxy.corp", "http://proxy.corp:80"],
    ["https://proxy.corp", "https://proxy.corp:443"],
    ["http://[::1]:3128", "http://[::1]:3128"],
  ])("shows %j as %j", (text, shown) => {
    expect(describeProxy(parseProxyUrl(text, ORIGIN))).toBe(shown);
  });
});

describe("proxySecrets", () => {
  it.each([
    ["http://proxy.corp:3128", []],
    ["http://alice@proxy.corp:3128", []],
    ["http://alice:s3cret@proxy.corp:3128", ["s3cret"]],
    ["http://alice:p%40ss@proxy.corp:3128", ["p%40ss", "p@ss"]],
    ["http://alice:p@ss@proxy.corp:3128", ["p%40ss", "p@ss"]],
    ["http://alice:p ss@proxy.corp:3128", ["p%20ss", "p ss"]],
    ["http://alice:100%zz@proxy.corp:3128", ["100%zz"]],
  ])("of %j are %j", (text, secrets) => {
    expect(proxySecrets(parseProxyUrl(text, ORIGIN))).toEqual(secrets);
  });
});
