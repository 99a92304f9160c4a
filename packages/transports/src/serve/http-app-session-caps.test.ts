// The session caps over real HTTP on 127.0.0.1: at the cap the least recently active idle
// session is closed to admit a new one (its next request gets 404, and its client
// re-initializes); a busy one never is; a caller past its own cap loses only its own sessions.
import { afterEach, describe, expect, it } from "vitest";
import { eventually, initializeSession, INITIALIZE, send } from "../testing/raw-http.js";
import { closer } from "../testing/serve-clients.js";
import { createTestSessionFactory } from "../testing/test-session-factory.js";
import { createHttpApp } from "./http-app.js";
import type { HttpAppOptions } from "./http-app.js";
import { listen } from "./listen.js";
import { SESSION_RETRY_AFTER_SECONDS } from "./session-registry.js";

const OWNER = { authorization: "Bearer owner-token" };
const STATIC = [
  { name: "ci", value: "ci-static-token", scopes: [] },
  { name: "ops", value: "ops-static-token", scopes: [] },
];
const CI = { authorization: "Bearer ci-static-token" };
const OPS = { authorization: "Bearer ops-static-token" };
const LIST = { jsonrpc: "2.0", id: 2, method: "tools/list" };

const resources = closer();
afterEach(() => resources.closeAll());

async function serve(options: Partial<HttpAppOptions>) {
  const factory = createTestSessionFactory();
  const http = createHttpApp(factory, { authToken: "owner-token", tokens: STATIC, ...options });
  const server = resources.track(await listen(http, { port: 0 }));
  return { factory, http, url: server.url };
}

/** The status of a `tools/list` on session `id`, its body read. */
async function listStatus(url: string, id: string, headers: Record<string, string>): Promise<number> {
  const response = await send(url, { body: LIST, headers: { ...headers, "mcp-session-id": id } });
  await response.text();
  return response.status;
}

/** Opens the session's GET stream and keeps it open (the session is busy) until the returned function is called. */
async function holdStream(url: string, id: string, headers: Record<string, string>): Promise<() => Promise<void>> {
  const response = await send(url, { method: "GET", headers: { ...headers, "mcp-session-id": id, accept: "text/event-stream" } });
  expect(response.status).toBe(200);
  const release = async () => void (await response.body?.cancel().catch(() => {}));
  resources.track({ close: release });
  return release;
}

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: number; message: string } }).error;

describe("at the gateway's session cap", () => {
  it("closes the least recently active idle session: its next request gets 404, and a re-initialize is served", async () => {
    const { url, factory, http } = await serve({ maxSessions: 2 });
    const first = await initializeSession(url, OWNER);
    const second = await initializeSession(url, OWNER);
    // The first session's request makes the second the least recently active.
    expect(await listStatus(url, first, OWNER)).toBe(200);
    const third = await initializeSession(url, OWNER);
    expect(http.sessionCount()).toBe(2);
    await eventually(() => factory.closed.includes(second), "the evicted session's Server to close");
    const evicted = await send(url, { body: LIST, headers: { ...OWNER, "mcp-session-id": second } });
    expect(evicted.status).toBe(404);
    expect((await errorOf(evicted)).code).toBe(-32001);
    expect(await listStatus(url, first, OWNER)).toBe(200);
    expect(await listStatus(url, third, OWNER)).toBe(200);
    // The client of the evicted session starts again, as the spec has it.
    const again = await initializeSession(url, OWNER);
    expect(await listStatus(url, again, OWNER)).toBe(200);
    await eventually(() => factory.closed.includes(first), "the next evicted session's Server to close");
    expect(factory.closed).toEqual([second, first]);
  });

  it("never closes a busy session: with every session busy an initialize gets 503 and Retry-After, until one is idle", async () => {
    const { url, factory } = await serve({ maxSessions: 2 });
    const first = await initializeSession(url, OWNER);
    const second = await initializeSession(url, OWNER);
    const releaseFirst = await holdStream(url, first, OWNER);
    await holdStream(url, second, OWNER);
    const refused = await send(url, { body: INITIALIZE, headers: OWNER });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe(String(SESSION_RETRY_AFTER_SECONDS));
    expect(await errorOf(refused)).toEqual({ code: -32000, message: "Service Unavailable: all 2 sessions of the gateway are busy" });
    expect(factory.closed).toEqual([]);
    expect(factory.sessions).toHaveLength(2);
    // Its stream ended, the first session is idle: the next initialize takes its room.
    await releaseFirst();
    let admitted: string | undefined;
    await eventually(async () => {
      const response = await send(url, { body: INITIALIZE, headers: OWNER });
      await response.text();
      admitted = response.headers.get("mcp-session-id") ?? undefined;
      return response.status === 200;
    }, "an initialize to be admitted once a stream ended");
    expect(admitted).toBeDefined();
    expect(await listStatus(url, first, OWNER)).toBe(404);
    expect(await listStatus(url, second, OWNER)).toBe(200);
  });

  it("counts legacy SSE streams, and never closes one to make room", async () => {
    const { url } = await serve({ maxSessions: 1 });
    const stream = await fetch(`${url}/sse`, { headers: { ...OWNER, accept: "text/event-stream" } });
    resources.track({ close: async () => void (await stream.body?.cancel().catch(() => {})) });
    expect(stream.status).toBe(200);
    const refused = await send(url, { body: INITIALIZE, headers: OWNER });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe(String(SESSION_RETRY_AFTER_SECONDS));
    const refusedSse = await fetch(`${url}/sse`, { headers: { ...OWNER, accept: "text/event-stream" } });
    expect(refusedSse.status).toBe(503);
    await refusedSse.body?.cancel();
  });
});

describe("at a caller's own session cap", () => {
  it("closes the caller's own least recently active idle session, never another caller's", async () => {
    const { url } = await serve({ maxSessions: 100, maxSessionsPerCaller: 2 });
    // The oldest session of all is another caller's, and idle.
    const ops = await initializeSession(url, OPS);
    const ci1 = await initializeSession(url, CI);
    const ci2 = await initializeSession(url, CI);
    const ci3 = await initializeSession(url, CI);
    expect(await listStatus(url, ci1, CI)).toBe(404);
    expect(await listStatus(url, ci2, CI)).toBe(200);
    expect(await listStatus(url, ci3, CI)).toBe(200);
    expect(await listStatus(url, ops, OPS)).toBe(200);
  });

  it("answers 429 with Retry-After when all of the caller's sessions are busy, and serves the others", async () => {
    const { url, factory } = await serve({ maxSessions: 100, maxSessionsPerCaller: 2 });
    for (let i = 0; i < 2; i++) await holdStream(url, await initializeSession(url, CI), CI);
    const refused = await send(url, { body: INITIALIZE, headers: CI });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(SESSION_RETRY_AFTER_SECONDS));
    expect(await errorOf(refused)).toEqual({ code: -32000, message: "Too Many Requests: this caller already has 2 sessions, all busy" });
    expect(factory.closed).toEqual([]);
    const ops = await initializeSession(url, OPS);
    expect(await listStatus(url, ops, OPS)).toBe(200);
    // The owner has no cap of its own.
    for (let i = 0; i < 3; i++) await initializeSession(url, OWNER);
    expect(factory.closed).toEqual([]);
  });
});
