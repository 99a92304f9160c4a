// Scenario 1: one home, three servers (server-everything as a container and as a process, the
// example clock), every kind of client: stdio, Streamable HTTP with the v1 and the v2 SDK
// (2025-11-25 session and 2026-07-28 stateless), legacy SSE, and MCP Inspector's CLI.
import { dirname } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectStdio, connectV1, connectV1Sse, connectV2Modern, listToolNames, textOf } from "../support/clients.js";
import { containersOf, removeContainersOf } from "../support/docker.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { runProcess } from "../support/process.js";
import { CLOCK_TOOLS, clockProcess, everythingContainer, everythingProcess, writeHome } from "../support/servers.js";
import { eventually, within } from "../support/wait.js";

const INSPECTOR_CLI = createRequire(import.meta.url).resolve("@modelcontextprotocol/inspector-cli/build/cli.js");

interface AnyClient {
  listTools(params?: { cursor?: string }): Promise<{ tools: { name: string }[]; nextCursor?: string }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
}

/** Lists every server's tools through `client` and calls each server once; `label` tells the answers apart. */
async function exerciseCatalog(client: AnyClient, label: string): Promise<void> {
  const names = await listToolNames(client);
  const docker = names.filter((n) => n.startsWith("everything-docker__")).map((n) => n.slice("everything-docker__".length));
  const local = names.filter((n) => n.startsWith("everything-local__")).map((n) => n.slice("everything-local__".length));
  // Both everythings list the same tools, so `auto` prefixes every one of them; clock's do not collide.
  expect(docker).toEqual(expect.arrayContaining(["echo", "get-sum", "trigger-long-running-operation"]));
  expect(local.sort()).toEqual([...docker].sort());
  expect(names.filter((n) => !n.startsWith("everything-")).sort()).toEqual([...CLOCK_TOOLS].sort());
  expect(names).toHaveLength(docker.length * 2 + CLOCK_TOOLS.length);

  const [fromDocker, fromLocal, now] = await Promise.all([
    client.callTool({ name: "everything-docker__echo", arguments: { message: `${label} to the container` } }),
    client.callTool({ name: "everything-local__echo", arguments: { message: `${label} to the process` } }),
    client.callTool({ name: "now", arguments: { timezone: "Asia/Tokyo" } }),
  ]);
  expect(textOf(fromDocker)).toBe(`Echo: ${label} to the container`);
  expect(textOf(fromLocal)).toBe(`Echo: ${label} to the process`);
  expect(JSON.parse(textOf(now))).toMatchObject({ timezone: "Asia/Tokyo", utc_offset: "+09:00" });
}

describe("a gateway in front of a container, a process and the clock", () => {
  let home: TempHome;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    const image = await ensureTestImage("everything");
    await writeHome(home, {
      "everything-docker": everythingContainer(image),
      "everything-local": everythingProcess(),
      clock: clockProcess(),
    });
    gateway = await startGateway(home, { args: ["--tool-prefix", "auto"] });
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  it("serves a stdio client that spawns `gateway run`, and removes its container when the client goes", async () => {
    await using cleanup = new Cleanup();
    const { client, transport, stderr } = await connectStdio(home, ["--tool-prefix", "auto"]);
    cleanup.add(client);
    const pid = transport.pid!;
    // Whatever happens below, no container of it outlives the test.
    cleanup.defer(() => removeContainersOf(pid));
    await exerciseCatalog(client, "stdio");
    // The everything container runs, owned by this stdio gateway.
    expect(await containersOf(pid)).toHaveLength(1);
    await client.close();
    await eventually(async () => (await containersOf(pid)).length === 0, "the stdio gateway's container to be removed", 30_000, 200);
    // Only protocol on stdout (the client would have failed otherwise); logs and the call log on stderr.
    expect(stderr()).toMatch(/call .*server=everything-docker tool=echo .*outcome=ok/);
  }, 120_000);

  it("serves a v1 client over Streamable HTTP (2025-11-25 session) with the bearer token", async () => {
    await using cleanup = new Cleanup();
    const { client, transport } = await connectV1(gateway);
    cleanup.add(client);
    expect(transport.sessionId).toBeTruthy();
    await exerciseCatalog(client, "v1 http");
  }, 90_000);

  it("serves a v2 client over Streamable HTTP in the 2026-07-28 era", async () => {
    await using cleanup = new Cleanup();
    const client = cleanup.add(await connectV2Modern(gateway));
    expect(client.getProtocolEra()).toBe("modern");
    expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    await exerciseCatalog(client as unknown as AnyClient, "v2 modern");
  }, 90_000);

  it("serves a v1 client over legacy SSE", async () => {
    await using cleanup = new Cleanup();
    const client = cleanup.add(await connectV1Sse(gateway));
    await exerciseCatalog(client, "v1 sse");
  }, 90_000);

  it("serves MCP Inspector's CLI (1.0.3): tools/list and tools/call with the bearer header", async () => {
    // 1.0.3 reads ../package.json relative to its working directory: run it from test/gateway.
    const cwd = dirname(fileURLToPath(import.meta.url));
    const inspect = (...args: string[]) =>
      runProcess(process.execPath, [INSPECTOR_CLI, "--cli", gateway.mcpUrl, "--transport", "http", "--header", `Authorization: Bearer ${gateway.token}`, ...args], { cwd, timeoutMs: 60_000 });
    const list = await inspect("--method", "tools/list");
    expect(list.code, list.stderr).toBe(0);
    const names = (JSON.parse(list.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["everything-docker__echo", "everything-local__echo", ...CLOCK_TOOLS]));

    const calls = await Promise.all([
      inspect("--method", "tools/call", "--tool-name", "everything-docker__echo", "--tool-arg", "message=inspector"),
      inspect("--method", "tools/call", "--tool-name", "everything-local__echo", "--tool-arg", "message=inspector"),
      inspect("--method", "tools/call", "--tool-name", "now", "--tool-arg", "timezone=UTC"),
    ]);
    for (const call of calls) expect(call.code, call.stderr).toBe(0);
    expect(textOf(JSON.parse(calls[0]!.stdout))).toBe("Echo: inspector");
    expect(textOf(JSON.parse(calls[1]!.stdout))).toBe("Echo: inspector");
    expect(JSON.parse(textOf(JSON.parse(calls[2]!.stdout)))).toMatchObject({ timezone: "UTC" });

    // Without the header the gateway refuses it.
    const refused = await runProcess(process.execPath, [INSPECTOR_CLI, "--cli", gateway.mcpUrl, "--transport", "http", "--method", "tools/list"], { cwd, timeoutMs: 60_000 });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/401|Unauthorized/);
  }, 120_000);

  it("stops on SIGTERM, removing the containers it started", async () => {
    // Make sure the container runs (when this test runs alone), then stop the gateway.
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    expect(textOf(await client.callTool({ name: "everything-docker__echo", arguments: { message: "last" } }))).toBe("Echo: last");
    expect(await containersOf(gateway.pid)).toHaveLength(1);
    const exit = await within(gateway.stop(), "the gateway to stop", 60_000);
    expect(exit).toMatchObject({ code: 0, killed: false, leftoverContainers: [] });
    expect(gateway.stderr).toMatch(/server stopped server=everything-docker/);
  }, 90_000);
});
