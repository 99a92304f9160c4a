// The check against server-side request forgery, with real servers on 127.0.0.1: a remote on a
// non-public address is refused unless private networks are allowed, and the guarded fetch
// itself carries real MCP traffic (Streamable HTTP and SSE) when its address policy admits it.
import { freePort, stablePort } from "@mcpgw/tooling/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { everythingSpec, killAllEverything, remoteSpec, startEverything } from "../testing/everything-server.js";
import { startFakeMcpServer } from "../testing/fake-mcp-server.js";
import { rawClient } from "../testing/raw-client.js";
import { closeRemotes, connectRemote, v1Client } from "../testing/remote-connections.js";
import { createGuardedFetch } from "./guarded-fetch.js";

afterEach(async () => {
  await closeRemotes();
  await killAllEverything();
});
afterAll(killAllEverything);

describe("remotes on non-public addresses", () => {
  it("refuses a remote on 127.0.0.1 without the opt-in, and serves it with it", async () => {
    await using server = await startFakeMcpServer();
    const spec = remoteSpec(server.url, "streamable-http", { name: "local" });

    const refused = await (await rawClient((await connectRemote(spec)).transport)).request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } });
    expect(refused.error?.message).toBe('remote server "local" resolves to a loopback address (127.0.0.1); remotes on non-public networks are refused');
    expect(refused.error?.data).toMatchObject({ code: "REFUSED" });
    expect(server.requests).toHaveLength(0);

    const client = await v1Client(await connectRemote(spec, { allowPrivateNetworks: true }));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["ping_tool"]);
    expect(server.requests.length).toBeGreaterThan(0);
  });

  it("checks the addresses a host name resolves to, and never shows the URL's credentials", async () => {
    await using server = await startFakeMcpServer();
    const spec = remoteSpec(`http://alice:pa55-w0rd@localhost:${server.port}/mcp?token=q-secret`, "streamable-http", { name: "named" });
    const refused = await (await rawClient((await connectRemote(spec)).transport)).request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } });
    expect(refused.error?.message).toMatch(/^remote server "named" resolves to a loopback address \((127\.0\.0\.1|::1)\)/);
    expect(JSON.stringify(refused)).not.toMatch(/pa55-w0rd|alice|q-secret/);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a legacy SSE remote on a private address with the same error", async () => {
    const port = await freePort();
    const connection = await connectRemote(remoteSpec(`http://127.0.0.1:${port}/sse`, "sse", { name: "legacy" }));
    const refused = await (await rawClient(connection.transport)).request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } });
    expect(refused.error?.message).toContain('remote server "legacy" resolves to a loopback address (127.0.0.1)');
  });
});

describe("the guarded fetch", () => {
  // No public server is reachable from a test machine: the fetch's address policy is widened to
  // loopback so that what it does besides checking (requests, streamed responses) runs for real.
  const loopbackOnly = (address: string) => address === "127.0.0.1" || address === "::1";

  it.each([["streamableHttp"], ["sse"]] as const)("carries a real MCP session over %s, progress streamed", async (mode) => {
    await using server = await startEverything(mode, await stablePort());
    const guarded = createGuardedFetch("everything", { admits: loopbackOnly });
    try {
      const client = await v1Client(await connectRemote(everythingSpec(server), { fetch: guarded.fetch }));
      expect(await client.callTool({ name: "echo", arguments: { message: "through the guard" } })).toEqual({ content: [{ type: "text", text: "Echo: through the guard" }] });
      const progress: number[] = [];
      await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
      expect(progress).toEqual([1, 2, 3]);
    } finally {
      guarded.close();
    }
  });

  it("refuses what its policy does not admit, even a literal address", async () => {
    const guarded = createGuardedFetch("meta", { admits: loopbackOnly });
    await expect(guarded.fetch("http://169.254.169.254/latest/meta-data/")).rejects.toMatchObject({
      code: "REFUSED",
      data: { server: "meta", address: "169.254.169.254", addressClass: "link-local" },
    });
    await expect(guarded.fetch("http://[::ffff:a9fe:a9fe]/")).rejects.toMatchObject({ code: "REFUSED", data: { addressClass: "link-local" } });
    guarded.close();
  });
});
