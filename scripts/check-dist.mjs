// Rebuilds the bundles into a scratch folder and fails when the committed
// dist/ differs, so dist/ never drifts from src/.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { build } from "./build.mjs";

function listFiles(root, folder = root) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? listFiles(root, path) : [relative(root, path)];
  });
}

function differences(expectedRoot, actualRoot) {
  const expected = listFiles(expectedRoot).sort();
  const actual = new Set(listFiles(actualRoot));
  const changed = expected.filter(
    (file) =>
      !actual.has(file) ||
      !readFileSync(join(expectedRoot, file)).equals(
        readFileSync(join(actualRoot, file)),
      ),
  );
  const extra = [...actual].filter((file) => !expected.includes(file));
  return [...changed, ...extra];
}

const scratch = mkdtempSync(join(tmpdir(), "check-dist-"));
try {
  await build(scratch);
  const stale = differences(scratch, "dist");
  if (stale.length > 0) {
    console.error(
      `dist/ does not match src/: ${stale.join(", ")}. ` +
        "Run `npm run build` and commit dist/.",
    );
    process.exitCode = 1;
  } else {
    console.log("dist/ matches src/.");
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
