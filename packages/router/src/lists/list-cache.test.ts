import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { ListChange } from "../router.js";
import { closeAll, connect, notified, setup, spec, tool, until } from "../testing/harness.js";
import { createMemoryListCache, listCacheKey } from "./list-cache.js";

afterEach(closeAll);

describe("listCacheKey", () => {
  it("keys a server by what decides what it offers: image and command, command line, or URL", () => {
    const base = { name: "n", env: {}, secretEnv: {}, sharing: "shared" as const, longLived: false, source: { file: "t" } };
    expect(listCacheKey({ ...base, kind: "docker", image: "mcp/x@sha256:abc", command: ["--ro"] } as never)).toBe("docker:mcp/x@sha256:abc --ro");
    expect(listCacheKey(spec("srv", "shared", { args: ["-y", "pkg"] }))).toBe("process:srv -y pkg");
    expect(listCacheKey({ ...base, kind: "remote", url: "https://example.test/mcp" } as never)).toBe("remote:https://example.test/mcp");
    // The server's name and environment are not part of it: two names for one command share a list.
    expect(listCacheKey(spec("srv", "shared", { name: "other", env: { A: "1" } }))).toBe(listCacheKey(spec("srv")));
  });
});

describe("lists known without starting anything", () => {
  it("serves tools, prompts and resources from the cache", async () => {
    const cache = createMemoryListCache();
    const s = spec("s");
    cache.set(listCacheKey(s), {
      capabilities: { tools: {}, prompts: {}, resources: {} },
      tools: [tool("cached_tool")],
      prompts: [{ name: "cached_prompt" }],
      resources: [{ uri: "c://r", name: "r" }],
      resourceTemplates: [],
    });
    const { router, connector } = setup([s], {}, { cache });
    const client = await connect(router);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["cached_tool"]);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(["cached_prompt"]);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(["c://r"]);
    expect(connector.started).toEqual([]);
  });

  it("prefers the cache to the catalog's tools: the cache is what the server last said", async () => {
    const cache = createMemoryListCache();
    const s = spec("s", "shared", { tools: [tool("from_catalog")] });
    cache.set(listCacheKey(s), { tools: [tool("from_cache")] });
    const { router } = setup([s], {}, { cache });
    const client = await connect(router);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["from_cache"]);
  });

  it("starts a server whose tools are known only to list what else it offers", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("x")] })], { s: { capabilities: { tools: {}, prompts: {} }, prompts: [{ name: "p" }] } });
    const client = await connect(router);
    await client.listTools();
    expect(connector.started).toEqual([]);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(["p"]);
    expect(connector.started).toHaveLength(1);
  });
});

describe("a list that turns out different", () => {
  it("is corrected with list_changed, and written to the cache", async () => {
    const cache = createMemoryListCache();
    const s = spec("s", "shared", { tools: [tool("old")] });
    const { router } = setup([s], { s: { tools: [tool("old"), tool("new")] } }, { cache });
    const client = await connect(router);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["old"]);
    const heard = notified(client, ToolListChangedNotificationSchema);
    await client.callTool({ name: "old", arguments: {} });
    await heard;
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["old", "new"]);
    expect(cache.get(listCacheKey(s))?.tools?.map((t) => t.name)).toEqual(["old", "new"]);
    expect(cache.get(listCacheKey(s))?.capabilities).toEqual({ tools: { listChanged: true } });
  });

  it("is not news when the server lists what was known", async () => {
    const cache = createMemoryListCache();
    const s = spec("s", "shared", { tools: [tool("same")] });
    const { router, connector } = setup([s], {}, { cache });
    // Settle the first configuration's news before listening.
    await router.update([s]);
    const changes: ListChange[] = [];
    router.onListChanged((change) => changes.push(change));
    const client = await connect(router);
    await client.callTool({ name: "same", arguments: {} });
    // The list is written once the server has answered tools/list.
    await until(() => cache.get(listCacheKey(s))?.capabilities !== undefined, "the server's lists to be cached");
    expect(connector.started[0]!.requests("tools/list")).toHaveLength(1);
    expect(changes).toEqual([]);
  });

  it("seeds a second router from what the first one cached", async () => {
    const cache = createMemoryListCache();
    const s = spec("s");
    const first = setup([s], { s: { tools: [tool("live")] } }, { cache });
    await (await connect(first.router)).listTools();
    const second = setup([s], {}, { cache });
    const client = await connect(second.router);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["live"]);
    expect(second.connector.started).toEqual([]);
  });
});
