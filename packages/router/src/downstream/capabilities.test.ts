import { afterEach, describe, expect, it } from "vitest";
import { createMemoryListCache, listCacheKey } from "../lists/list-cache.js";
import { closeAll, connect, failureOf, setup, spec, tool } from "../testing/harness.js";

afterEach(closeAll);

const declared = (capabilities: Record<string, unknown> | undefined) => Object.keys(capabilities ?? {}).sort();

describe("the capabilities a session is offered", () => {
  it("offers everything while any server's capabilities are unknown, starting nothing to find out", async () => {
    const { router, connector } = setup([spec("a", "shared", { tools: [tool("x")] })]);
    const client = await connect(router);
    expect(client.getServerCapabilities()).toMatchObject({
      tools: { listChanged: true },
      prompts: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      completions: {},
      logging: {},
    });
    expect(connector.started).toEqual([]);
  });

  it("offers only the union of what the servers said, once every server is known", async () => {
    const { router } = setup([spec("a"), spec("b")], { a: { capabilities: { tools: {} }, tools: [tool("x")] }, b: { capabilities: { tools: {}, prompts: {} } } });
    const first = await connect(router);
    await first.listTools();
    const later = await connect(router);
    expect(declared(later.getServerCapabilities())).toEqual(["prompts", "tools"]);
  });

  it("keeps offering everything while one server has not been asked yet", async () => {
    const { router } = setup([spec("a", "shared", { tools: [tool("x")] }), spec("b", "shared", { tools: [tool("y")] })], { a: { capabilities: { tools: {} } } });
    const first = await connect(router);
    await first.callTool({ name: "x", arguments: {} });
    const later = await connect(router);
    expect(declared(later.getServerCapabilities())).toEqual(["completions", "logging", "prompts", "resources", "tools"]);
  });

  it("learns capabilities from the list cache, without starting the server", async () => {
    const cache = createMemoryListCache();
    const a = spec("a");
    cache.set(listCacheKey(a), { capabilities: { tools: {}, logging: {} }, tools: [tool("x")] });
    const { router, connector } = setup([a], {}, { cache });
    const client = await connect(router);
    expect(declared(client.getServerCapabilities())).toEqual(["logging", "tools"]);
    expect(connector.started).toEqual([]);
  });

  it("always offers tools, even when no server has any", async () => {
    const cache = createMemoryListCache();
    const a = spec("a");
    cache.set(listCacheKey(a), { capabilities: { prompts: {} }, prompts: [] });
    const { router } = setup([a], {}, { cache });
    const client = await connect(router);
    expect(declared(client.getServerCapabilities())).toEqual(["prompts", "tools"]);
    expect((await client.listTools()).tools).toEqual([]);
  });
});

describe("handlers follow the declared capabilities", () => {
  it("answers methods of an undeclared capability with method-not-found, and serves the rest", async () => {
    const cache = createMemoryListCache();
    const a = spec("a");
    cache.set(listCacheKey(a), { capabilities: { tools: {} }, tools: [tool("x")] });
    const { router, connector } = setup([a], {}, { cache });
    const client = await connect(router);
    // The client's SDK checks the server's capabilities itself; the raw request shows the server's answer.
    const raw = (method: string, params: Record<string, unknown> = {}) => failureOf(client.request({ method, params } as never, {} as never));
    for (const method of ["prompts/list", "resources/list", "resources/templates/list", "completion/complete", "logging/setLevel"]) {
      expect(await raw(method)).toMatchObject({ code: -32601 });
    }
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["x"]);
    expect(connector.started).toEqual([]);
  });

  it("registers prompts, resources, completions and logging when the servers offer them", async () => {
    const cache = createMemoryListCache();
    const a = spec("a");
    cache.set(listCacheKey(a), { capabilities: { tools: {}, prompts: {}, resources: {}, completions: {}, logging: {} }, tools: [], prompts: [], resources: [], resourceTemplates: [] });
    const { router } = setup([a], {}, { cache });
    const client = await connect(router);
    expect((await client.listPrompts()).prompts).toEqual([]);
    expect((await client.listResources()).resources).toEqual([]);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
    expect(await client.setLoggingLevel("debug")).toEqual({});
  });
});
