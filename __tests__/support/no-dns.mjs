// Preloaded (node --import) into a step that must meet a host name that
// does not resolve. A real lookup would ask this machine's DNS server,
// which is off loopback, so lookups are answered here instead, exactly as
// getaddrinfo fails for an unknown name.
import dns from "node:dns";

dns.lookup = (hostname, options, callback) => {
  const done = typeof options === "function" ? options : callback;
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: "ENOTFOUND",
    errno: -3008,
    syscall: "getaddrinfo",
    hostname,
  });
  process.nextTick(() => done(error));
};
