// Profiles on the HTTP app: `/mcp/<profile>` and `/sse/<profile>` serve sessions of that profile
// (the router decides what each sees); a profile not served, or a session used at another
// profile's endpoint, is not found.
import { afterEach, describe, expect, it } from "vitest";
import { createTestSessionFactory } from "../testing/test-session-factory.js";
import type { TestSessionFactoryOptions } from "../testing/test-session-factory.js";
import { eventually, INITIALIZE, modernEcho, send } from "../testing/raw-http.js";
import { createHttpApp } from "./http-app.js";
import type { HttpApp } from "./http-app.js";

const apps: HttpApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((http) => http.closeAll()));
});

function makeApp(profiles: Set<string>, options: TestSessionFactoryOptions = {}) {
  const factory = createTestSessionFactory(options);
  const http = createHttpApp(factory, { authToken: undefined, profiles });
  apps.push(http);
  return { factory, http };
}

async function initialize(http: HttpApp, path: string): Promise<string> {
  const response = await send(http, { path, body: INITIALIZE });
  await response.text();
  expect(response.status, path).toBe(200);
  return response.headers.get("mcp-session-id")!;
}

describe("profiles on the HTTP app", () => {
  it("opens a session of the profile at /mcp/<profile>, and of none at /mcp", async () => {
    const { http, factory } = makeApp(new Set(["dev", "ci"]));
    await initialize(http, "/mcp/dev");
    await initialize(http, "/mcp");
    expect(factory.sessions.map((s) => s.profile)).toEqual(["dev", undefined]);
  });

  it("answers 404 for a profile it does not serve, or a name no profile can have, and makes no Server", async () => {
    const profiles = new Set(["dev"]);
    const { http, factory } = makeApp(profiles);
    for (const path of ["/mcp/ci", "/mcp/dev/extra", "/mcp/%2e%2e", "/mcp/", `/mcp/${"x".repeat(65)}`]) {
      const response = await send(http, { path, body: INITIALIZE });
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining("no such profile") } });
    }
    expect((await send(http, { method: "GET", path: "/sse/ci" })).status).toBe(404);
    expect(factory.sessions).toEqual([]);
    // Asked per request: a profile added while running is served at once.
    profiles.add("ci");
    await initialize(http, "/mcp/ci");
  });

  it("serves a session only at the endpoint of its own profile", async () => {
    const { http } = makeApp(new Set(["dev", "ci"]));
    const id = await initialize(http, "/mcp/dev");
    const list = { jsonrpc: "2.0", id: 2, method: "tools/list" };
    const headers = { "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" };
    expect((await send(http, { path: "/mcp/dev", body: list, headers })).status).toBe(200);
    expect((await send(http, { path: "/mcp/ci", body: list, headers })).status).toBe(404);
    expect((await send(http, { path: "/mcp", body: list, headers })).status).toBe(404);
  });

  it("gives a stateless request its profile, on Node's path and through the SDK's handler alike", async () => {
    for (const options of [{}, { sdkVersionsOnly: true }]) {
      const { http, factory } = makeApp(new Set(["ci"]), options);
      const { body, headers } = modernEcho("hi");
      const response = await send(http, { path: "/mcp/ci", body, headers });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ result: { content: [{ text: "echo: hi" }] } });
      expect(new Set(factory.sessions.map((s) => s.profile))).toEqual(new Set(["ci"]));
    }
  });

  it("opens a legacy SSE session of the profile at /sse/<profile>, posting to /messages", async () => {
    const { http, factory } = makeApp(new Set(["dev"]));
    const stream = await send(http, { method: "GET", path: "/sse/dev" });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let text = "";
    while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/event: endpoint\ndata: \/messages\?sessionId=/);
    await eventually(() => factory.sessions.length === 1, "the SSE session's Server");
    expect(factory.sessions[0]).toMatchObject({ transport: "sse", profile: "dev" });
    await reader.cancel();
  });
});
