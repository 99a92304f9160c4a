// The OAuth test infrastructure checked by doing the whole dance by hand with plain fetch:
// a 401 from the protected MCP server → its Protected Resource Metadata → the authorization
// server's metadata → Dynamic Client Registration → PKCE authorization through the scripted
// browser → the code at a loopback callback → tokens for the resource → a tool call → expiry →
// refresh → revocation. Real oidc-provider, real SDK server and client, real sockets.
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthorizationServer } from "../support/authorization-server.js";
import { startAuthorizationServer, TEST_USER } from "../support/authorization-server.js";
import { TestBrowser } from "../support/browser.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import type { ProtectedMcpServer } from "../support/protected-mcp-server.js";
import { startProtectedMcpServer } from "../support/protected-mcp-server.js";
import { eventually } from "../support/wait.js";

/** Short enough to wait out in a test, long enough for a call made right after the exchange. */
const ACCESS_TOKEN_TTL_S = 3;

interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/** The RFC 8414 fields this test uses. */
interface ServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  registration_endpoint: string;
  revocation_endpoint: string;
  code_challenge_methods_supported: string[];
}

const INITIALIZE = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };
const base64url = (bytes: Buffer): string => bytes.toString("base64url");

/** A form POST, as a client sends to token and revocation endpoints. */
const postForm = (url: string, form: Record<string, string>) => fetch(url, { method: "POST", body: new URLSearchParams(form) });

/** The `key="value"` parameters of a `WWW-Authenticate: Bearer …` header. */
function challengeOf(header: string | null): Record<string, string> {
  return Object.fromEntries([...(header ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

describe("the OAuth test infrastructure, by hand", () => {
  let as: AuthorizationServer;
  let resource: ProtectedMcpServer;
  let callback: Server;
  let redirectUri: string;
  let callbacks: URL[];

  beforeAll(async () => {
    as = await startAuthorizationServer({ accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S });
    resource = await startProtectedMcpServer({ issuer: as.issuer });
    callbacks = [];
    callback = createServer((request, response) => {
      callbacks.push(new URL(request.url ?? "/", redirectUri));
      response.writeHead(200, { "content-type": "text/plain" }).end("You may close this window.");
    });
    await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
    redirectUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
  });

  afterAll(async () => {
    callback?.closeAllConnections();
    callback?.close();
    await resource?.close();
    await as?.close();
  });

  const callWhoami = async (accessToken: string): Promise<string> => {
    await using cleanup = new Cleanup();
    const { client } = await connectV1({ url: resource.origin, headers: { Authorization: `Bearer ${accessToken}` } });
    cleanup.add(client);
    return textOf(await client.callTool({ name: "whoami", arguments: {} }));
  };

  const initialize = (headers: Record<string, string> = {}) =>
    fetch(resource.url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, body: JSON.stringify(INITIALIZE) });

  it("authorizes, calls, refreshes after expiry and revokes", async () => {
    // 1. Unauthenticated: 401 with where to look and what to ask for.
    const refused = await initialize();
    expect(refused.status).toBe(401);
    const challenge = challengeOf(refused.headers.get("www-authenticate"));
    expect(challenge).toMatchObject({ resource_metadata: resource.resourceMetadataUrl, scope: "mcp:tools" });

    // 2. Protected Resource Metadata (RFC 9728) names the authorization server.
    const prm = (await (await fetch(challenge.resource_metadata!)).json()) as { resource: string; authorization_servers: string[] };
    expect(prm.resource).toBe(resource.url);
    expect(prm.authorization_servers).toEqual([as.issuer]);

    // 3. Authorization server metadata (RFC 8414).
    const metadataResponse = await fetch(`${prm.authorization_servers[0]}/.well-known/oauth-authorization-server`);
    expect(metadataResponse.status).toBe(200);
    const metadata = (await metadataResponse.json()) as ServerMetadata;
    expect(metadata.issuer).toBe(as.issuer);
    expect(metadata.code_challenge_methods_supported).toContain("S256");

    // 4. Dynamic Client Registration (RFC 7591): a public client with a loopback redirect.
    const registration = await fetch(metadata.registration_endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "oauth-infra test", redirect_uris: [redirectUri], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" }),
    });
    expect(registration.status).toBe(201);
    const { client_id: clientId } = (await registration.json()) as { client_id: string };

    // 5. Authorization code with PKCE S256 and the resource indicator, through the browser.
    const verifier = base64url(randomBytes(32));
    const state = base64url(randomBytes(16));
    const authorization = new URL(metadata.authorization_endpoint);
    authorization.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: challenge.scope!,
      state,
      code_challenge: base64url(createHash("sha256").update(verifier).digest()),
      code_challenge_method: "S256",
      resource: prm.resource,
    }).toString();
    const returned = await new TestBrowser().authorize(authorization, redirectUri);
    expect(callbacks.map(String)).toEqual([returned.href]);
    expect(returned.searchParams.get("state")).toBe(state);
    const code = returned.searchParams.get("code");
    expect(code).toBeTruthy();

    // 6. Token exchange for the resource: a JWT whose audience is the MCP server.
    const exchanged = await postForm(metadata.token_endpoint, { grant_type: "authorization_code", code: code!, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier, resource: prm.resource });
    expect(exchanged.status).toBe(200);
    const tokens = (await exchanged.json()) as Tokens;
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_S });
    expect(tokens.refresh_token).toBeTruthy();
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({ iss: as.issuer, aud: resource.url, sub: TEST_USER, scope: "mcp:tools" });

    // 7. The tool answers with the token's subject.
    expect(await callWhoami(tokens.access_token)).toBe(TEST_USER);
    expect(resource.tokensSeen).toContain(tokens.access_token);

    // 8. Once expired, the server refuses it as an invalid token.
    await eventually(() => Date.now() / 1000 >= claims.exp! + 1, "the access token's expiry", (ACCESS_TOKEN_TTL_S + 10) * 1000);
    const expired = await initialize({ authorization: `Bearer ${tokens.access_token}` });
    expect(expired.status).toBe(401);
    expect(challengeOf(expired.headers.get("www-authenticate")).error).toBe("invalid_token");

    // 9. Refresh (the provider rotates a public client's refresh token), then call again.
    const refreshed = await postForm(metadata.token_endpoint, { grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: clientId, resource: prm.resource });
    expect(refreshed.status).toBe(200);
    const renewed = (await refreshed.json()) as Tokens;
    expect(renewed.access_token).not.toBe(tokens.access_token);
    expect(decodeJwt(renewed.access_token).aud).toBe(resource.url);
    expect(await callWhoami(renewed.access_token)).toBe(TEST_USER);

    // 10. Revoke the refresh token: it no longer refreshes.
    const refreshToken = renewed.refresh_token ?? tokens.refresh_token;
    const revoked = await postForm(metadata.revocation_endpoint, { token: refreshToken, token_type_hint: "refresh_token", client_id: clientId });
    expect(revoked.status).toBe(200);
    const afterRevoke = await postForm(metadata.token_endpoint, { grant_type: "refresh_token", refresh_token: refreshToken, client_id: clientId, resource: prm.resource });
    expect(afterRevoke.status).toBe(400);
    expect(((await afterRevoke.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("answers 403 insufficient_scope naming the wider scope when the server requires more", async () => {
    resource.requireScopes(["mcp:tools", "mcp:admin"]);
    try {
      const token = await tokenFor("mcp:tools");
      const response = await initialize({ authorization: `Bearer ${token}` });
      expect(response.status).toBe(403);
      expect(challengeOf(response.headers.get("www-authenticate"))).toMatchObject({ error: "insufficient_scope", scope: "mcp:tools mcp:admin" });
    } finally {
      resource.requireScopes(["mcp:tools"]);
    }
  });

  it("refuses an authorization request without PKCE", async () => {
    const clientId = await register();
    const authorization = new URL(`${as.issuer}/auth`);
    authorization.search = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: redirectUri, scope: "mcp:tools", state: "s", resource: resource.url }).toString();
    const returned = await new TestBrowser().authorize(authorization, redirectUri);
    expect(returned.searchParams.get("error")).toBe("invalid_request");
    expect(returned.searchParams.get("code")).toBeNull();
  });

  /** A registered public client's id. */
  async function register(): Promise<string> {
    const response = await fetch(`${as.issuer}/reg`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ redirect_uris: [redirectUri], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" }),
    });
    return ((await response.json()) as { client_id: string }).client_id;
  }

  /** An access token for the protected server with `scope`, through the whole flow. */
  async function tokenFor(scope: string): Promise<string> {
    const clientId = await register();
    const verifier = base64url(randomBytes(32));
    const authorization = new URL(`${as.issuer}/auth`);
    authorization.search = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: redirectUri, scope, state: "s", code_challenge: base64url(createHash("sha256").update(verifier).digest()), code_challenge_method: "S256", resource: resource.url }).toString();
    const code = (await new TestBrowser().authorize(authorization, redirectUri)).searchParams.get("code") ?? "";
    const response = await postForm(`${as.issuer}/token`, { grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier, resource: resource.url });
    return ((await response.json()) as Tokens).access_token;
  }
});
