import { describe, expect, it } from "vitest";
import * as secrets from "./index.js";

describe("@mcpgw/secrets public API", () => {
  it("exports exactly these values (types aside): a new export is a deliberate act", () => {
    expect(Object.keys(secrets).sort()).toEqual([
      "DEFAULT_SECRETS_CHAIN",
      "MIN_EXACT_SECRET_LENGTH",
      "SECRET_KINDS",
      "createDotenvProvider",
      "createEnvProvider",
      "createLocalSecretStore",
      "createSecretChain",
      "createSecretScanner",
      "createSecretsFolderProvider",
      "normaliseSecretKey",
      "parseSecretsChain",
    ]);
  });
});
