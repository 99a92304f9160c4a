// End to end against the reference server, @modelcontextprotocol/server-everything, in both of
// its HTTP modes, with a real v1 SDK client (what most deployed clients are) on top.
import { silentLogger } from "@mcpgw/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { everythingSpec, killAllEverything, startEverything } from "../testing/everything-server.js";
import type { EverythingMode } from "../testing/everything-server.js";
import { stablePort } from "@mcpgw/tooling/testing";
import { createRemoteConnector } from "./remote-connector.js";

// The reference server listens on 127.0.0.1: a private remote, reached only when allowed.
const connector = createRemoteConnector({ allowPrivateNetworks: true });

afterEach(async () => {
  await connector.closeAll();
});
afterAll(killAllEverything);

describe.each([
  ["streamableHttp", "/mcp"],
  ["sse", "/sse"],
] as const)("server-everything in %s mode", (mode: EverythingMode, path) => {
  it(`initializes, lists tools and calls echo through the connector (${path})`, async () => {
    await using server = await startEverything(mode, await stablePort());
    expect(server.url.endsWith(path)).toBe(true);
    const connection = await connector.connect(everythingSpec(server), { logger: silentLogger });
    expect(connection.id).toBe(server.url);
    const client = new Client({ name: "transports-test", version: "0.0.0" });
    await client.connect(connection.transport as unknown as Transport);
    expect(client.getServerVersion()?.name).toBe("mcp-servers/everything");

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["echo", "get-sum", "trigger-long-running-operation"]));
    expect(await client.callTool({ name: "echo", arguments: { message: "hello through mcpgw" } })).toEqual({
      content: [{ type: "text", text: "Echo: hello through mcpgw" }],
    });
    const progress: number[] = [];
    const long = await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(JSON.stringify(long)).toContain("Long running operation completed");
    // The v1 client handles notifications a microtask after responses, so when the last progress
    // and the result arrive in one chunk (legacy SSE) the result can win: the transport itself
    // delivers all three in order.
    expect(progress.slice(0, 2)).toEqual([1, 2]);

    await connection.close();
    expect(await connection.closed).toEqual({ code: null, signal: null, requested: true, stderr: [] });
    if (mode === "streamableHttp") {
      // The session was ended with a DELETE, which this server logs.
      await expect.poll(() => server.output()).toContain("Received session termination request");
    }
  });
});
