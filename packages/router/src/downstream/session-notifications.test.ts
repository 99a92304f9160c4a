import type { Principal } from "@mcpgw/core";
import { LoggingMessageNotificationSchema, ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { closeAll, connect, deferred, setup, spec, tool, until } from "../testing/harness.js";

afterEach(closeAll);

const logging = { capabilities: { tools: {}, logging: {} } };
const levels = (connector: ReturnType<typeof setup>["connector"], server: string) =>
  connector.started.filter((s) => s.name === server).flatMap((s) => s.requests("logging/setLevel").map((r) => r.params.level));

describe("logging/setLevel", () => {
  it("reaches every connected upstream that logs, and starts nothing for it", async () => {
    const { router, connector } = setup(
      [spec("a", "shared", { tools: [tool("x")] }), spec("quiet", "shared", { tools: [tool("y")] }), spec("idle", "shared", { tools: [tool("z")] })],
      { a: logging, idle: logging, quiet: { capabilities: { tools: {} } } },
    );
    const client = await connect(router);
    await client.callTool({ name: "x", arguments: {} });
    await client.callTool({ name: "y", arguments: {} });
    expect(await client.setLoggingLevel("warning")).toEqual({});
    expect(levels(connector, "a")).toEqual(["warning"]);
    // A server that did not declare logging is not asked; one not running is not started for it.
    expect(levels(connector, "quiet")).toEqual([]);
    expect(connector.started.map((s) => s.name)).toEqual(["a", "quiet"]);
  });

  it("skips the servers the caller may not reach", async () => {
    const alice: Principal = { via: "token", subject: "alice", scopes: [] };
    const policy = { default: "deny" as const, rules: [{ subjects: ["alice"], allow: ["open:*"] }] };
    const { router, connector } = setup([spec("open", "shared", { tools: [tool("a")] }), spec("closed", "shared", { tools: [tool("b")] })], { open: logging, closed: logging }, { policy });
    const [owner, limited] = await Promise.all([connect(router), connect(router, { principal: alice })]);
    await owner.callTool({ name: "a", arguments: {} });
    await owner.callTool({ name: "b", arguments: {} });
    await limited.setLoggingLevel("error");
    expect(levels(connector, "open")).toEqual(["error"]);
    expect(levels(connector, "closed")).toEqual([]);
  });

  it("reaches a session's own upstreams, never another session's", async () => {
    const { router, connector } = setup([spec("mine", "session", { tools: [tool("x")] })], { mine: logging });
    const [a, b] = await Promise.all([connect(router), connect(router)]);
    await a.callTool({ name: "x", arguments: {} });
    await b.callTool({ name: "x", arguments: {} });
    await a.setLoggingLevel("debug");
    const bySession = connector.started.map((s) => [s.session, s.requests("logging/setLevel").map((r) => r.params.level)]);
    expect(bySession).toEqual([
      [a.id, ["debug"]],
      [b.id, []],
    ]);
  });
});

describe("notifications/message", () => {
  it("goes only to the session that owns a session-mode upstream", async () => {
    const { router, connector } = setup([spec("mine", "session", { tools: [tool("x")] })], { mine: logging });
    const [a, b] = await Promise.all([connect(router), connect(router)]);
    const heard: string[] = [];
    const aHeard = deferred();
    a.setNotificationHandler(LoggingMessageNotificationSchema, (n) => (heard.push(`a:${String(n.params.data)}`), aHeard.resolve(undefined)));
    b.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void heard.push(`b:${String(n.params.data)}`));
    await a.callTool({ name: "x", arguments: {} });
    await b.callTool({ name: "x", arguments: {} });
    await connector.started[0]!.notify("notifications/message", { level: "info", logger: "srv", data: "for a" });
    await aHeard.promise;
    // b would have heard it by the time a request of its own round-trips.
    await b.listTools();
    expect(heard).toEqual(["a:for a"]);
  });

  it("reaches the client as the server wrote it", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("x")] })], { s: logging });
    const client = await connect(router);
    const message = deferred<unknown>();
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => message.resolve(n.params));
    await client.callTool({ name: "x", arguments: {} });
    await connector.started[0]!.notify("notifications/message", { level: "error", logger: "db", data: { rows: 3 } });
    expect(await message.promise).toEqual({ level: "error", logger: "db", data: { rows: 3 } });
  });
});

describe("notifications/roots/list_changed", () => {
  it("reaches the session's own upstreams, not shared ones nor another session's", async () => {
    const { router, connector } = setup([spec("mine", "session", { tools: [tool("x")] }), spec("common", "shared", { tools: [tool("y")] })]);
    const roots = { capabilities: { roots: { listChanged: true } } };
    const [a, b] = await Promise.all([connect(router, roots), connect(router, roots)]);
    for (const client of [a, b]) client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [] }));
    await a.callTool({ name: "x", arguments: {} });
    await b.callTool({ name: "x", arguments: {} });
    await a.callTool({ name: "y", arguments: {} });
    await a.sendRootsListChanged();
    const ownOfA = connector.started.find((s) => s.session === a.id)!;
    await until(() => ownOfA.received.some((m) => m.method === "notifications/roots/list_changed"), "a's own upstream to hear roots changed");
    // Anything else would have been sent by the time a round-trip to the router completes.
    await a.listTools();
    const heard = connector.started.filter((s) => s.received.some((m) => m.method === "notifications/roots/list_changed")).map((s) => [s.name, s.session]);
    expect(heard).toEqual([["mine", a.id]]);
  });
});
