// The token and revocation endpoints are a real HTTP peer on 127.0.0.1 (node:http) that checks
// the grant it gets and answers as an authorization server would.
import { describe, expect, it } from "vitest";
import { startOAuthPeer } from "../../testing/oauth-peer.js";
import { rejection } from "../../testing/rejection.js";
import type { OAuthPeer, PeerRequest } from "../../testing/oauth-peer.js";
import type { ClientIdentity } from "./client-registration.js";
import { exchangeCode, expiresSoon, refreshTokens, revokeToken } from "./tokens.js";
import type { TokenEndpointOptions } from "./tokens.js";

const CODE = "code-5f1e";
const VERIFIER = "verifier-0123456789-0123456789-0123456789";
const RESOURCE = new URL("https://mcp.example/mcp");

function form(request: PeerRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body));
}

/** A token endpoint that grants a code with its verifier and rotates refresh tokens. */
function tokenEndpoint(request: PeerRequest) {
  const sent = form(request);
  if (sent.resource !== RESOURCE.href) return { status: 400, json: { error: "invalid_target" } };
  if (sent.grant_type === "authorization_code" && sent.code === CODE && sent.code_verifier === VERIFIER) {
    return { json: { access_token: "at-1", token_type: "bearer", expires_in: 300, refresh_token: "rt-1", scope: "notes:read notes:write" } };
  }
  if (sent.grant_type === "refresh_token" && sent.refresh_token === "rt-1") return { json: { access_token: "at-2", token_type: "Bearer", expires_in: 300, refresh_token: "rt-2" } };
  if (sent.grant_type === "refresh_token" && sent.refresh_token === "rt-2") return { json: { access_token: "at-3", token_type: "Bearer" } };
  // Some servers echo what they got: the client must not pass that on.
  return { status: 400, json: { error: "invalid_grant", error_description: `unknown grant ${sent.code ?? sent.refresh_token ?? ""}` } };
}

function options(peer: OAuthPeer, client: Partial<ClientIdentity> = {}, revocation = true): TokenEndpointOptions {
  return {
    server: "notes",
    fetch,
    authorizationServer: {
      issuer: peer.origin,
      authorization_endpoint: `${peer.origin}/auth`,
      token_endpoint: `${peer.origin}/token`,
      ...(revocation ? { revocation_endpoint: `${peer.origin}/revoke` } : {}),
    },
    client: { kind: "dynamic", clientId: "client 1", authMethod: "none", ...client },
    resource: RESOURCE,
    now: () => 1_000_000,
  };
}

describe("exchangeCode", () => {
  it("sends the code, verifier, redirect URI, resource and client id of a public client, and computes expires_at", async () => {
    await using peer = await startOAuthPeer({ "POST /token": tokenEndpoint });
    const tokens = await exchangeCode(CODE, VERIFIER, "http://127.0.0.1:5000/callback", options(peer));
    expect(tokens).toEqual({ accessToken: "at-1", tokenType: "Bearer", refreshToken: "rt-1", expiresAt: 1_300_000, issuedAt: 1_000_000, scope: ["notes:read", "notes:write"] });
    const request = peer.requestsTo("/token")[0]!;
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request.headers.authorization).toBeUndefined();
    expect(form(request)).toEqual({ grant_type: "authorization_code", code: CODE, code_verifier: VERIFIER, redirect_uri: "http://127.0.0.1:5000/callback", resource: RESOURCE.href, client_id: "client 1" });
  });

  it("authenticates with client_secret_basic (form-encoded parts) or client_secret_post", async () => {
    await using peer = await startOAuthPeer({ "POST /token": tokenEndpoint });
    await exchangeCode(CODE, VERIFIER, "http://127.0.0.1/cb", options(peer, { clientSecret: "s&cret:1", authMethod: "client_secret_basic" }));
    const basic = peer.requestsTo("/token")[0]!;
    expect(Buffer.from(basic.headers.authorization!.replace(/^Basic /, ""), "base64").toString()).toBe("client+1:s%26cret%3A1");
    expect(form(basic).client_id).toBeUndefined();
    await exchangeCode(CODE, VERIFIER, "http://127.0.0.1/cb", options(peer, { clientSecret: "s&cret:1", authMethod: "client_secret_post" }));
    const post = peer.requestsTo("/token")[1]!;
    expect(post.headers.authorization).toBeUndefined();
    expect(form(post)).toMatchObject({ client_id: "client 1", client_secret: "s&cret:1" });
  });

  it("refuses with the server's error code, a suggestion to authorize again, and never the code or verifier", async () => {
    await using peer = await startOAuthPeer({ "POST /token": tokenEndpoint });
    const error = await rejection(exchangeCode("code-stolen-77", VERIFIER, "http://127.0.0.1/cb", options(peer, { clientSecret: "client-secret-9", authMethod: "client_secret_post" })));
    expect(error.code).toBe("REFUSED");
    expect(error.data).toMatchObject({ server: "notes", status: 400, oauthError: "invalid_grant" });
    expect(error.suggestion).toContain("mcpgw oauth authorize notes");
    const shown = JSON.stringify({ message: error.message, data: error.data, suggestion: error.suggestion });
    expect(error.message).toContain("invalid_grant");
    for (const secret of ["code-stolen-77", VERIFIER, "client-secret-9"]) expect(shown).not.toContain(secret);
  });

  it("fails on answers without an access token or with another token type, showing no token", async () => {
    await using peer = await startOAuthPeer({ "POST /token": { json: { access_token: "mac-token-xyz", token_type: "mac" } } });
    const error = await rejection(exchangeCode(CODE, VERIFIER, "http://127.0.0.1/cb", options(peer)));
    expect(error.message).toContain("only Bearer");
    expect(error.message).not.toContain("mac-token-xyz");
    peer.route("POST /token", { json: { token_type: "Bearer" } });
    expect((await rejection(exchangeCode(CODE, VERIFIER, "http://127.0.0.1/cb", options(peer)))).message).toContain("no access_token");
  });
});

describe("refreshTokens", () => {
  it("sends the refresh token with the resource, takes a rotated one, and keeps the old one when none comes", async () => {
    await using peer = await startOAuthPeer({ "POST /token": tokenEndpoint });
    const second = await refreshTokens("rt-1", options(peer), ["notes:read"]);
    expect(second).toEqual({ accessToken: "at-2", tokenType: "Bearer", refreshToken: "rt-2", expiresAt: 1_300_000, issuedAt: 1_000_000 });
    expect(form(peer.requestsTo("/token")[0]!)).toEqual({ grant_type: "refresh_token", refresh_token: "rt-1", scope: "notes:read", resource: RESOURCE.href, client_id: "client 1" });
    const third = await refreshTokens("rt-2", options(peer));
    expect(third).toEqual({ accessToken: "at-3", tokenType: "Bearer", refreshToken: "rt-2" });
  });

  it("sends no resource for tokens that have none (an OAuth provider's)", async () => {
    await using peer = await startOAuthPeer({ "POST /token": { json: { access_token: "at-p", token_type: "Bearer" } } });
    const { resource: _, ...withoutResource } = options(peer);
    expect((await refreshTokens("rt-p", withoutResource)).accessToken).toBe("at-p");
    expect(form(peer.requestsTo("/token")[0]!)).toEqual({ grant_type: "refresh_token", refresh_token: "rt-p", client_id: "client 1" });
  });

  it("refuses an unknown refresh token without showing it, even when the server echoes it", async () => {
    await using peer = await startOAuthPeer({ "POST /token": tokenEndpoint });
    const error = await rejection(refreshTokens("rt-expired-4242", options(peer)));
    expect(error.code).toBe("REFUSED");
    expect((error.data as { oauthError: string }).oauthError).toBe("invalid_grant");
    expect(error.message).toContain("[redacted]");
    expect(JSON.stringify({ message: error.message, data: error.data })).not.toContain("rt-expired-4242");
  });
});

describe("revokeToken", () => {
  it("posts the token, its hint and the resource to the revocation endpoint", async () => {
    await using peer = await startOAuthPeer({ "POST /revoke": { json: {} } });
    expect(await revokeToken("rt-2", "refresh_token", options(peer))).toBe(true);
    expect(form(peer.requestsTo("/revoke")[0]!)).toEqual({ token: "rt-2", token_type_hint: "refresh_token", resource: RESOURCE.href, client_id: "client 1" });
  });

  it("returns false without a revocation endpoint, and refuses without the token in the message", async () => {
    await using peer = await startOAuthPeer({ "POST /revoke": { status: 400, json: { error: "unsupported_token_type", error_description: "no at-secret-1" } } });
    expect(await revokeToken("at-secret-1", "access_token", options(peer, {}, false))).toBe(false);
    expect(peer.requests).toHaveLength(0);
    const error = await rejection(revokeToken("at-secret-1", "access_token", options(peer)));
    expect(error.message).toContain("unsupported_token_type");
    expect(error.message).toContain("/revoke");
    expect(error.message).not.toContain("at-secret-1");
  });
});

describe("expiresSoon", () => {
  it("is true within the margin of expiry, false without an expiry", () => {
    expect(expiresSoon({ accessToken: "a", tokenType: "Bearer", expiresAt: 100_000 }, 50_000)).toBe(true);
    expect(expiresSoon({ accessToken: "a", tokenType: "Bearer", expiresAt: 200_000 }, 50_000)).toBe(false);
    expect(expiresSoon({ accessToken: "a", tokenType: "Bearer" }, 50_000)).toBe(false);
  });

  it("refreshes short-lived tokens a tenth of their lifetime early, not a minute", () => {
    const fiveSeconds = { accessToken: "a", tokenType: "Bearer", issuedAt: 0, expiresAt: 5_000 };
    expect(expiresSoon(fiveSeconds, 4_000)).toBe(false);
    expect(expiresSoon(fiveSeconds, 4_500)).toBe(true);
  });
});
