// Bundles the action's two steps with ncc: `node scripts/build.mjs OUTDIR`.
// Each step gets its own bundle so the post step loads no AWS SDK.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { minify } from "terser";

const ENTRIES = { main: "src/main.ts", post: "src/post.ts" };

export async function build(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  for (const [step, entry] of Object.entries(ENTRIES)) {
    bundle(entry, join(outDir, step));
    await minifyChunks(join(outDir, step));
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

// ncc minifies the entry file only; the chunks it splits off for dynamic
// imports (the AWS SDK among them) come out as written.
async function minifyChunks(folder) {
  const chunks = readdirSync(folder).filter((name) =>
    /^\d+\.index\.js$/.test(name),
  );
  for (const name of chunks) {
    const path = join(folder, name);
    const { code } = await minify(readFileSync(path, "utf8"), {
      module: true,
      compress: true,
      mangle: true,
    });
    writeFileSync(path, code ?? "");
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await build(process.argv[2] ?? "dist");
}
