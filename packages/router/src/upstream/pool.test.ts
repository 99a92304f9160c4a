import { silentLogger } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { spec, until } from "../testing/harness.js";
import { createMemoryConnector } from "../testing/memory-connector.js";
import { UpstreamPool } from "./pool.js";
import type { UpstreamHooks } from "./upstream.js";

const hooks: UpstreamHooks = { onNotification: () => {}, onRequest: async () => ({}), onReady: () => {} };

function pool(connectors = [createMemoryConnector()]) {
  return new UpstreamPool({ connectors, logger: silentLogger, hooks, clientVersion: "1", initializeTimeoutMs: 5_000 });
}

describe("UpstreamPool", () => {
  it("refuses a server that is not configured, or that no connector serves", async () => {
    const p = pool();
    await p.setSpecs([spec("a")], new Set());
    expect(() => p.get("missing", undefined)).toThrow(expect.objectContaining({ code: "NOT_FOUND", message: 'no server "missing" is enabled' }));
    const none = pool([]);
    await none.setSpecs([spec("a")], new Set());
    expect(() => none.get("a", undefined)).toThrow(expect.objectContaining({ code: "UNSUPPORTED" }));
  });

  it("keeps one upstream per shared server and one per session of a session server", async () => {
    const p = pool();
    await p.setSpecs([spec("shared"), spec("mine", "session")], new Set());
    expect(p.get("shared", "s1")).toBe(p.get("shared", "s2"));
    expect(p.get("mine", "s1")).not.toBe(p.get("mine", "s2"));
    expect(p.get("mine", "s1").owner).toBe("s1");
  });

  it("closes the upstreams of changed and removed servers, and of a closed session", async () => {
    const connector = createMemoryConnector();
    const p = pool([connector]);
    await p.setSpecs([spec("a"), spec("b"), spec("c", "session")], new Set());
    for (const [name, session] of [["a", undefined], ["b", undefined], ["c", "s1"]] as const) await p.get(name, session).ensure();
    expect(p.connected().map((u) => u.name).sort()).toEqual(["a", "b", "c"]);
    await p.setSpecs([spec("a"), spec("c", "session")], new Set(["a"]));
    expect(connector.started.filter((s) => s.closed).map((s) => s.name).sort()).toEqual(["a", "b"]);
    await p.closeSession("s1");
    expect(connector.started.find((s) => s.name === "c")!.closed).toBe(true);
    expect(p.connected()).toEqual([]);
  });

  it("gives a session server asked outside a session (listing) a temporary upstream", async () => {
    const connector = createMemoryConnector();
    const p = pool([connector]);
    await p.setSpecs([spec("c", "session")], new Set());
    await p.use("c", undefined, (upstream) => upstream.ensure());
    expect(connector.started).toHaveLength(1);
    expect(p.connected()).toEqual([]);
  });

  it("gives a call server a fresh upstream per use, closed after it even when the use fails", async () => {
    const connector = createMemoryConnector();
    const p = pool([connector]);
    await p.setSpecs([spec("once", "call")], new Set());
    const seen = await p.use("once", "s1", async (upstream) => (await upstream.ensure(), upstream));
    await expect(p.use("once", "s1", async (upstream) => (await upstream.ensure(), Promise.reject(new Error("the call failed"))))).rejects.toThrow("the call failed");
    expect(connector.started).toHaveLength(2);
    await until(() => connector.started.every((s) => s.closed), "both call upstreams to stop");
    expect(seen.connected).toBe(false);
    expect(p.connected()).toEqual([]);
  });

  it("closes every upstream on closeAll", async () => {
    const connector = createMemoryConnector();
    const p = pool([connector]);
    await p.setSpecs([spec("a"), spec("b", "session")], new Set());
    await p.get("a", undefined).ensure();
    await p.get("b", "s1").ensure();
    await p.closeAll();
    expect(connector.started.map((s) => s.closed)).toEqual([true, true]);
    expect(p.connected()).toEqual([]);
  });
});
