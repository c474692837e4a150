import { readFileSync } from "node:fs";

/**
 * Reads a runner file command (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE) the
 * way the runner does: `NAME=value` lines and `NAME<<DELIMITER` blocks.
 */
export function readFileCommand(path: string): Record<string, string> {
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  const values: Record<string, string> = {};

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block !== null) {
      const [, name = "", delimiter] = block;
      const end = lines.indexOf(delimiter ?? "", index + 1);
      values[name] = lines.slice(index + 1, end).join("\n");
      index = end;
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      values[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return values;
}
