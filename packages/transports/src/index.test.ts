import { describe, expect, it } from "vitest";
import * as api from "./index.js";
import * as http from "./http.js";
import * as stdio from "./stdio.js";

describe("@mcpgw/transports public API", () => {
  it("exports exactly these runtime names", () => {
    expect(Object.keys(api).sort()).toEqual([
      "OAUTH_CALLBACK_PATH",
      "authorizeProvider",
      "authorizeServer",
      "createOAuthBroker",
      "createOAuthStore",
      "createProviderTokens",
      "createRemoteConnector",
      "isOAuthSecretName",
      "oauthCallbackPort",
      "revokeProviderTokens",
      "revokeServerTokens",
    ]);
  });

  it("offers a connector for remote servers only", () => {
    expect(api.createRemoteConnector().kinds).toEqual(["remote"]);
  });
});

describe("@mcpgw/transports/stdio public API", () => {
  it("exports exactly these runtime names", () => {
    expect(Object.keys(stdio).sort()).toEqual(["serveStdio"]);
  });
});

describe("@mcpgw/transports/http public API", () => {
  it("exports exactly these runtime names", () => {
    expect(Object.keys(http).sort()).toEqual(["createHttpApp", "createMetricsApp", "listen"]);
  });
});
