// Remote servers on non-public addresses, through a real `mcpgw gateway run`: a remote on
// 127.0.0.1 (a v1 SDK server in this process) is refused by default, with an error naming the
// server and the address class, and served with --allow-private-remotes.
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { startGateway } from "../support/gateway.js";
import { writeHome } from "../support/servers.js";

describe("remote servers on private addresses", () => {
  let home: TempHome;
  let upstream: Server;
  let requests = 0;

  beforeAll(async () => {
    upstream = createServer(async (request, response) => {
      requests++;
      const mcp = new McpServer({ name: "local-remote", version: "1.0.0" });
      mcp.registerTool("ping", { description: "answers pong" }, () => ({ content: [{ type: "text", text: "pong" }] }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      response.on("close", () => void transport.close());
      await mcp.connect(transport);
      await transport.handleRequest(request, response);
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const url = `http://user:pa55word@127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;
    home = await TempHome.create();
    await writeHome(home, {
      local: { type: "remote", title: "Local remote", remote: { url, transport_type: "streamable-http" }, tools: [{ name: "ping", description: "answers pong" }] },
    });
  });

  afterAll(async () => {
    upstream?.closeAllConnections();
    upstream?.close();
    await home?.[Symbol.asyncDispose]();
  });

  it("refuses a remote on 127.0.0.1 by default, naming the server and the address class", async () => {
    await using gateway = await startGateway(home, { args: ["--tool-prefix", "always"] });
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    const refused = await client.callTool({ name: "local__ping", arguments: {} }).then(
      (result) => JSON.stringify(result),
      (error: Error) => error.message,
    );
    expect(refused).toContain('remote server "local" resolves to a loopback address (127.0.0.1)');
    expect(requests).toBe(0);
    await gateway.stop();
    expect(gateway.stdout + gateway.stderr + refused).not.toContain("pa55word");
  }, 60_000);

  it("serves it with --allow-private-remotes", async () => {
    await using gateway = await startGateway(home, { args: ["--tool-prefix", "always", "--allow-private-remotes"] });
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    expect(textOf(await client.callTool({ name: "local__ping", arguments: {} }))).toBe("pong");
    expect(requests).toBeGreaterThan(0);
  }, 60_000);
});
