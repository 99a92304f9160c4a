import type { Principal } from "@mcpgw/core";
import { LoggingMessageNotificationSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { closeAll, connect, deferred, setup, spec } from "./testing/harness.js";

afterEach(closeAll);

const tool = (name: string) => ({ name, inputSchema: { type: "object" } });
const alice: Principal = { via: "token", subject: "alice", scopes: [] };
const policy = { default: "deny" as const, rules: [{ subjects: ["alice"], allow: ["open:*"] }] };

describe("access", () => {
  it("shows a principal only what it may call, and answers a hidden tool like an unknown one", async () => {
    const { router, connector } = setup([spec("open", "shared", { tools: [tool("a")] }), spec("closed", "shared", { tools: [tool("b")] })], {}, { policy });
    const client = await connect(router, { principal: alice });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["a"]);
    await expect(client.callTool({ name: "b", arguments: {} })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining("unknown tool: b") });
    expect(connector.started).toEqual([]);
    // The owner (no principal) sees everything.
    const owner = await connect(router);
    expect((await owner.listTools()).tools.map((t) => t.name)).toEqual(["a", "b"]);
  });

  it("sends a server's log messages only to sessions that may reach it", async () => {
    const capabilities = { tools: {}, logging: {} };
    const { router, connector } = setup([spec("closed", "shared", { tools: [tool("b")] })], { closed: { capabilities } }, { policy });
    const [owner, limited] = await Promise.all([connect(router), connect(router, { principal: alice })]);
    const heard: string[] = [];
    const ownerHeard = deferred();
    owner.setNotificationHandler(LoggingMessageNotificationSchema, () => (heard.push("owner"), ownerHeard.resolve(undefined)));
    limited.setNotificationHandler(LoggingMessageNotificationSchema, () => void heard.push("limited"));
    await owner.callTool({ name: "b", arguments: {} });
    await connector.started[0]!.notify("notifications/message", { level: "info", data: "hello" });
    await ownerHeard.promise;
    // The limited session would have heard it by the time a request round-trips after it.
    await limited.listTools();
    expect(heard).toEqual(["owner"]);
  });

  it("applies a new policy to open sessions, telling them their lists changed", async () => {
    const { router } = setup([spec("open", "shared", { tools: [tool("a")] }), spec("closed", "shared", { tools: [tool("b")] })], {}, { policy });
    const client = await connect(router, { principal: alice });
    expect((await client.listTools()).tools).toHaveLength(1);
    const heard = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    router.setPolicy({ default: "allow", rules: [] });
    await heard;
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["a", "b"]);
  });
});
