import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/core public API", () => {
  it("exports exactly these runtime names (a new export is a deliberate act)", () => {
    expect(Object.keys(api).sort()).toEqual([
      "EXIT_CODES",
      "ErrorCode",
      "FULL_ACCESS",
      "GatewayError",
      "OAUTH_SECRET_PREFIX",
      "PULL_POLICIES",
      "SHARING_MODES",
      "SecretValue",
      "SerializedResult",
      "UpstreamError",
      "createToolFilter",
      "decideAccess",
      "definedOnly",
      "didYouMean",
      "editDistance",
      "encodeJsonRpc",
      "errorResponse",
      "exitCodeOf",
      "formatBytes",
      "formatDiagnostic",
      "grant",
      "intersectAccess",
      "isJsonRpcRequest",
      "isJsonRpcResponse",
      "isNodeError",
      "isOAuthSecretName",
      "matchesGlob",
      "mountsEngineSocket",
      "oauthTokensSecretName",
      "parseSize",
      "parseToolPattern",
      "resolveAccess",
      "scopeAccess",
      "silentLogger",
      "toGatewayError",
      "toJsonRpcError",
      "toolPatternProblem",
      "toolsMountingEngineSocket",
      "unionAccess",
    ]);
  });
});
