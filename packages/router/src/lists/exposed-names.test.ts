import { afterEach, describe, expect, it } from "vitest";
import { closeAll, connect, failureOf, setup, spec, tool } from "../testing/harness.js";

afterEach(closeAll);

const names = (list: { tools: { name: string }[] }) => list.tools.map((t) => t.name);

describe("--tool-prefix through the router", () => {
  it("auto: prefixes only the colliding names, and routes each to its server under its own name", async () => {
    const { router, connector } = setup([spec("a", "shared", { tools: [tool("t"), tool("only_a")] }), spec("b", "shared", { tools: [tool("t")] })]);
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["a__t", "only_a", "b__t"]);
    await client.callTool({ name: "b__t", arguments: {} });
    await client.callTool({ name: "only_a", arguments: {} });
    const calls = connector.started.map((s) => [s.name, s.requests("tools/call").map((r) => r.params.name)]);
    expect(calls).toEqual([
      ["b", ["t"]],
      ["a", ["only_a"]],
    ]);
  });

  it("auto: uses the catalog's prefix for a server when it has one", async () => {
    const { router } = setup([spec("github-official", "shared", { prefix: "gh", tools: [tool("search")] }), spec("gitlab", "shared", { tools: [tool("search")] })]);
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["gh__search", "gitlab__search"]);
  });

  it("always: prefixes every name, and the plain name is unknown", async () => {
    const { router, connector } = setup([spec("a", "shared", { tools: [tool("x")] })], {}, { toolPrefix: "always" });
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["a__x"]);
    expect(await failureOf(client.callTool({ name: "x", arguments: {} }))).toMatchObject({ code: -32602, message: expect.stringContaining("unknown tool: x") });
    await client.callTool({ name: "a__x", arguments: {} });
    expect(connector.started[0]!.requests("tools/call")[0]!.params.name).toBe("x");
  });

  it("never: keeps the first server's tool of a name, drops the later one, and keeps the rest", async () => {
    const { router, connector } = setup([spec("a", "shared", { tools: [tool("x")] }), spec("b", "shared", { tools: [tool("x"), tool("y")] })], {}, { toolPrefix: "never" });
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["x", "y"]);
    await client.callTool({ name: "x", arguments: {} });
    expect(connector.started.map((s) => s.name)).toEqual(["a"]);
    expect(await failureOf(client.callTool({ name: "b__x", arguments: {} }))).toMatchObject({ code: -32602 });
  });

  it("prefixes colliding prompt names as it does tools, and gets each from its own server", async () => {
    const prompts = { capabilities: { prompts: {} }, prompts: [{ name: "summarize" }], handle: () => ({ messages: [] }) };
    const { router, connector } = setup([spec("a"), spec("b")], { a: prompts, b: prompts });
    const client = await connect(router);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(["a__summarize", "b__summarize"]);
    await client.getPrompt({ name: "b__summarize" });
    const b = connector.started.find((s) => s.name === "b")!;
    expect(b.requests("prompts/get").map((r) => r.params.name)).toEqual(["summarize"]);
  });
});

describe("names a client can use", () => {
  it("exposes a name with characters outside [A-Za-z0-9_.-] made safe, and calls the server with its own", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("files:read file")] })]);
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["files_read_file"]);
    await client.callTool({ name: "files_read_file", arguments: {} });
    expect(connector.started[0]!.requests("tools/call")[0]!.params.name).toBe("files:read file");
  });

  it("shortens a name longer than 64 characters, and calls the server with the long one", async () => {
    const long = `a_tool_whose_name_goes_on_${"and_on_".repeat(10)}`;
    const { router, connector } = setup([spec("s", "shared", { tools: [tool(long)] })]);
    const client = await connect(router);
    const [exposed] = names(await client.listTools());
    expect(exposed).toHaveLength(64);
    expect(exposed).toMatch(/^[A-Za-z0-9_.-]+$/);
    await client.callTool({ name: exposed!, arguments: {} });
    expect(connector.started[0]!.requests("tools/call")[0]!.params.name).toBe(long);
  });

  it("keeps a prefixed name within 64 characters when the tool's own name fits but the prefix does not", async () => {
    const own = "t".repeat(60);
    const { router } = setup([spec("first", "shared", { tools: [tool(own)] }), spec("second", "shared", { tools: [tool(own)] })]);
    const client = await connect(router);
    const exposed = names(await client.listTools());
    expect(exposed).toHaveLength(2);
    expect(new Set(exposed).size).toBe(2);
    expect(exposed.every((n) => n.length <= 64 && n.startsWith("first__") !== n.startsWith("second__"))).toBe(true);
  });

  it("passes a tool's schema and other fields through as the server wrote them, under the exposed name", async () => {
    const listed = tool("x", { description: "does x", inputSchema: { type: "object", properties: { n: { type: "number" } } }, annotations: { readOnlyHint: true } });
    const { router } = setup([spec("a", "shared", { tools: [listed] }), spec("b", "shared", { tools: [tool("x")] })]);
    const client = await connect(router);
    const [first] = (await client.listTools()).tools;
    expect(first).toEqual({ ...listed, name: "a__x" });
  });
});
