// Profiles served by one HTTP gateway (`gateway run --transport streaming --watch`): clients on
// `/mcp/dev` and `/mcp/ci` see their profile's tools, `/mcp` the registry's; a server in both
// profiles runs once; an edit of one profile with the real CLI reaches that profile's sessions
// only. And `gateway run --profile` serves one profile alone, over stdio.
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectStdio, connectV1, connectV2Modern, listToolNames, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { ensureTestImage } from "@mcpgw/test-images";
import { CLOCK_TOOLS, clockProcess, everythingContainer, everythingProcess, writeHome } from "../support/servers.js";
import { removeContainersOf } from "../support/docker.js";
import { eventually, within } from "../support/wait.js";

const sorted = (names: string[]) => [...names].sort();

/** The gateway's endpoint at `path`, e.g. a profile's. */
const endpoint = (gateway: GatewayProcess, path: string) => ({ url: gateway.url, headers: gateway.headers, path });

describe("profiles on one HTTP gateway", () => {
  let home: TempHome;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    // The registry enables everything; the profiles bring the clock in.
    await writeHome(home, { everything: everythingProcess(), clock: clockProcess() }, ["everything"]);
    await mkdir(home.path("profiles"), { recursive: true });
    await writeFile(home.path("profiles", "dev.yaml"), stringify({ servers: { clock: {}, everything: { tools: ["echo"] } } }));
    await writeFile(home.path("profiles", "ci.yaml"), `# CI sees the time, nothing else\n${stringify({ servers: { clock: { tools: ["now"] } } })}`);
    gateway = await startGateway(home, { args: ["--watch"] });
  }, 120_000);

  const at = (path: string) => endpoint(gateway, path);

  afterAll(async () => {
    await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  it("serves each endpoint its own tools, and runs a server two profiles share once", async () => {
    await using cleanup = new Cleanup();
    const dev = cleanup.add((await connectV1(at("/mcp/dev"))).client);
    const ci = cleanup.add((await connectV1(at("/mcp/ci"))).client);
    const plain = cleanup.add((await connectV1(gateway)).client);
    const modernCi = cleanup.add(await connectV2Modern(at("/mcp/ci")));
    expect(sorted(await listToolNames(dev))).toEqual(sorted([...CLOCK_TOOLS, "echo"]));
    expect(await listToolNames(ci)).toEqual(["now"]);
    expect(await listToolNames(modernCi)).toEqual(["now"]);
    const all = await listToolNames(plain);
    expect(all).toContain("echo");
    expect(all).not.toContain("now");

    for (const client of [dev, ci]) expect((await client.callTool({ name: "now", arguments: { timezone: "UTC" } })).isError).toBeFalsy();
    expect(gateway.stderr.match(/starting server process server=clock/g)).toHaveLength(1);
    await expect(ci.callTool({ name: "convert_time", arguments: {} })).rejects.toThrow(/unknown tool: convert_time/);
    expect(gateway.stdout).toMatch(/Profiles: http:\/\/\S+\/mcp\/ci, http:\/\/\S+\/mcp\/dev\n/);
    const refused = await fetch(`${gateway.url}/mcp/nope`, { method: "POST", headers: { ...gateway.headers, "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
    expect(refused.status).toBe(404);
  }, 120_000);

  it("applies `mcpgw profile tools ci --enable` to the ci sessions only, of both eras, keeping the file's comment", async () => {
    await using cleanup = new Cleanup();
    const dev = await connectV1(at("/mcp/dev"));
    const ci = await connectV1(at("/mcp/ci"));
    cleanup.add(dev.client);
    cleanup.add(ci.client);
    await within(Promise.all([dev.standaloneStream, ci.standaloneStream]), "both GET streams to open");
    // 2026-07-28 clients hear it on their subscriptions/listen streams.
    const [devModern, ciModern] = [cleanup.add(await connectV2Modern(at("/mcp/dev"))), cleanup.add(await connectV2Modern(at("/mcp/ci")))];
    for (const client of [devModern, ciModern]) cleanup.add(await client.listen({ toolsListChanged: true }));
    const heard = { dev: 0, ci: 0, devModern: 0, ciModern: 0 };
    dev.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void heard.dev++);
    ci.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void heard.ci++);
    devModern.setNotificationHandler("notifications/tools/list_changed", () => void heard.devModern++);
    ciModern.setNotificationHandler("notifications/tools/list_changed", () => void heard.ciModern++);

    const edited = await home.run(["profile", "tools", "ci", "--enable", "clock:convert_time"]);
    expect(edited.code, edited.stderr).toBe(0);
    await eventually(() => heard.ci > 0 && heard.ciModern > 0, "tools/list_changed on both ci clients");
    expect(sorted(await listToolNames(ci.client))).toEqual(["convert_time", "now"]);
    expect(sorted(await listToolNames(ciModern))).toEqual(["convert_time", "now"]);
    expect(sorted(await listToolNames(dev.client))).toEqual(sorted([...CLOCK_TOOLS, "echo"]));
    expect(await readFile(home.path("profiles", "ci.yaml"), "utf8")).toContain("# CI sees the time, nothing else");

    // Then an edit of dev: each dev stream delivers in order, so had the ci edit reached it, it
    // would have come first and made two.
    const devEdit = await home.run(["profile", "tools", "dev", "--disable", "everything:echo"]);
    expect(devEdit.code, devEdit.stderr).toBe(0);
    await eventually(() => heard.dev > 0 && heard.devModern > 0, "tools/list_changed on both dev clients");
    expect(sorted(await listToolNames(dev.client))).toEqual(sorted(CLOCK_TOOLS));
    expect({ dev: heard.dev, devModern: heard.devModern }).toEqual({ dev: 1, devModern: 1 });
  }, 120_000);
});

describe("gateway run --profile", () => {
  it("serves that profile alone over stdio, in place of the registry", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess(), clock: clockProcess() }, ["everything"]);
    await mkdir(home.path("profiles"), { recursive: true });
    await writeFile(home.path("profiles", "ci.yaml"), stringify({ servers: { clock: { tools: ["now"] } } }));
    await using cleanup = new Cleanup();
    const { client } = await connectStdio(home, ["--profile", "ci"]);
    cleanup.add(client);
    expect(await listToolNames(client)).toEqual(["now"]);
  }, 120_000);

  it("names the closest profiles when the one asked for does not exist", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { clock: clockProcess() });
    await mkdir(home.path("profiles"), { recursive: true });
    await writeFile(home.path("profiles", "ci.yaml"), stringify({ servers: { clock: {} } }));
    const run = await home.run(["gateway", "run", "--profile", "cj", "--dry-run"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no profile "cj"/);
    expect(run.stderr).toMatch(/ci/);
  }, 60_000);

  it("serves a profile imported from Docker's export: its image entry becomes the catalog server with that image", async () => {
    await using home = await TempHome.create();
    const image = await ensureTestImage("everything");
    await writeHome(home, { everything: everythingContainer(image), clock: clockProcess() }, []);
    const exported = {
      version: 1,
      id: "from-docker",
      name: "From Docker",
      servers: [{ type: "image", image: image.replace(/:[^:/]+$/, ":other-tag"), tools: ["echo"] }, { type: "image", image: "mcp/not-in-any-catalog:1" }],
      secrets: { default: { provider: "docker-desktop-store" } },
    };
    await writeFile(home.path("docker-profile.yaml"), stringify(exported));
    const imported = await home.run(["profile", "import", home.path("docker-profile.yaml")]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("from-docker");
    expect(imported.stdout).toMatch(/not imported: .*mcp\/not-in-any-catalog/);

    await using cleanup = new Cleanup();
    const { client, transport } = await connectStdio(home, ["--profile", "from-docker"]);
    cleanup.add(client);
    cleanup.defer(() => removeContainersOf(transport.pid!));
    expect(await listToolNames(client)).toEqual(["echo"]);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "imported" } }))).toContain("imported");
  }, 180_000);
});
