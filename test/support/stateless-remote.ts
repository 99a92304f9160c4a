// A remote MCP server of a test: a v1 SDK server over stateless Streamable HTTP on 127.0.0.1,
// made anew for each request as the SDK's stateless examples do.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

/** A listening remote: its MCP URL, and `close` (which ends open connections too). */
export interface StatelessRemote {
  url: string;
  close(): Promise<void>;
}

/** Serves the server `makeServer` makes for each request at `http://127.0.0.1:<port>/mcp`. */
export async function startStatelessRemote(makeServer: () => McpServer | Server): Promise<StatelessRemote> {
  const server = createServer(async (request, response) => {
    const mcp = makeServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
