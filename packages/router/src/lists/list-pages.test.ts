import { ListToolsResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { closeAll, connect, setup, spec, tool } from "../testing/harness.js";

afterEach(closeAll);

const cursorAt = (offset: number) => Buffer.from(String(offset)).toString("base64url");

describe("our own cursors over the aggregated lists", () => {
  it("pages a long list, each page leading to the next, the last without a cursor", async () => {
    const many = Array.from({ length: 5003 }, (_, i) => tool(`t${i}`));
    const { router } = setup([spec("a", "shared", { tools: many.slice(0, 3000) }), spec("b", "shared", { tools: many.slice(3000) })]);
    const client = await connect(router);
    const first = await client.listTools();
    expect(first.tools).toHaveLength(5000);
    expect(first.tools[0]!.name).toBe("t0");
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await client.listTools({ cursor: first.nextCursor! });
    expect(second.tools.map((t) => t.name)).toEqual(["t5000", "t5001", "t5002"]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("answers a cursor past the end with an empty page and no cursor", async () => {
    const { router } = setup([spec("a", "shared", { tools: [tool("x")] })]);
    const client = await connect(router);
    const past = await client.request({ method: "tools/list", params: { cursor: cursorAt(10) } }, ListToolsResultSchema);
    expect(past.tools).toEqual([]);
    expect(past.nextCursor).toBeUndefined();
  });

  it("reads a cursor that is not ours as the start of the list", async () => {
    const { router } = setup([spec("a", "shared", { tools: [tool("x"), tool("y")] })]);
    const client = await connect(router);
    expect((await client.listTools({ cursor: "made-up" })).tools.map((t) => t.name)).toEqual(["x", "y"]);
  });
});

describe("following every upstream's cursors", () => {
  const capabilities = { tools: {}, prompts: {}, resources: {} };
  const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

  it("asks a server for every page of its tools, and shows them all", async () => {
    const { router, connector } = setup([spec("s")], { s: { pageSize: 2, tools: names("t", 5).map((n) => tool(n)) } });
    const client = await connect(router);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(names("t", 5));
    const asked = connector.started[0]!.requests("tools/list").map((r) => r.params.cursor);
    expect(asked).toEqual([undefined, "2", "4"]);
  });

  it("follows cursors for prompts, resources and resource templates too", async () => {
    const { router, connector } = setup([spec("s")], {
      s: {
        capabilities,
        pageSize: 1,
        prompts: names("p", 3).map((name) => ({ name })),
        resources: names("mem://r", 2).map((uri) => ({ uri, name: uri })),
        resourceTemplates: [
          { uriTemplate: "a://{x}", name: "a" },
          { uriTemplate: "b://{x}", name: "b" },
        ],
      },
    });
    const client = await connect(router);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(names("p", 3));
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(["mem://r0", "mem://r1"]);
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(["a://{x}", "b://{x}"]);
    const upstream = connector.started[0]!;
    expect(upstream.requests("prompts/list")).toHaveLength(3);
    expect(upstream.requests("resources/list")).toHaveLength(2);
    expect(upstream.requests("resources/templates/list")).toHaveLength(2);
  });

  it("lists a server once for all kinds, and asks only for what it declared", async () => {
    const { router, connector } = setup([spec("s")], { s: { capabilities: { tools: {} }, tools: [tool("x")] } });
    const client = await connect(router);
    await client.listTools();
    await client.listTools();
    const upstream = connector.started[0]!;
    expect(upstream.requests("tools/list")).toHaveLength(1);
    expect(upstream.requests("prompts/list")).toEqual([]);
    expect(upstream.requests("resources/list")).toEqual([]);
  });
});
