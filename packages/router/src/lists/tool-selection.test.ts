import { afterEach, describe, expect, it } from "vitest";
import { closeAll, connect, failureOf, setup, spec, tool } from "../testing/harness.js";

afterEach(closeAll);

const names = (list: { tools: { name: string }[] }) => list.tools.map((t) => t.name);

describe("--tools patterns", () => {
  it("shows only the tools a pattern selects, by server:tool, server:* or a bare tool name", async () => {
    const { router } = setup(
      [
        spec("github", "shared", { tools: [tool("create_issue"), tool("delete_repo")] }),
        spec("clock", "shared", { tools: [tool("now"), tool("zone")] }),
        spec("notes", "shared", { tools: [tool("echo"), tool("write")] }),
      ],
      {},
      { tools: ["github:create_issue", "clock:*", "echo"] },
    );
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["create_issue", "now", "zone", "echo"]);
  });

  it("answers a call to a tool left out exactly like an unknown tool, and never reaches its server", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("kept"), tool("left_out")] })], {}, { tools: ["s:kept"] });
    const client = await connect(router);
    const leftOut = await failureOf(client.callTool({ name: "left_out", arguments: {} }));
    const unknown = await failureOf(client.callTool({ name: "no_such_tool", arguments: {} }));
    expect(leftOut).toMatchObject({ code: -32602, message: expect.stringContaining("unknown tool: left_out") });
    expect((leftOut as Error).message.replace("left_out", "X")).toBe((unknown as Error).message.replace("no_such_tool", "X"));
    expect(connector.started).toEqual([]);
  });

  it("filters what a running server lists, not only what the catalog says", async () => {
    const { router, connector } = setup([spec("s")], { s: { tools: [tool("a"), tool("b"), tool("c")] } }, { tools: ["s:b"] });
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["b"]);
    expect(connector.started).toHaveLength(1);
  });

  it("names tools among the selected ones only: a collision with a left-out tool prefixes nothing", async () => {
    const { router } = setup([spec("a", "shared", { tools: [tool("t")] }), spec("b", "shared", { tools: [tool("t")] })], {}, { tools: ["a:*"] });
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["t"]);
  });
});

describe("enabledTools (tools.yaml)", () => {
  it("shows and accepts only the server's enabled tools", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("on"), tool("off")], enabledTools: ["on"] }), spec("t", "shared", { tools: [tool("free")] })]);
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["on", "free"]);
    expect(await failureOf(client.callTool({ name: "off", arguments: {} }))).toMatchObject({ code: -32602 });
    await client.callTool({ name: "on", arguments: {} });
    expect(connector.started[0]!.requests("tools/call").map((r) => r.params.name)).toEqual(["on"]);
  });

  it("hides every tool of a server whose enabled list is empty", async () => {
    const { router } = setup([spec("s", "shared", { tools: [tool("a")], enabledTools: [] }), spec("t", "shared", { tools: [tool("b")] })]);
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["b"]);
  });

  it("applies together with --tools: a tool must pass both", async () => {
    const { router } = setup([spec("s", "shared", { tools: [tool("a"), tool("b"), tool("c")], enabledTools: ["a", "b"] })], {}, { tools: ["s:b", "s:c"] });
    const client = await connect(router);
    expect(names(await client.listTools())).toEqual(["b"]);
  });
});
