// See stubs/README.md: every STS client of the action gets its credentials
// explicitly, so the SDK's default credential chain is never consulted.
export const defaultProvider = () => () =>
  Promise.reject(
    new Error(
      "The default AWS credential chain is not bundled with this action " +
        "(stubs/README.md): pass credentials explicitly.",
    ),
  );
