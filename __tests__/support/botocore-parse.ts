import { execFile } from "node:child_process";

/**
 * Parses a config or credentials file with botocore's own loader, the one
 * the AWS CLI uses: it refuses duplicate sections, which break every CLI
 * call. Resolves to the profiles it read, section name to keys.
 */
export function parseWithBotocore(
  path: string,
): Promise<Record<string, Record<string, string>>> {
  const script =
    "import json, sys\n" +
    "from botocore.configloader import raw_config_parse\n" +
    "print(json.dumps(raw_config_parse(sys.argv[1])))\n";
  return new Promise((done, fail) => {
    execFile("python3", ["-c", script, path], (error, stdout, stderr) => {
      if (error) {
        fail(new Error(`botocore cannot parse ${path}: ${stderr}`));
      } else {
        done(JSON.parse(stdout) as Record<string, Record<string, string>>);
      }
    });
  });
}
