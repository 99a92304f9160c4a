// Who may call the HTTP app: the gateway token, named static tokens and OAuth access tokens
// (against a real issuer on 127.0.0.1), the RFC 9728 metadata and challenges, and sessions
// that stay with the caller who opened them.
import { afterEach, describe, expect, it } from "vitest";
import { startTestIssuer } from "../testing/oauth-issuer.js";
import type { TestIssuer } from "../testing/oauth-issuer.js";
import { INITIALIZE, initializeSession, modernEcho, send } from "../testing/raw-http.js";
import { createTestSessionFactory } from "../testing/test-session-factory.js";
import { createHttpApp } from "./http-app.js";
import type { HttpApp, HttpAppOptions } from "./http-app.js";
import { listen } from "./listen.js";

const RESOURCE = "http://127.0.0.1:8811/mcp";
const METADATA_URL = "http://127.0.0.1:8811/.well-known/oauth-protected-resource/mcp";
const GATEWAY_TOKEN = "owner-token";
const STATIC = [
  { name: "ci", value: "ci-static-token", scopes: ["tools:call"] },
  { name: "ops", value: "ops-static-token", scopes: [] },
];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const LIST = { jsonrpc: "2.0", id: 2, method: "tools/list" };

const apps: HttpApp[] = [];
const issuers: TestIssuer[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((http) => http.closeAll()));
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

async function makeApp(options: Partial<HttpAppOptions> = {}, oauth: Partial<NonNullable<HttpAppOptions["oauth"]>> | false = {}) {
  const issuer = await startTestIssuer();
  issuers.push(issuer);
  const factory = createTestSessionFactory();
  const http = createHttpApp(factory, {
    authToken: GATEWAY_TOKEN,
    tokens: STATIC,
    ...(oauth === false ? {} : { oauth: { issuer: issuer.issuer, resource: RESOURCE, ...oauth } }),
    ...options,
  });
  apps.push(http);
  const token = (claims: Record<string, unknown> = {}) => issuer.sign({ sub: "alice", aud: RESOURCE, scope: "tools:call", ...claims });
  return { factory, http, app: http, issuer, token };
}

describe("protected-resource metadata", () => {
  it("is served without a token at the bare and the /mcp-suffixed well-known paths", async () => {
    const { app, issuer } = await makeApp({}, { requiredScopes: ["tools:call"] });
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const response = await send(app, { method: "GET", path });
      expect(response.status, path).toBe(200);
      expect(await response.json()).toEqual({ resource: RESOURCE, authorization_servers: [issuer.issuer], scopes_supported: ["tools:call"], bearer_methods_supported: ["header"] });
    }
  });

  it("is not served when OAuth is not configured", async () => {
    const { app } = await makeApp({}, false);
    expect((await send(app, { method: "GET", path: "/.well-known/oauth-protected-resource" })).status).toBe(404);
  });
});

describe("challenges", () => {
  it("401 without a token names the metadata URL and the required scopes, and no error", async () => {
    const { app } = await makeApp({}, { requiredScopes: ["tools:call", "tools:read"] });
    const response = await send(app, { body: INITIALIZE });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer scope="tools:call tools:read", resource_metadata="${METADATA_URL}"`);
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 }, id: null });
  });

  it("401 with error=invalid_token and a description for a bad token, never echoing it", async () => {
    const { app, token } = await makeApp();
    for (const [bad, description] of [
      [await token({ exp: Math.floor(Date.now() / 1000) - 600 }), "expired"],
      [await token({ aud: "https://other.example.com/mcp" }), "another resource"],
      ["opaque-but-unknown", "well-formed"],
    ] as const) {
      const response = await send(app, { body: INITIALIZE, headers: bearer(bad) });
      expect(response.status).toBe(401);
      const header = response.headers.get("www-authenticate")!;
      expect(header).toMatch(/^Bearer error="invalid_token", error_description="[^"]+", resource_metadata="/);
      expect(header).toContain(description);
      const body = await response.text();
      expect(body + header).not.toContain(bad);
    }
  });

  it("403 insufficient_scope for a valid token without a required scope", async () => {
    const { app, token } = await makeApp({}, { requiredScopes: ["tools:call"] });
    const response = await send(app, { body: INITIALIZE, headers: bearer(await token({ scope: "tools:read" })) });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer error="insufficient_scope", scope="tools:call", resource_metadata="${METADATA_URL}"`);
    expect((await send(app, { body: INITIALIZE, headers: bearer(await token({ scp: ["tools:call"], scope: undefined })) })).status).toBe(200);
  });

  it("keeps the realm-only challenge when OAuth is not configured", async () => {
    const { app } = await makeApp({}, false);
    expect((await send(app, { body: INITIALIZE })).headers.get("www-authenticate")).toBe('Bearer realm="mcpgw"');
    expect((await send(app, { body: INITIALIZE, headers: bearer("nope") })).headers.get("www-authenticate")).toMatch(/^Bearer realm="mcpgw", error="invalid_token"/);
  });

  it("503 (not 401) when the issuer's keys cannot be fetched", async () => {
    const { app, token } = await makeApp({}, { jwksUrl: "http://127.0.0.1:9/jwks.json" });
    const response = await send(app, { body: INITIALIZE, headers: bearer(await token()) });
    expect(response.status).toBe(503);
  });
});

describe("principals", () => {
  it("gateway token: the owner, no principal; static token: its name and scopes; access token: sub, scopes, client", async () => {
    const { app, factory, token } = await makeApp();
    await initializeSession(app, bearer(GATEWAY_TOKEN));
    await initializeSession(app, bearer("ci-static-token"));
    await initializeSession(app, bearer(await token({ client_id: "claude" })));
    expect(factory.sessions.map((session) => session.principal)).toEqual([
      undefined,
      { via: "token", subject: "ci", scopes: ["tools:call"] },
      { via: "oauth", subject: "alice", scopes: ["tools:call"], clientId: "claude" },
    ]);
    expect(Object.keys(factory.sessions[0]!)).not.toContain("principal");
  });

  it("reach the Server of each stateless 2026-07-28 request", async () => {
    const { app, factory, token } = await makeApp();
    const { body, headers } = modernEcho("hi");
    expect((await send(app, { body, headers: { ...headers, ...bearer(await token({ sub: "bob" })) } })).status).toBe(200);
    expect((await send(app, { body, headers: { ...headers, ...bearer("ops-static-token") } })).status).toBe(200);
    expect(factory.sessions.map((session) => session.principal?.subject)).toEqual(["bob", "ops"]);
  });

  it("OAuth or static tokens without a gateway token still require a token", async () => {
    for (const options of [{ authToken: undefined }, { authToken: undefined, tokens: [] }]) {
      const { app, token } = await makeApp(options);
      expect((await send(app, { body: INITIALIZE })).status).toBe(401);
      expect((await send(app, { body: INITIALIZE, headers: bearer(GATEWAY_TOKEN) })).status).toBe(401);
      expect((await send(app, { body: INITIALIZE, headers: bearer(await token()) })).status).toBe(200);
    }
    const { app } = await makeApp({ authToken: undefined }, false);
    expect((await send(app, { body: INITIALIZE })).status).toBe(401);
    expect((await send(app, { body: INITIALIZE, headers: bearer("ci-static-token") })).status).toBe(200);
  });
});

describe("a session stays with its caller", () => {
  it("refuses another principal's token on an existing Mcp-Session-Id with 404, and serves its own", async () => {
    const { app, token } = await makeApp();
    const alice = bearer(await token());
    const id = await initializeSession(app, alice);
    const others = [bearer(await token({ sub: "mallory" })), bearer("ci-static-token"), bearer(GATEWAY_TOKEN)];
    for (const headers of others) {
      const response = await send(app, { body: LIST, headers: { ...headers, "mcp-session-id": id } });
      expect(response.status).toBe(404);
      expect((await send(app, { method: "DELETE", headers: { ...headers, "mcp-session-id": id } })).status).toBe(404);
    }
    // A fresh token of the same subject is the same caller.
    const again = await send(app, { body: LIST, headers: { ...bearer(await token({ scope: "tools:call more" })), "mcp-session-id": id } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('"echo"');
  });

  it("keeps a static token's session from the owner, and the owner's from a static token", async () => {
    const { app } = await makeApp();
    const ci = await initializeSession(app, bearer("ci-static-token"));
    const owner = await initializeSession(app, bearer(GATEWAY_TOKEN));
    expect((await send(app, { body: LIST, headers: { ...bearer(GATEWAY_TOKEN), "mcp-session-id": ci } })).status).toBe(404);
    expect((await send(app, { body: LIST, headers: { ...bearer("ops-static-token"), "mcp-session-id": ci } })).status).toBe(404);
    expect((await send(app, { body: LIST, headers: { ...bearer("ci-static-token"), "mcp-session-id": owner } })).status).toBe(404);
    expect((await send(app, { body: LIST, headers: { ...bearer("ci-static-token"), "mcp-session-id": ci } })).status).toBe(200);
  });

  it("refuses another principal's POST to a legacy SSE session's message endpoint", async () => {
    const { http, factory, token } = await makeApp();
    await using server = await listen(http, { port: 0 });
    const alice = bearer(await token());
    const stream = await fetch(`${server.url}/sse`, { headers: { ...alice, accept: "text/event-stream" } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!/data: (\S+)/.test(text)) text += (await reader.read()).value ?? "";
    const endpoint = /data: (\S+)/.exec(text)![1]!;
    expect(factory.sessions[0]).toMatchObject({ transport: "sse", principal: { via: "oauth", subject: "alice" } });
    const post = (headers: Record<string, string>) =>
      fetch(new URL(endpoint, server.url), { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(INITIALIZE) });
    expect((await post(bearer(await token({ sub: "mallory" })))).status).toBe(404);
    expect((await post(bearer(GATEWAY_TOKEN))).status).toBe(404);
    expect((await post(alice)).status).toBe(202);
    await reader.cancel();
  });
});
