// Scenario 5: what the HTTP gateway lets in. Raw requests over a real socket (node:http, so
// Host and Origin are exactly what the test says): no or a wrong bearer token is 401, a
// foreign Origin or Host is 403, /health is open.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { clockProcess, writeHome } from "../support/servers.js";

const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers; the body is read only for answers that end (not streams). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers, timeout: 30_000 }, (res) => {
      const done = (body: string) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      if (res.statusCode === 200 && res.headers["content-type"]?.includes("text/event-stream")) {
        res.destroy();
        return done("");
      }
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => done(body));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url}`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

const post = (url: string, headers: Record<string, string>) =>
  raw(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, body: INITIALIZE });

describe("the HTTP gateway's guards", () => {
  let home: TempHome;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { clock: clockProcess() });
    gateway = await startGateway(home);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  it("answers /health without a token", async () => {
    const health = await raw(`${gateway.url}/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: "ok" });
  });

  it("refuses a request without a token with 401 and a Bearer challenge", async () => {
    for (const path of ["/mcp", "/sse"]) {
      const response = path === "/mcp" ? await post(`${gateway.url}${path}`, {}) : await raw(`${gateway.url}${path}`, { headers: { accept: "text/event-stream" } });
      expect(response.status, path).toBe(401);
      expect(response.headers["www-authenticate"], path).toMatch(/^Bearer /);
      expect(JSON.parse(response.body), path).toMatchObject({ jsonrpc: "2.0", error: { message: expect.stringMatching(/Unauthorized/) } });
    }
    expect((await post(`${gateway.url}/mcp`, { authorization: `Basic ${Buffer.from(`user:${gateway.token}`).toString("base64")}` })).status).toBe(401);
  });

  it("refuses a wrong token with 401 and never echoes it", async () => {
    const wrong = `${gateway.token}x`;
    for (const token of [wrong, "", "short"]) {
      const response = await post(`${gateway.url}/mcp`, { authorization: `Bearer ${token}` });
      expect(response.status, token).toBe(401);
      expect(response.body).not.toContain(wrong);
    }
    const refused = await post(`${gateway.url}/mcp`, { authorization: `Bearer ${wrong}` });
    expect(refused.headers["www-authenticate"]).toContain('error="invalid_token"');
    // A real client with the wrong token fails to connect, saying why.
    await expect(connectV1({ url: gateway.url, headers: { Authorization: `Bearer ${wrong}` } })).rejects.toThrow(/401|Unauthorized/);
  });

  it("refuses a foreign Origin or Host with 403, even with the right token", async () => {
    const auth = { authorization: `Bearer ${gateway.token}` };
    const origin = await post(`${gateway.url}/mcp`, { ...auth, origin: "https://evil.example" });
    expect(origin.status).toBe(403);
    const sse = await raw(`${gateway.url}/sse`, { headers: { ...auth, accept: "text/event-stream", origin: "http://evil.example:8811" } });
    expect(sse.status).toBe(403);
    const host = await post(`${gateway.url}/mcp`, { ...auth, host: `evil.example:${new URL(gateway.url).port}` });
    expect(host.status).toBe(403);
    // Local origins pass: a browser page on this machine.
    const local = await post(`${gateway.url}/mcp`, { ...auth, origin: `http://localhost:${new URL(gateway.url).port}` });
    expect(local.status).toBe(200);
    expect(local.headers["mcp-session-id"]).toBeTruthy();
  });

  it("serves a client with the right token, and keeps the token out of its logs", async () => {
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    expect(JSON.parse(textOf(await client.callTool({ name: "now", arguments: { timezone: "UTC" } })))).toMatchObject({ timezone: "UTC" });
    expect(gateway.token).toMatch(/^\S{20,}$/);
    expect(gateway.stderr).not.toContain(gateway.token);
  });

  it("with --allow-unauthenticated, needs no token but still checks the Origin", async () => {
    await using open = await startGateway(home, { args: ["--allow-unauthenticated"] });
    expect(open.token).toBeUndefined();
    expect(open.stdout).not.toContain("Bearer");
    expect((await post(`${open.url}/mcp`, {})).status).toBe(200);
    expect((await post(`${open.url}/mcp`, { origin: "https://evil.example" })).status).toBe(403);
    await using cleanup = new Cleanup();
    const { client } = await connectV1(open);
    cleanup.add(client);
    expect(JSON.parse(textOf(await client.callTool({ name: "now", arguments: { timezone: "UTC" } })))).toMatchObject({ timezone: "UTC" });
  }, 90_000);
});
