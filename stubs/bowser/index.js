// See stubs/README.md: the SDK reads a browser's user agent with bowser,
// only when it runs in a browser.
export function parse() {
  throw new Error("bowser is not bundled with this action (stubs/README.md)");
}

export default { parse };
