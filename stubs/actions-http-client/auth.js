// See stubs/README.md.
export class BearerCredentialHandler {
  constructor() {
    throw new Error(
      "@actions/http-client is not bundled with this action (stubs/README.md)",
    );
  }
}
