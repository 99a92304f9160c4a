import { ErrorCode, GatewayError } from "@mcpgw/core";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryListCache, listCacheKey } from "./lists/list-cache.js";
import { closeAll, connect, setup, spec, tool } from "./testing/harness.js";

afterEach(closeAll);

describe("warm(servers)", () => {
  it("starts a server whose tools nothing knows, once, records its lists, and a client's first list shows them", async () => {
    const cache = createMemoryListCache();
    const { router, connector } = setup([spec("image"), spec("other")], { image: { tools: [tool("echo")] }, other: { tools: [tool("x")] } }, { cache });
    await router.warm(["image"]);
    expect(connector.started.map((s) => s.name)).toEqual(["image"]);
    expect(cache.get(listCacheKey(spec("image")))?.tools?.map((t) => t.name)).toEqual(["echo"]);

    const client = await connect(router);
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["echo", "x"]);
    await client.callTool({ name: "echo", arguments: {} });
    // The warmed server served the call; only the server nobody had listed started for the list.
    expect(connector.started.map((s) => s.name)).toEqual(["image", "other"]);
    expect(connector.started[0]!.requests("tools/list")).toHaveLength(1);
  });

  it("starts nothing for a server whose list the catalog or the cache has", async () => {
    const cache = createMemoryListCache();
    cache.set(listCacheKey(spec("cached")), { tools: [tool("from-cache")] });
    const { router, connector } = setup([spec("cached"), spec("listed", "shared", { tools: [tool("from-catalog")] })], {}, { cache });
    await router.warm(["cached", "listed"]);
    expect(connector.started).toEqual([]);
  });

  it("rejects with the error of a server that cannot start", async () => {
    const unavailable = new GatewayError(ErrorCode.IMAGE_UNAVAILABLE, "image mcp/nosuch:1 is not present and could not be pulled");
    const connectors = [{ kinds: ["process" as const], connect: () => Promise.reject(unavailable), closeAll: async () => {} }];
    const { router } = setup([spec("nosuch")], {}, { connectors });
    await expect(router.warm(["nosuch"])).rejects.toMatchObject({ code: "IMAGE_UNAVAILABLE", message: expect.stringContaining("mcp/nosuch:1") });
  });
});
