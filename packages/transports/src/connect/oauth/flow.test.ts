// The modules together, as the wiring will use them, against one real HTTP peer on 127.0.0.1
// (node:http) that plays the MCP server's metadata and an authorization server which checks
// PKCE, the redirect URI and the resource; the browser is played by fetch following redirects.
import { within } from "@mcpgw/tooling/testing";
import { describe, expect, it } from "vitest";
import { redirectBack } from "../../testing/authorization-peer.js";
import { startOAuthPeer } from "../../testing/oauth-peer.js";
import type { PeerRequest } from "../../testing/oauth-peer.js";
import {
  bearerChallenge,
  buildAuthorizationUrl,
  createMemoryRegistrationStore,
  createPkce,
  createState,
  discoverOAuth,
  exchangeCode,
  pkceChallenge,
  refreshTokens,
  resolveClientIdentity,
  revokeToken,
  selectScope,
  startCallbackServer,
} from "./index.js";

describe("the OAuth client flow", () => {
  it("goes from a 401 challenge to tokens, refreshes them and revokes them", async () => {
    const grants = new Map<string, { challenge: string; redirectUri: string; resource: string }>();
    const revoked: string[] = [];
    await using peer = await startOAuthPeer();
    const resource = `${peer.origin}/mcp`;
    peer.route("/.well-known/oauth-protected-resource/mcp", { json: { resource, authorization_servers: [`${peer.origin}/as`], scopes_supported: ["notes"] } });
    peer.route("/.well-known/oauth-authorization-server/as", {
      json: {
        issuer: `${peer.origin}/as`,
        authorization_endpoint: `${peer.origin}/as/authorize`,
        token_endpoint: `${peer.origin}/as/token`,
        registration_endpoint: `${peer.origin}/as/register`,
        revocation_endpoint: `${peer.origin}/as/revoke`,
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["none"],
      },
    });
    peer.route("POST /as/register", (request: PeerRequest) => ({ status: 201, json: { ...(JSON.parse(request.body) as object), client_id: "dyn-1" } }));
    peer.route("GET /as/authorize", (request: PeerRequest) => {
      const query = new URL(request.path, peer.origin).searchParams;
      const code = `code-${grants.size + 1}`;
      grants.set(code, { challenge: query.get("code_challenge") ?? "", redirectUri: query.get("redirect_uri") ?? "", resource: query.get("resource") ?? "" });
      return redirectBack(query, { code });
    });
    peer.route("POST /as/token", (request: PeerRequest) => {
      const sent = Object.fromEntries(new URLSearchParams(request.body));
      if (sent.resource !== resource || sent.client_id !== "dyn-1") return { status: 400, json: { error: "invalid_request" } };
      if (sent.grant_type === "refresh_token" && sent.refresh_token === "rt-1") return { json: { access_token: "at-2", token_type: "Bearer", expires_in: 60, refresh_token: "rt-2" } };
      const grant = grants.get(sent.code ?? "");
      const valid = grant && grant.challenge === pkceChallenge(sent.code_verifier ?? "") && grant.redirectUri === sent.redirect_uri && grant.resource === resource;
      return valid ? { json: { access_token: "at-1", token_type: "Bearer", expires_in: 60, refresh_token: "rt-1", scope: "notes" } } : { status: 400, json: { error: "invalid_grant" } };
    });
    peer.route("POST /as/revoke", (request: PeerRequest) => {
      revoked.push(new URLSearchParams(request.body).get("token") ?? "");
      return { json: {} };
    });

    const challenge = bearerChallenge(`Bearer resource_metadata="${peer.origin}/.well-known/oauth-protected-resource/mcp"`);
    const discovery = await discoverOAuth(new URL(resource), challenge, { server: "notes", fetch });
    const state = createState();
    await using callback = await startCallbackServer({ port: 0, state });
    const client = await resolveClientIdentity(discovery.authorizationServer, { server: "notes", fetch, store: createMemoryRegistrationStore(), redirectUri: callback.redirectUri });
    const pkce = createPkce();
    const scope = selectScope(challenge, discovery.protectedResource);
    const url = buildAuthorizationUrl({ authorizationServer: discovery.authorizationServer, clientId: client.clientId, redirectUri: callback.redirectUri, codeChallenge: pkce.challenge, state, resource: discovery.resource, ...(scope ? { scope } : {}) });
    expect(url.searchParams.get("scope")).toBe("notes");

    const browser = await fetch(url);
    expect(browser.status).toBe(200);
    const code = await within(callback.code(), "the authorization code");
    const options = { server: "notes", fetch, authorizationServer: discovery.authorizationServer, client, resource: discovery.resource };
    const tokens = await exchangeCode(code, pkce.verifier, callback.redirectUri, options);
    expect(tokens).toMatchObject({ accessToken: "at-1", refreshToken: "rt-1", scope: ["notes"] });
    const refreshed = await refreshTokens(tokens.refreshToken!, options);
    expect(refreshed).toMatchObject({ accessToken: "at-2", refreshToken: "rt-2" });
    expect(await revokeToken(refreshed.refreshToken!, "refresh_token", options)).toBe(true);
    expect(revoked).toEqual(["rt-2"]);
  });
});
