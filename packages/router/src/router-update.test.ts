import { SecretValue } from "@mcpgw/core";
import { PromptListChangedNotificationSchema, ResourceListChangedNotificationSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { ListChange } from "./router.js";
import { closeAll, connect, failureOf, notified, setup, spec, tool, until } from "./testing/harness.js";

afterEach(closeAll);

const server = (name: string, over: Parameters<typeof spec>[2] = {}) => spec(name, "shared", { tools: [tool(`${name}_tool`)], ...over });

describe("update(specs)", () => {
  it("stops a changed server and starts it again, with its new configuration, on next use", async () => {
    const { router, connector } = setup([server("a", { env: { MODE: "one" } })]);
    const client = await connect(router);
    await client.callTool({ name: "a_tool", arguments: {} });
    await router.update([server("a", { env: { MODE: "two" } })]);
    expect(connector.started[0]!.closed).toBe(true);
    expect(connector.started).toHaveLength(1);
    await client.callTool({ name: "a_tool", arguments: {} });
    expect(connector.started).toHaveLength(2);
    expect(connector.started[1]!.closed).toBe(false);
  });

  it("counts a changed secret value as a change", async () => {
    const withSecret = (value: string) => server("a", { secretEnv: { TOKEN: new SecretValue("TOKEN", value, "test") } });
    const { router, connector } = setup([withSecret("first")]);
    const client = await connect(router);
    await client.callTool({ name: "a_tool", arguments: {} });
    const changes: ListChange[] = [];
    router.onListChanged((change) => changes.push(change));
    await router.update([withSecret("first")]);
    expect(connector.started[0]!.closed).toBe(false);
    expect(changes).toEqual([]);
    await router.update([withSecret("second")]);
    expect(connector.started[0]!.closed).toBe(true);
    expect(changes).toEqual(["tools", "prompts", "resources"]);
  });

  it("keeps an unchanged server's upstream when others come and go", async () => {
    const { router, connector } = setup([server("a"), server("b")]);
    const client = await connect(router);
    await client.callTool({ name: "a_tool", arguments: {} });
    await router.update([server("a"), server("c")]);
    await client.callTool({ name: "a_tool", arguments: {} });
    expect(connector.started).toHaveLength(1);
    expect(connector.started[0]!.closed).toBe(false);
    expect(connector.started[0]!.requests("initialize")).toHaveLength(1);
    expect(connector.started[0]!.requests("tools/call")).toHaveLength(2);
  });

  it("tells every session that tools, prompts and resources changed when a server is added or removed", async () => {
    const { router } = setup([server("a"), server("b")]);
    const client = await connect(router);
    const heard = Promise.all([
      notified(client, ToolListChangedNotificationSchema),
      notified(client, PromptListChangedNotificationSchema),
      notified(client, ResourceListChangedNotificationSchema),
    ]);
    await router.update([server("a")]);
    await heard;
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["a_tool"]);
  });

  it("tells nobody anything when the same servers come again", async () => {
    const { router } = setup([server("a"), server("b")]);
    // The first configuration, given at creation, is news; settle it before listening.
    await router.update([server("a"), server("b")]);
    const changes: ListChange[] = [];
    router.onListChanged((change) => changes.push(change));
    await router.update([server("a"), server("b")]);
    expect(changes).toEqual([]);
  });

  it("answers a removed server's tool as unknown, without starting anything", async () => {
    const { router, connector } = setup([server("a"), server("b")]);
    const client = await connect(router);
    await router.update([server("a")]);
    expect(await failureOf(client.callTool({ name: "b_tool", arguments: {} }))).toMatchObject({ code: -32602, message: expect.stringContaining("unknown tool: b_tool") });
    expect(connector.started).toEqual([]);
  });

  it("stops a removed server's session-mode upstreams too", async () => {
    const { router, connector } = setup([spec("a", "session", { tools: [tool("x")] })]);
    const client = await connect(router);
    await client.callTool({ name: "x", arguments: {} });
    await router.update([]);
    await until(() => connector.started[0]!.closed, "the removed server's session upstream to stop");
  });

  it("seeds a changed server's lists from the cache, keyed by what decides them, so nothing starts to list it", async () => {
    const { router, connector } = setup([spec("a", "shared", { env: { V: "1" } })], { a: { tools: [tool("live")] } });
    const client = await connect(router);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["live"]);
    await router.update([spec("a", "shared", { env: { V: "2" } })]);
    expect(connector.started[0]!.closed).toBe(true);
    // The environment is not part of the cache key (the command is): the list is still known.
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["live"]);
    expect(connector.started).toHaveLength(1);
  });

  it("asks a server whose command changed for its list again", async () => {
    const { router, connector } = setup([spec("a", "shared", { args: ["--v1"] })], { a: { tools: [tool("live")] } });
    const client = await connect(router);
    await client.listTools();
    await router.update([spec("a", "shared", { args: ["--v2"] })]);
    await client.listTools();
    expect(connector.started).toHaveLength(2);
    expect(connector.started[1]!.requests("tools/list")).toHaveLength(1);
  });
});
