// The action runs on node24 (action.yml), so its tests must too. `npm ci`
// installs Node 24 into node_modules/.bin, which npm scripts put first on
// PATH; this stops with a clear message when something else is in front.
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split(".")[0]);

if (major !== REQUIRED_MAJOR) {
  console.error(
    `Tests need Node ${REQUIRED_MAJOR}, the version action.yml declares, ` +
      `but this is Node ${process.versions.node}. Run them through npm ` +
      "(`npm ci`, then `npm test`), which uses the Node 24 that `npm ci` " +
      "installs in node_modules/.bin.",
  );
  process.exit(1);
}
