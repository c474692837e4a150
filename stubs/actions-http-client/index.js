// See stubs/README.md: the action never makes an HTTP call through
// @actions/core, which needs this package only for OIDC tokens.
export class HttpClient {
  constructor() {
    throw new Error(
      "@actions/http-client is not bundled with this action (stubs/README.md)",
    );
  }
}
