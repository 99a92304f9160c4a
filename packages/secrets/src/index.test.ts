import { describe, expect, it } from "vitest";
import * as secrets from "./index.js";

describe("@mcpgw/secrets public API", () => {
  it("exports exactly these values (types aside): a new export is a deliberate act", () => {
    expect(Object.keys(secrets).sort()).toEqual([
      "DEFAULT_SECRETS_CHAIN",
      "createEnvProvider",
      "createLocalSecretStore",
      "createSecretChain",
      "createSecretScanner",
      "normaliseSecretKey",
      "parseSecretsChain",
    ]);
  });
});
