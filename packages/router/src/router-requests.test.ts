// The router tells of every request a session makes, by method: what metrics count.
import { afterEach, describe, expect, it } from "vitest";
import { closeAll, connect, failureOf, setup, spec, tool } from "./testing/harness.js";

afterEach(closeAll);

describe("onRequest", () => {
  it("names the method of each request a session makes, unknown tools' calls included", async () => {
    const methods: string[] = [];
    const { router } = setup([spec("s", "shared", { tools: [tool("echo")] })], {}, { onRequest: (method) => methods.push(method) });
    const client = await connect(router);
    await client.listTools();
    await client.callTool({ name: "echo", arguments: {} });
    await failureOf(client.callTool({ name: "nope", arguments: {} }));
    expect(methods).toEqual(["tools/list", "tools/call", "tools/call"]);
  });
});
