// The providers' tokens of a gateway over a store in memory, refreshed at a real HTTP peer on
// 127.0.0.1 that plays the provider's authorization server.
import { silentLogger } from "@mcpgw/core";
import type { LogFields, Logger } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { memorySecrets } from "../../testing/memory-oauth-store.js";
import { startOAuthPeer } from "../../testing/oauth-peer.js";
import type { OAuthPeer, PeerRequest } from "../../testing/oauth-peer.js";
import type { StoredTokens } from "./oauth-store.js";
import { createOAuthStore } from "./oauth-store.js";
import { createProviderTokens } from "./provider-tokens.js";

const NOW = 1_000_000;
const form = (request: PeerRequest) => Object.fromEntries(new URLSearchParams(request.body));

function issuerOn(peer: OAuthPeer, token: (request: PeerRequest) => { status?: number; json: unknown }): string {
  peer.route("/.well-known/oauth-authorization-server", {
    json: { issuer: peer.origin, authorization_endpoint: `${peer.origin}/authorize`, token_endpoint: `${peer.origin}/token`, code_challenge_methods_supported: ["S256"], token_endpoint_auth_methods_supported: ["client_secret_post"] },
  });
  peer.route("POST /token", token);
  return peer.origin;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string, fields?: LogFields) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { ...silentLogger, lines, debug: log, info: log, warn: log, error: log };
}

describe("createProviderTokens", () => {
  it("gives the stored token while it is fresh, and refreshes one about to expire without sending a resource", async () => {
    await using peer = await startOAuthPeer();
    const issuer = issuerOn(peer, () => ({ json: { access_token: "at-2", token_type: "Bearer", expires_in: 300, refresh_token: "rt-2" } }));
    const store = createOAuthStore(memorySecrets());
    const stored: StoredTokens = { accessToken: "at-1", tokenType: "Bearer", refreshToken: "rt-1", issuedAt: NOW - 300_000, expiresAt: NOW + 120_000, issuer, clientId: "gh-app", scope: ["repo"] };
    await store.saveTokens("github", stored);
    let now = NOW;
    const tokens = createProviderTokens({ store, logger: silentLogger, fetch, now: () => now });
    const request = { server: "github-mcp", provider: "github", preRegistered: { clientId: "gh-app", clientSecret: "app-secret" } };

    expect(await tokens.current(request)).toBe("at-1");
    expect(peer.requestsTo("/token")).toHaveLength(0);

    now = NOW + 100_000;
    expect(await tokens.current(request)).toBe("at-2");
    expect(peer.requestsTo("/token").map(form)).toEqual([{ grant_type: "refresh_token", refresh_token: "rt-1", client_id: "gh-app", client_secret: "app-secret" }]);
    expect(await store.tokens("github")).toMatchObject({ accessToken: "at-2", refreshToken: "rt-2", scope: ["repo"], issuer, clientId: "gh-app" });
    expect((await store.tokens("github"))?.resource).toBeUndefined();
    tokens.close();
  });

  it("gives nothing without tokens, and nothing once a refresh is refused, naming the server's authorize command", async () => {
    await using peer = await startOAuthPeer();
    const issuer = issuerOn(peer, () => ({ status: 400, json: { error: "invalid_grant" } }));
    const store = createOAuthStore(memorySecrets());
    const logger = recordingLogger();
    const tokens = createProviderTokens({ store, logger, fetch, now: () => NOW });
    const request = { server: "github-mcp", provider: "github" };
    expect(await tokens.current(request)).toBeUndefined();

    await store.saveTokens("github", { accessToken: "at-old", tokenType: "Bearer", refreshToken: "rt-old", expiresAt: NOW - 1, issuer, clientId: "dyn" });
    expect(await tokens.current(request)).toBeUndefined();
    expect((await store.tokens("github"))?.needsAuthorization).toBe(true);
    expect(logger.lines.join("\n")).toContain('"command":"mcpgw oauth authorize github-mcp"');
    expect(logger.lines.join("\n")).not.toContain("at-old");
    expect(logger.lines.join("\n")).not.toContain("rt-old");
    tokens.close();
  });
});
