import type { Connector } from "@mcpgw/core";
import { ErrorCode, silentLogger } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { spec, until } from "../testing/harness.js";
import type { FakeServerScript } from "../testing/memory-connector.js";
import { createMemoryConnector } from "../testing/memory-connector.js";
import type { InFlight, UpstreamHooks } from "./upstream.js";
import { Upstream, UPSTREAM_PROTOCOL_VERSION } from "./upstream.js";

/** An upstream over one fake server, recording what its hooks were told. */
function upstream(script: FakeServerScript = {}, over: { initializeTimeoutMs?: number; owner?: string; connector?: Connector } = {}) {
  const connector = createMemoryConnector({ s: script });
  const heard = { ready: 0, notifications: [] as string[], requests: [] as string[] };
  const hooks: UpstreamHooks = {
    onReady: () => void heard.ready++,
    onNotification: (_u, method) => void heard.notifications.push(method),
    onRequest: async (_u, method) => (heard.requests.push(method), { answered: method }),
  };
  const made = new Upstream({
    spec: spec("s"),
    connector: over.connector ?? connector,
    logger: silentLogger,
    hooks,
    clientVersion: "9.9.9",
    initializeTimeoutMs: over.initializeTimeoutMs ?? 5_000,
    ...(over.owner ? { owner: over.owner } : {}),
  });
  return { upstream: made, connector, heard };
}

describe("Upstream", () => {
  it("connects on first request: initialize with our version and client capabilities, then initialized", async () => {
    const { upstream: u, connector, heard } = upstream({ capabilities: { tools: {}, logging: {} } });
    expect(u.connected).toBe(false);
    await u.request("tools/list", undefined);
    const server = connector.started[0]!;
    expect(server.requests("initialize")[0]!.params).toEqual({
      protocolVersion: UPSTREAM_PROTOCOL_VERSION,
      capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } },
      clientInfo: { name: "mcpgw", version: "9.9.9" },
    });
    expect(server.received.map((m) => m.method)).toEqual(["initialize", "notifications/initialized", "tools/list"]);
    expect(u.capabilities).toEqual({ tools: {}, logging: {} });
    expect(u.connected).toBe(true);
    expect(heard.ready).toBe(1);
  });

  it("makes one connection for requests that arrive together", async () => {
    const { upstream: u, connector } = upstream();
    await Promise.all([u.request("tools/list", undefined), u.request("tools/list", undefined), u.ensure()]);
    expect(connector.started).toHaveLength(1);
    expect(connector.started[0]!.requests("initialize")).toHaveLength(1);
  });

  it("connects again after the server closed, and is ready again", async () => {
    const { upstream: u, connector, heard } = upstream();
    await u.ensure();
    await connector.started[0]!.close();
    await until(() => !u.connected, "the upstream to notice the server closed");
    await u.request("tools/list", undefined);
    expect(connector.started).toHaveLength(2);
    expect(heard.ready).toBe(2);
  });

  it("stops a server that does not answer initialize in time, with SERVER_START_TIMEOUT, and tries again on next use", async () => {
    const { upstream: u, connector } = upstream({ silent: true }, { initializeTimeoutMs: 20 });
    await expect(u.request("tools/list", undefined)).rejects.toMatchObject({
      code: ErrorCode.SERVER_START_TIMEOUT,
      data: { server: "s", timeoutMs: 20 },
    });
    expect(connector.started[0]!.closed).toBe(true);
    // initialize is never cancelled: the server is stopped instead.
    expect(connector.started[0]!.received.map((m) => m.method)).toEqual(["initialize"]);
    expect(u.connected).toBe(false);
    await expect(u.ensure()).rejects.toMatchObject({ code: ErrorCode.SERVER_START_TIMEOUT });
    expect(connector.started).toHaveLength(2);
  });

  it("passes a failure to start on to the caller, keeps nothing, and tries again on next use", async () => {
    const connector = createMemoryConnector();
    let attempts = 0;
    const flaky: Connector = { ...connector, connect: (...args) => (++attempts === 1 ? Promise.reject(new Error("no such image")) : connector.connect(...args)) };
    const { upstream: u } = upstream({}, { connector: flaky });
    await expect(u.ensure()).rejects.toThrow("no such image");
    expect(u.connected).toBe(false);
    await u.ensure();
    expect(u.connected).toBe(true);
    expect(connector.started).toHaveLength(1);
  });

  it("refuses every request once closed, with SERVER_EXITED, and does not start the server again", async () => {
    const { upstream: u, connector } = upstream();
    await u.ensure();
    await u.close();
    expect(connector.started[0]!.closed).toBe(true);
    await expect(u.request("tools/list", undefined)).rejects.toMatchObject({ code: ErrorCode.SERVER_EXITED, message: 'server "s" is no longer configured' });
    expect(connector.started).toHaveLength(1);
  });

  it("sends a notification only when connected, never connecting for it", async () => {
    const { upstream: u, connector } = upstream();
    await u.notify("notifications/roots/list_changed");
    expect(connector.started).toEqual([]);
    await u.ensure();
    await u.notify("notifications/roots/list_changed");
    await until(() => connector.started[0]!.received.some((m) => m.method === "notifications/roots/list_changed"), "the notification upstream");
  });

  it("hands the server's notifications and requests to its hooks", async () => {
    const { upstream: u, connector, heard } = upstream();
    await u.ensure();
    const server = connector.started[0]!;
    await server.notify("notifications/tools/list_changed");
    const answer = await server.ask("roots/list");
    expect(answer.result).toEqual({ answered: "roots/list" });
    expect(heard.notifications).toEqual(["notifications/tools/list_changed"]);
    expect(heard.requests).toEqual(["roots/list"]);
  });

  it("keeps who asks in flight for as long as their request runs", async () => {
    let release!: () => void;
    const { upstream: u } = upstream({ handle: () => new Promise((resolve) => (release = () => resolve({ content: [] }))) });
    const via: InFlight = { session: "s1", ask: async () => ({}) };
    const call = u.request("tools/call", { name: "x" }, {}, via);
    await until(() => u.inFlight.has(via), "the request to be in flight");
    await until(() => release !== undefined, "the request to reach the server");
    release();
    await call;
    expect(u.inFlight.size).toBe(0);
  });

  it("tells the connector which session owns it", async () => {
    const { upstream: u, connector } = upstream({}, { owner: "session-7" });
    await u.ensure();
    expect(u.owner).toBe("session-7");
    expect(connector.started[0]!.session).toBe("session-7");
  });
});
