// `gateway run --server IMAGE`: an image that no catalog names runs as a server of its own.
// Its tools are listed by starting it once (then from the list cache), a client calls them, and
// an image that cannot be had stops the gateway with an error that names it.
import { readFile } from "node:fs/promises";
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectStdio, connectV1, listToolNames, textOf } from "../support/clients.js";
import { containersOf, removeContainersOf } from "../support/docker.js";
import { runProcess } from "../support/process.js";
import { SERVER_BIN, startServerProgram } from "../support/server-program.js";
import { eventually } from "../support/wait.js";


/** The list cache of a home, as the gateway writes it. */
async function cachedLists(home: TempHome): Promise<Record<string, { tools?: { name: string }[] }>> {
  return JSON.parse(await readFile(home.path("cache", "lists.json"), "utf8").catch(() => "{}")) as Record<string, { tools?: { name: string }[] }>;
}

describe("gateway run --server IMAGE, with no catalog entry for it", () => {
  let home: TempHome;
  let image: string;

  beforeAll(async () => {
    image = await ensureTestImage("everything");
    home = await TempHome.create();
  }, 180_000);

  afterAll(async () => {
    await home?.[Symbol.asyncDispose]();
  });

  /** A stdio client of `gateway run --server <image>`; no container of it outlives the test. */
  async function serve(cleanup: Cleanup) {
    // The engine here has no bridge network: the image runs without one, as --block-network says.
    const connection = await connectStdio(home, ["--server", image, "--block-network"]);
    const pid = connection.transport.pid!;
    cleanup.defer(() => removeContainersOf(pid));
    cleanup.add(connection.client);
    return { ...connection, pid };
  }

  it("starts the image once to list its tools, serves a call on it, and leaves no container", async () => {
    await using cleanup = new Cleanup();
    const { client, pid, stderr } = await serve(cleanup);
    // Started before the gateway answered initialize: nothing knew the image's tools.
    expect(await containersOf(pid)).toHaveLength(1);
    const names = await listToolNames(client);
    expect(names).toEqual(expect.arrayContaining(["echo", "get-sum"]));
    const result = await client.callTool({ name: "echo", arguments: { message: "from the command line" } });
    expect(textOf(result)).toBe("Echo: from the command line");
    // The container started to list the tools served the call: one, named after the image.
    expect(await containersOf(pid)).toHaveLength(1);
    expect(stderr()).toMatch(/call .*server=everything tool=echo .*outcome=ok/);

    await client.close();
    await eventually(async () => (await containersOf(pid)).length === 0, "the gateway's container to be removed", 30_000, 200);
    await eventually(async () => (await cachedLists(home))[`docker:${image} `] !== undefined, "the image's lists in the cache", 30_000, 200);
    expect((await cachedLists(home))[`docker:${image} `]?.tools?.map((t) => t.name)).toEqual(expect.arrayContaining(["echo", "get-sum"]));
  }, 120_000);

  it("lists from the cache at the next start, starting the image only for a call", async () => {
    await using cleanup = new Cleanup();
    const { client, pid } = await serve(cleanup);
    expect(await listToolNames(client)).toEqual(expect.arrayContaining(["echo", "get-sum"]));
    expect(await containersOf(pid)).toEqual([]);
    const result = await client.callTool({ name: "get-sum", arguments: { a: 2, b: 3 } });
    expect(textOf(result)).toContain("5");
    expect(await containersOf(pid)).toHaveLength(1);
    await client.close();
    await eventually(async () => (await containersOf(pid)).length === 0, "the gateway's container to be removed", 30_000, 200);
  }, 120_000);

  it("--dry-run reports the image as a docker server without starting it", async () => {
    const dry = await home.run(["gateway", "run", "--dry-run", "--server", image, "--server", "clock"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^everything\s+docker\s+shared$/m);
    expect(dry.stdout).toMatch(/^clock\s+process\s+shared$/m);
    expect(dry.stdout).toContain(`everything: the image ${image}, given as a server`);
    const json = await home.run(["gateway", "run", "--dry-run", "--json", "--server", image]);
    expect(JSON.parse(json.stdout)).toEqual({ servers: [{ name: "everything", kind: "docker", sharing: "shared", image, commandLine: true }], problems: [], warnings: [] });
  }, 60_000);

  it("exits with the image's error code, naming the image, when it cannot be had", async () => {
    const missing = "mcpgw-test/no-such-image:missing";
    const run = await home.run(["gateway", "run", "--server", missing], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(10);
    expect(run.stderr).toContain(`image ${missing} is not present and could not be pulled`);
    expect(run.stdout).toBe("");
  }, 90_000);

  describe("in the server program, through MCPGW_SERVERS", () => {
    const env = (servers: string) => ({ MCPGW_HOME: home.root, MCPGW_PORT: "0", MCPGW_SERVERS: servers, MCPGW_BLOCK_NETWORK: "true", MCPGW_AUTH_TOKEN: "server-image-test-token" });

    it("serves the image over HTTP to a client, and leaves no container", async () => {
      await using cleanup = new Cleanup();
      const { url, child, exited } = await startServerProgram(env(image), cleanup);
      const { client } = await connectV1({ url, headers: { Authorization: "Bearer server-image-test-token" } });
      cleanup.add(client);
      expect(await listToolNames(client)).toEqual(expect.arrayContaining(["echo", "get-sum"]));
      expect(textOf(await client.callTool({ name: "echo", arguments: { message: "over HTTP" } }))).toBe("Echo: over HTTP");
      await client.close();
      child.kill("SIGTERM");
      await exited;
      expect(await containersOf(child.pid!)).toEqual([]);
    }, 120_000);

    it("exits with the image's error code, naming the image, when it cannot be had", async () => {
      const missing = "mcpgw-test/no-such-image:missing";
      const run = await runProcess(process.execPath, [SERVER_BIN], { env: env(missing), timeoutMs: 60_000 });
      expect(run.code, run.stderr).toBe(10);
      expect(run.stderr).toContain(`image ${missing} is not present and could not be pulled`);
    }, 90_000);
  });
});
