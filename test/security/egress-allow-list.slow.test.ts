// `--block-network` with an egress allow-list, end to end: a real gateway runs the fetch fixture
// in a container whose catalog entry allows one HTTP server on this host (127.0.0.1:<port>,
// named literally, which is what lets the proxy reach a loopback address). Through the proxy
// the container reaches that server (plain HTTP and a CONNECT tunnel), and nothing else; without
// the proxy it reaches nothing.
import { once } from "node:events";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import Dockerode from "dockerode";
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { containersOf } from "../support/docker.js";
import { startGateway } from "../support/gateway.js";
import { writeHome } from "../support/servers.js";
import { fetchServer } from "./fixtures/fetch-server.js";

async function listen(name: string): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.end(`hello from ${name} at ${req.url}`);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port, hits };
}

describe("--block-network with allowHosts", () => {
  let home: TempHome;
  let allowed: Awaited<ReturnType<typeof listen>>;
  let other: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    home = await TempHome.create();
    [allowed, other] = await Promise.all([listen("allowed"), listen("other")]);
    const image = await ensureTestImage("node");
    await writeHome(home, { fetcher: fetchServer(image, { allowHosts: [`127.0.0.1:${allowed.port}`] }), sealed: fetchServer(image) });
  }, 180_000);

  afterAll(async () => {
    allowed?.server.close();
    other?.server.close();
    await home?.[Symbol.asyncDispose]();
  });

  it("lets the container reach exactly its allowed hosts, through the gateway's proxy only", async () => {
    await using gateway = await startGateway(home, { args: ["--block-network", "--tool-prefix", "always"] });
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    const call = async (tool: string, args: Record<string, unknown>) => textOf(await client.callTool({ name: `fetcher__${tool}`, arguments: args }));

    // Allowed: through the proxy by an absolute-URI request, and through a CONNECT tunnel.
    expect(await call("fetch_via_proxy", { url: `http://127.0.0.1:${allowed.port}/hello` })).toBe("status 200: hello from allowed at /hello");
    expect(await call("tunnel_get", { authority: `127.0.0.1:${allowed.port}`, path: "/tunnelled" })).toBe("status 200: hello from allowed at /tunnelled");

    // Not allowed: another port of the same host, another host, the cloud metadata address.
    expect(await call("fetch_via_proxy", { url: `http://127.0.0.1:${other.port}/private-path?token=q-secret` })).toBe(
      `status 403: mcpgw egress proxy: refused: 127.0.0.1:${other.port} is not in allowHosts`,
    );
    expect(await call("tunnel_get", { authority: `127.0.0.1:${other.port}` })).toMatch(/^status 403: /);
    expect(await call("fetch_via_proxy", { url: "http://169.254.169.254/latest/meta-data/" })).toBe("status 403: mcpgw egress proxy: refused: 169.254.169.254:80 is not in allowHosts");
    expect(await call("tunnel_get", { authority: "example.com:443" })).toBe("status 403: mcpgw egress proxy: refused: example.com:443 is not in allowHosts");
    expect(other.hits).toEqual([]);

    // Bypassing the proxy: the container's 127.0.0.1 is its own, and the host's address on the
    // internal network serves nothing but the proxy (the test servers listen on loopback only).
    const [id] = await containersOf(gateway.pid);
    const info = await new Dockerode().getContainer(id!).inspect();
    const proxyUrl = info.Config.Env.find((e) => e.startsWith("HTTP_PROXY="))!.slice("HTTP_PROXY=".length);
    const hostAddress = new URL(proxyUrl).hostname;
    expect(await call("fetch_direct", { url: `http://127.0.0.1:${allowed.port}/direct` })).toBe("error ECONNREFUSED");
    expect(await call("fetch_direct", { url: `http://${hostAddress}:${allowed.port}/direct` })).toBe("error ECONNREFUSED");
    expect(allowed.hits).toEqual(["/hello", "/tunnelled"]);

    // The container: on the gateway's internal network, with the proxy in both cases of each variable.
    const networkName = info.HostConfig.NetworkMode!;
    expect(networkName).toMatch(/^mcpgw-egress-/);
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([networkName]);
    expect(info.Config.Env).toEqual(expect.arrayContaining([`HTTP_PROXY=${proxyUrl}`, `HTTPS_PROXY=${proxyUrl}`, `http_proxy=${proxyUrl}`, `https_proxy=${proxyUrl}`, "NO_PROXY=localhost,127.0.0.1,::1"]));
    expect(info.HostConfig).toMatchObject({ CapDrop: ["ALL"], ReadonlyRootfs: true });
    const network = await new Dockerode().getNetwork(networkName).inspect();
    expect(network).toMatchObject({ Internal: true, Labels: { "mcpgw.managed": "true", "mcpgw.owner.pid": String(gateway.pid) } });

    // A server without allowHosts still has no network at all.
    const sealed = textOf(await client.callTool({ name: "sealed__fetch_via_proxy", arguments: { url: `http://127.0.0.1:${allowed.port}/` } }));
    expect(sealed).toBe("error NO_PROXY_VARIABLE");

    const exit = await gateway.stop();
    expect(exit.leftoverContainers).toEqual([]);
    // Each refusal is logged with the server and the host, never the path or its query.
    expect(gateway.stderr).toMatch(new RegExp(`egress refused.*server=fetcher.*host=127\\.0\\.0\\.1.*port=${other.port}`));
    expect(gateway.stderr).toMatch(/egress refused.*server=fetcher.*host=example\.com/);
    expect(gateway.stderr).not.toMatch(/private-path|q-secret/);
    // The network went with the gateway.
    await expect(new Dockerode().getNetwork(networkName).inspect()).rejects.toMatchObject({ statusCode: 404 });
  }, 120_000);
});
