// Docker's poci entries through the real CLI and a stdio gateway on the real engine: tools that
// are containers, each call one container run with the call's arguments. The tool that gets the
// engine's socket is refused until the user allows it in the registry, and the gateway warns at
// every start once allowed. Images: the `node` test image, built locally.
import { readFile } from "node:fs/promises";
import { ensureTestImage } from "@mcpgw/test-images";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectStdio, failure, textOf } from "../support/clients.js";
import { containersOf } from "../support/docker.js";
import { writeHome } from "../support/servers.js";

let node: string;

beforeAll(async () => {
  node = await ensureTestImage("node");
}, 300_000);

/** Docker's `docker` tool, its shape as in Docker's catalog, with an image that asks the engine for its version. */
function dockerEntry(image: string) {
  const askEngine =
    "require('http').get({ socketPath: '/var/run/docker.sock', path: '/' + process.argv[1] }, (r) => { r.setEncoding('utf8'); let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => process.stdout.write(String(JSON.parse(b).ApiVersion !== undefined))); })";
  return {
    type: "poci",
    title: "Docker",
    description: "Use the Docker CLI.",
    image,
    disableNetwork: true,
    tools: [
      {
        name: "docker",
        description: "use the docker cli",
        parameters: { type: "object", properties: { args: { type: "array", items: { type: "string" }, description: "Arguments to pass to the Docker command" } } },
        container: { command: ["-e", askEngine, "{{args|into}}"], volumes: ["/var/run/docker.sock:/var/run/docker.sock"] },
      },
    ],
  };
}

function wordsEntry(image: string) {
  return {
    type: "poci",
    disableNetwork: true,
    tools: [
      {
        name: "count_words",
        description: "Counts the words it is given",
        arguments: [{ name: "words", type: "array", items: { type: "string" } }],
        container: { image, command: ["-e", "process.stdout.write(`${process.argv.length - 1} words`); process.exit(process.argv.length > 3 ? 2 : 0)", "{{words|into}}"] },
      },
    ],
  };
}

describe("poci entries", () => {
  it("runs a container per call through a stdio gateway, its output the result and a failure a tool error", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { words: wordsEntry(node) });
    await using cleanup = new Cleanup();
    const { client, transport } = await connectStdio(home, ["--watch=false"]);
    cleanup.add(client);
    const [tool] = (await client.listTools()).tools;
    expect(tool).toMatchObject({ name: "count_words", inputSchema: { properties: { words: { type: "array" } }, required: ["words"] } });
    const ok = await client.callTool({ name: "count_words", arguments: { words: ["one", "two"] } });
    expect([ok.isError, textOf(ok)]).toEqual([false, "2 words"]);
    const failed = await client.callTool({ name: "count_words", arguments: { words: ["a", "b", "c"] } });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toContain("[exit status 2]");
    expect(await containersOf(transport.pid!)).toEqual([]);
  }, 120_000);

  it("refuses the engine's socket until `server enable --allow-engine-socket`, kept in registry.yaml, then warns at every start", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { docker: dockerEntry(node) }, []);

    const enabled = await home.run(["server", "enable", "docker"]);
    expect(enabled.code).toBe(0);
    expect(enabled.stderr).toMatch(/tool "docker" mounts the container engine's socket.*\n.*mcpgw server enable docker --allow-engine-socket/);
    const dryRun = await home.run(["gateway", "run", "--dry-run", "--json"]);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({ servers: [], problems: [expect.objectContaining({ server: "docker", code: "REFUSED", suggestion: "mcpgw server enable docker --allow-engine-socket" })] });

    const allowed = await home.run(["server", "enable", "docker", "--allow-engine-socket"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/docker may now mount the container engine's socket/);
    expect(parse(await readFile(home.path("registry.yaml"), "utf8"))).toEqual({ registry: { docker: { ref: "", allowEngineSocket: true } } });

    await using cleanup = new Cleanup();
    const { client, stderr } = await connectStdio(home, ["--watch=false"]);
    cleanup.add(client);
    const result = await client.callTool({ name: "docker", arguments: { args: ["version"] } });
    expect([result.isError, textOf(result)]).toEqual([false, "true"]);
    expect(stderr()).toMatch(/docker: its tool containers may mount the container engine's socket/);
    expect(stderr()).toMatch(/tool "docker" gets the container engine's socket: it controls the engine/);

    // Disabling drops the opt-in with the entry: enabling again asks for it again.
    expect((await home.run(["server", "disable", "docker"])).code).toBe(0);
    expect((await home.run(["server", "enable", "docker"])).stderr).toMatch(/--allow-engine-socket/);
  }, 120_000);

  it("gives a call the engine refuses a JSON-RPC error, not a hang", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { words: wordsEntry("mcpgw-test/absent:never-built") });
    await using cleanup = new Cleanup();
    const { client } = await connectStdio(home, ["--watch=false", "--block-network"]);
    cleanup.add(client);
    const error = await failure(client.callTool({ name: "count_words", arguments: { words: ["x"] } }));
    expect(error.message).toMatch(/mcpgw-test\/absent:never-built/);
  }, 120_000);
});
