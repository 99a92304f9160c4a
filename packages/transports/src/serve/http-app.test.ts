// The HTTP app on a socket of 127.0.0.1: routing between the eras, the HTTP rules of each, and
// the guards in front of them.
import { afterEach, describe, expect, it } from "vitest";
import { createTestSessionFactory } from "../testing/test-session-factory.js";
import { eventually, INITIALIZE, initializeSession, MODERN_META, modernEcho, send } from "../testing/raw-http.js";
import { createHttpApp } from "./http-app.js";
import type { HttpApp, HttpAppOptions } from "./http-app.js";

const TOKEN = "s3cret-token";
const AUTH = { authorization: `Bearer ${TOKEN}` };
const apps: HttpApp[] = [];

function makeApp(options: Partial<HttpAppOptions> = {}) {
  const factory = createTestSessionFactory();
  const http = createHttpApp(factory, { authToken: TOKEN, ...options });
  apps.push(http);
  return { factory, http, app: http };
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((http) => http.closeAll()));
});

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: number; message: string } }).error;

describe("authentication", () => {
  it("answers 401 with WWW-Authenticate: Bearer when the token is missing", async () => {
    const { app } = makeApp();
    const response = await send(app, { body: INITIALIZE });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(JSON.stringify(await response.json())).not.toContain(TOKEN);
  });

  it("answers 401 to a wrong token, of any length, and to other schemes", async () => {
    const { app } = makeApp();
    for (const authorization of ["Bearer wrong", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, "Bearer"]) {
      const response = await send(app, { body: INITIALIZE, headers: { authorization } });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
  });

  it("lets the right token through, on /mcp, /sse and /messages", async () => {
    const { app } = makeApp();
    expect((await send(app, { body: INITIALIZE, headers: AUTH })).status).toBe(200);
    const stream = await send(app, { method: "GET", path: "/sse", headers: AUTH });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    await stream.body?.cancel();
    expect((await send(app, { method: "GET", path: "/sse" })).status).toBe(401);
    expect((await send(app, { path: "/messages?sessionId=x", body: INITIALIZE })).status).toBe(401);
    expect((await send(app, { path: "/messages?sessionId=x", body: INITIALIZE, headers: AUTH })).status).toBe(404);
  });

  it("refuses a token no client could send, instead of locking everyone out", () => {
    for (const authToken of ["", " ", "two words"]) {
      expect(() => createHttpApp(createTestSessionFactory(), { authToken }), JSON.stringify(authToken)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
  });

  it("asks for nothing when authToken is undefined", async () => {
    const { app } = makeApp({ authToken: undefined });
    expect((await send(app, { body: INITIALIZE })).status).toBe(200);
  });
});

describe("Origin and Host checks", () => {
  it("refuses a foreign Origin with 403 and accepts local ones and none", async () => {
    const { app } = makeApp();
    expect((await send(app, { body: INITIALIZE, headers: { ...AUTH, origin: "https://evil.example" } })).status).toBe(403);
    expect((await send(app, { body: INITIALIZE, headers: { ...AUTH, origin: "null" } })).status).toBe(403);
    expect((await send(app, { body: INITIALIZE, headers: { ...AUTH, origin: "http://localhost:3000" } })).status).toBe(200);
    expect((await send(app, { body: INITIALIZE, headers: AUTH })).status).toBe(200);
  });

  it("checks Origin before the token, so a browser learns nothing about it", async () => {
    const { app } = makeApp();
    expect((await send(app, { body: INITIALIZE, headers: { origin: "https://evil.example" } })).status).toBe(403);
  });

  it("accepts the origins and hosts it is told to", async () => {
    const { app } = makeApp({ allowedOrigins: ["https://app.example.com"], allowedHosts: ["gateway.internal:8811"] });
    expect((await send(app, { body: INITIALIZE, headers: { ...AUTH, origin: "https://app.example.com" } })).status).toBe(200);
    expect((await send(app, { body: INITIALIZE, headers: { ...AUTH, host: "gateway.internal:8811" } })).status).toBe(200);
    expect((await send(app, { body: INITIALIZE, headers: { ...AUTH, host: "other.internal" } })).status).toBe(403);
  });

  it("refuses a Host that is not loopback when bound to loopback (DNS rebinding)", async () => {
    const { app } = makeApp();
    const response = await send(app, { body: INITIALIZE, headers: { ...AUTH, host: "evil.example:8811" } });
    expect(response.status).toBe(403);
    for (const host of ["localhost:8811", "127.0.0.1", "[::1]:8811"]) expect((await send(app, { body: INITIALIZE, headers: { ...AUTH, host } })).status, host).toBe(200);
  });

  it("does not check Host when bound to all interfaces without allowedHosts", async () => {
    const { app } = makeApp({ host: "0.0.0.0" });
    expect((await send(app, { body: INITIALIZE, headers: { ...AUTH, host: "gateway.example.com" } })).status).toBe(200);
  });
});

describe("body size", () => {
  it("answers 413 with a JSON-RPC error past maxBodyBytes", async () => {
    const { app } = makeApp({ maxBodyBytes: 1024 });
    const body = { ...INITIALIZE, params: { ...INITIALIZE.params, padding: "x".repeat(2048) } };
    const response = await send(app, { body, headers: AUTH });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 }, id: null });
    const sse = await send(app, { path: "/messages?sessionId=x", body, headers: AUTH });
    expect(sse.status).toBe(413);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const { app } = makeApp();
    const response = await send(app, { body: "{not json", headers: AUTH });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe(-32700);
  });
});

describe("/health", () => {
  it("answers 503 until ready, then 200 {status: ok}, without a token", async () => {
    let ready = false;
    const { app } = makeApp({ ready: () => ready });
    expect((await send(app, { method: "GET", path: "/health" })).status).toBe(503);
    ready = true;
    const response = await send(app, { method: "GET", path: "/health" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

describe("2025-11-25 sessions on /mcp", () => {
  it("hands out Mcp-Session-Id on initialize and serves requests that carry it", async () => {
    const { app, factory, http } = makeApp();
    const id = await initializeSession(app, AUTH);
    expect(factory.sessions).toEqual([{ id, transport: "streamable-http", era: "2025-11-25" }]);
    expect(http.sessionCount()).toBe(1);
    const response = await send(app, { body: { jsonrpc: "2.0", id: 2, method: "tools/list" }, headers: { ...AUTH, "mcp-session-id": id } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('"echo"');
  });

  it("answers 400 without a session id and 404 for an unknown one", async () => {
    const { app } = makeApp();
    await initializeSession(app, AUTH);
    const missing = await send(app, { body: { jsonrpc: "2.0", id: 2, method: "tools/list" }, headers: AUTH });
    expect(missing.status).toBe(400);
    const unknown = await send(app, { body: { jsonrpc: "2.0", id: 2, method: "tools/list" }, headers: { ...AUTH, "mcp-session-id": "no-such-session" } });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe(-32001);
    expect((await send(app, { method: "GET", headers: { ...AUTH, accept: "text/event-stream" } })).status).toBe(400);
  });

  it("ends the session on DELETE: sessionClosed is called and the id is then unknown", async () => {
    const { app, factory, http } = makeApp();
    const id = await initializeSession(app, AUTH);
    expect((await send(app, { method: "DELETE", headers: { ...AUTH, "mcp-session-id": id } })).status).toBe(200);
    await eventually(() => factory.closed.includes(id), "sessionClosed");
    expect(http.sessionCount()).toBe(0);
    expect((await send(app, { body: { jsonrpc: "2.0", id: 2, method: "tools/list" }, headers: { ...AUTH, "mcp-session-id": id } })).status).toBe(404);
  });

  it("checks MCP-Protocol-Version: 400 when unsupported, 2025-03-26 assumed when absent", async () => {
    const { app } = makeApp();
    const id = await initializeSession(app, AUTH);
    const list = { jsonrpc: "2.0", id: 2, method: "tools/list" };
    const bad = await send(app, { body: list, headers: { ...AUTH, "mcp-session-id": id, "mcp-protocol-version": "1999-01-01" } });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toContain("Unsupported protocol version");
    expect((await send(app, { body: list, headers: { ...AUTH, "mcp-session-id": id } })).status).toBe(200);
    expect((await send(app, { body: list, headers: { ...AUTH, "mcp-session-id": id, "mcp-protocol-version": "2025-06-18" } })).status).toBe(200);
  });

  it("leaves Accept and Content-Type to the SDK: 406 and 415, and no session is left behind", async () => {
    const { app, factory, http } = makeApp();
    const notAcceptable = await send(app, { body: INITIALIZE, headers: { ...AUTH, accept: "application/json" } });
    expect(notAcceptable.status).toBe(406);
    const wrongType = await send(app, { body: JSON.stringify(INITIALIZE), headers: { ...AUTH, "content-type": "text/plain" } });
    expect(wrongType.status).toBe(415);
    await eventually(() => factory.closed.length === factory.sessions.length, "the refused session to close");
    expect(http.sessionCount()).toBe(0);
    const id = await initializeSession(app, AUTH);
    const sessionWrongType = await send(app, { body: "{}", headers: { ...AUTH, "mcp-session-id": id, "content-type": "text/plain" } });
    expect(sessionWrongType.status).toBe(415);
    const getWithoutSse = await send(app, { method: "GET", headers: { ...AUTH, "mcp-session-id": id, accept: "application/json" } });
    expect(getWithoutSse.status).toBe(406);
  });

  it("closes a session nobody uses after sessionIdleMs", async () => {
    const { app, factory, http } = makeApp({ sessionIdleMs: 150 });
    const id = await initializeSession(app, AUTH);
    await eventually(() => factory.closed.includes(id), "the idle session to be reaped");
    expect(http.sessionCount()).toBe(0);
    expect((await send(app, { body: { jsonrpc: "2.0", id: 2, method: "tools/list" }, headers: { ...AUTH, "mcp-session-id": id } })).status).toBe(404);
  });
});

describe("2026-07-28 requests on /mcp", () => {
  it("serves an enveloped request statelessly, with a Server per request that is then closed", async () => {
    const { app, factory, http } = makeApp();
    const { body, headers } = modernEcho("now");
    const response = await send(app, { body, headers: { ...AUTH, ...headers } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 7, result: { content: [{ type: "text", text: "echo: now" }] } });
    expect(response.headers.get("mcp-session-id")).toBeNull();
    expect(factory.sessions).toEqual([expect.objectContaining({ transport: "streamable-http", era: "2026-07-28" })]);
    await eventually(() => factory.closed.length === 1, "the request's Server to close");
    expect(http.sessionCount()).toBe(0);
  });

  it("answers server/discover", async () => {
    const { app } = makeApp();
    const response = await send(app, {
      body: { jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: MODERN_META } },
      headers: { ...AUTH, "mcp-protocol-version": "2026-07-28", "mcp-method": "server/discover" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { supportedVersions: ["2026-07-28"], capabilities: { tools: { listChanged: true } } } });
  });

  it("answers 400 when Mcp-Method or Mcp-Name disagree with the body, before making a Server", async () => {
    const { app, factory } = makeApp();
    const mismatches: Record<string, string>[] = [{ "mcp-name": "other" }, { "mcp-method": "tools/list" }];
    for (const mismatch of mismatches) {
      const { body, headers } = modernEcho("x", mismatch);
      const response = await send(app, { body, headers: { ...AUTH, ...headers } });
      expect(response.status, JSON.stringify(mismatch)).toBe(400);
    }
    expect(factory.sessions).toHaveLength(0);
  });

  it("has no GET stream: a GET on this era gets the SDK's 405", async () => {
    const { app } = makeApp();
    const response = await send(app, { method: "GET", headers: { ...AUTH, accept: "text/event-stream", "mcp-protocol-version": "2026-07-28" } });
    expect(response.status).toBe(405);
  });

  it("answers 415 to a wrong Content-Type; the SDK does not check Accept on this era", async () => {
    const { app } = makeApp();
    const { body, headers } = modernEcho("x");
    expect((await send(app, { body: JSON.stringify(body), headers: { ...AUTH, ...headers, "content-type": "text/plain" } })).status).toBe(415);
    expect((await send(app, { body, headers: { ...AUTH, ...headers, accept: "text/html" } })).status).toBe(200);
  });
});

describe("closeAll", () => {
  it("ends every session and answers 503 afterwards", async () => {
    const { app, factory, http } = makeApp();
    const first = await initializeSession(app, AUTH);
    const second = await initializeSession(app, AUTH);
    await http.closeAll();
    await eventually(() => factory.closed.includes(first) && factory.closed.includes(second), "both sessions to close");
    expect(http.sessionCount()).toBe(0);
    expect((await send(app, { body: INITIALIZE, headers: AUTH })).status).toBe(503);
  });
});

describe("a factory that throws", () => {
  it("answers 500 with a JSON-RPC error and keeps no session", async () => {
    const http = createHttpApp(
      {
        createServer() {
          throw new Error("router broke");
        },
      },
      { authToken: undefined },
    );
    apps.push(http);
    const response = await send(http, { body: INITIALIZE });
    expect(response.status).toBe(500);
    expect((await errorOf(response)).code).toBe(-32603);
    expect(http.sessionCount()).toBe(0);
  });
});
