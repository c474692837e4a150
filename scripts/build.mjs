// Bundles the action's two steps with ncc: `node scripts/build.mjs OUTDIR`.
// Each step gets its own bundle so the post step loads no AWS SDK.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const ENTRIES = { main: "src/main.ts", post: "src/post.ts" };

export function build(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  for (const [step, entry] of Object.entries(ENTRIES)) {
    bundle(entry, join(outDir, step));
  }
}

function bundle(entry, outDir) {
  const args = ["build", entry, "--out", outDir, "--minify", "--quiet"];
  const result = spawnSync("ncc", [...args, "--license", "licenses.txt"], {
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (result.status !== 0) {
    throw new Error(`ncc failed to bundle ${entry}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  build(process.argv[2] ?? "dist");
}
