import { describe, expect, it } from "vitest";
import { GatewayError } from "@mcpgw/core";
import type { Environment } from "./env-reader.js";
import { createServerApp } from "./create-server-app.js";

const app = (env: Environment) => createServerApp(env, { cwd: "/srv" });

function problems(env: Environment): string[] {
  try {
    app(env);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return ((error as GatewayError).data as { problems: string[] }).problems;
  }
  throw new Error("expected createServerApp to throw");
}

describe("MCPGW_OAUTH_* and MCPGW_PUBLIC_URL", () => {
  it("turn into the gateway's oauth and publicUrl options, and no token is generated", () => {
    const { options, tokenFile } = app({
      MCPGW_OAUTH_ISSUER: "https://auth.example.com",
      MCPGW_OAUTH_AUDIENCE: "api://mcp",
      MCPGW_OAUTH_JWKS_URL: "https://auth.example.com/keys",
      MCPGW_OAUTH_SCOPES: "mcp:tools, mcp:read",
      MCPGW_PUBLIC_URL: "https://mcp.example.com/mcp",
    });
    expect(tokenFile).toBeUndefined();
    expect(options.authToken).toBeUndefined();
    expect(options.oauth).toEqual({ issuer: "https://auth.example.com", audience: "api://mcp", jwksUrl: "https://auth.example.com/keys", requiredScopes: ["mcp:tools", "mcp:read"] });
    expect(options.publicUrl).toBe("https://mcp.example.com/mcp");
  });

  it("off loopback, accept OAuth instead of a token, but then require the public URL", () => {
    const public_ = { MCPGW_HOST: "0.0.0.0", MCPGW_ALLOWED_HOSTS: "mcp.example.com", MCPGW_OAUTH_ISSUER: "https://auth.example.com" };
    expect(problems(public_)).toEqual([expect.stringMatching(/^The public URL \(--public-url, MCPGW_PUBLIC_URL\) is required with OAuth/)]);
    expect(app({ ...public_, MCPGW_PUBLIC_URL: "https://mcp.example.com/mcp" }).options).toMatchObject({ host: "0.0.0.0", oauth: { issuer: "https://auth.example.com" } });
  });

  it("refuse OAuth settings without the issuer, and OAuth with MCPGW_ALLOW_UNAUTHENTICATED", () => {
    expect(problems({ MCPGW_OAUTH_SCOPES: "a", MCPGW_OAUTH_AUDIENCE: "x" })).toEqual([
      expect.stringMatching(/^MCPGW_OAUTH_AUDIENCE is set but MCPGW_OAUTH_ISSUER is not/),
      expect.stringMatching(/^MCPGW_OAUTH_SCOPES is set/),
    ]);
    expect(problems({ MCPGW_OAUTH_ISSUER: "https://auth.example.com", MCPGW_ALLOW_UNAUTHENTICATED: "true" })).toEqual([expect.stringMatching(/contradict/)]);
  });
});
