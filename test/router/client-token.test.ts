// A client's bearer token ends at the gateway. A real remote upstream (a v1 SDK server over
// Streamable HTTP on 127.0.0.1) records the headers of every request it gets while clients
// call it through the gateway's HTTP app with an OAuth access token, a static token and the
// gateway token: it must see only the header its catalog entry configures.
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { RemoteServerSpec } from "@mcpgw/core";
import { createRouter } from "@mcpgw/router";
import { createRemoteConnector } from "@mcpgw/transports";
import { createHttpApp, listen } from "@mcpgw/transports/http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { startOAuthIssuer } from "../support/oauth-issuer.js";
import { ROUTER_TIMEOUTS } from "../support/router.js";

const UPSTREAM_KEY = "upstream-api-key";
const OWNER = "owner-token-e2e";
const STATIC = { name: "ci", value: "ci-token-e2e", scopes: ["tools:call"] };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A stateless remote MCP server with one tool, `ping`, that records each request's headers. */
async function startRecordingUpstream(): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer(async (request, response) => {
    seen.push(request.headers);
    const mcp = new McpServer({ name: "recording-upstream", version: "1.0.0" });
    mcp.registerTool("ping", { description: "answers pong" }, () => ({ content: [{ type: "text", text: "pong" }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, seen };
}

describe("client tokens are never forwarded upstream", () => {
  it("the remote upstream sees its own configured header, never a client's token", async () => {
    const upstream = await startRecordingUpstream();
    const issuer = await startOAuthIssuer();
    cleanup.push(() => issuer.close());
    const spec: RemoteServerSpec = {
      kind: "remote",
      name: "recorder",
      url: upstream.url,
      transport: "streamable-http",
      headers: { Authorization: `Bearer ${UPSTREAM_KEY}` },
      env: {},
      secretEnv: {},
      sharing: "session",
      longLived: false,
      source: { file: "test" },
    };
    // Loopback remotes are private addresses: allowed here on purpose, the upstream is ours.
    const connector = createRemoteConnector({ allowPrivateNetworks: true });
    const router = createRouter({ specs: [spec], connectors: [connector], ...ROUTER_TIMEOUTS });
    cleanup.push(async () => {
      await router.close();
      await connector.closeAll();
    });
    // The canonical URL is fixed before the port is known: the token's audience names it.
    const resource = "http://127.0.0.1/mcp";
    const http = createHttpApp(router, { authToken: OWNER, tokens: [STATIC], oauth: { issuer: issuer.issuer, resource } });
    const server = await listen(http, { port: 0 });
    cleanup.push(() => server.close());

    const accessToken = issuer.token({ sub: "alice", aud: resource, scope: "tools:call" });
    await using clients = new Cleanup();
    for (const token of [accessToken, STATIC.value, OWNER]) {
      const { client } = await connectV1({ url: server.url, headers: { Authorization: `Bearer ${token}` } });
      clients.add(client);
      expect(textOf(await client.callTool({ name: "ping", arguments: {} }))).toBe("pong");
    }

    expect(upstream.seen.length).toBeGreaterThan(0);
    const everything = JSON.stringify(upstream.seen);
    for (const token of [accessToken, STATIC.value, OWNER]) expect(everything).not.toContain(token);
    expect(new Set(upstream.seen.map((headers) => headers.authorization))).toEqual(new Set([`Bearer ${UPSTREAM_KEY}`]));
  });
});
