// See stubs/README.md: @actions/core runs commands only to describe the
// runner's platform (platform.getDetails), which the action never asks for.
function notBundled() {
  return Promise.reject(
    new Error(
      "@actions/exec is not bundled with this action (stubs/README.md)",
    ),
  );
}

export const exec = notBundled;
export const getExecOutput = notBundled;
