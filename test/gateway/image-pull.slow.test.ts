// Server images pulled from a real registry (Debian's docker-registry, started here) by the real
// CLI's stdio gateway, as Claude Desktop and the like spawn it: not a terminal, so each pull is a
// line when it starts and a one-line summary when it ends, on stderr (stdout is MCP). The images
// are the `everything` test image plus a layer of random bytes, pushed under references of their
// own and removed from the engine, so that the engine has to pull them; they are removed again
// afterwards (never the test image itself).
import type { PushedImage, TestRegistry } from "@mcpgw/test-images";
import { ensureTestImage, pushFreshImage, startRegistry } from "@mcpgw/test-images";
import Dockerode from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectStdio, failure, textOf } from "../support/clients.js";
import { containersOf, removeContainersOf } from "../support/docker.js";
import { everythingContainer, writeHome } from "../support/servers.js";
import { eventually } from "../support/wait.js";

const docker = new Dockerode();
let registry: TestRegistry;
let everything: string;
const made: string[] = [];

/** The echo tool as the catalog describes it, so that listing tools starts nothing. */
const ECHO = { name: "echo", description: "Echoes back the input", arguments: [{ name: "message", type: "string", desc: "Message to echo" }] };

beforeAll(async () => {
  [registry, everything] = await Promise.all([startRegistry(), ensureTestImage("everything")]);
}, 300_000);

afterAll(async () => {
  for (const reference of made) await docker.getImage(reference).remove().catch(() => undefined);
  await registry?.stop();
}, 60_000);

/** A reference in the registry that the engine does not have. */
async function freshImage(tag: string): Promise<PushedImage> {
  const pushed = await pushFreshImage(docker, everything, `${registry.host}/mcp/everything:${tag}`);
  made.push(pushed.reference);
  return pushed;
}

/** A stdio gateway of a home whose catalog has `image` as server "everything" (and an image the registry lacks as "nope"). */
async function serve(cleanup: Cleanup, image: string, args: readonly string[] = []) {
  const home = await TempHome.create();
  cleanup.defer(() => home[Symbol.asyncDispose]());
  await writeHome(home, {
    everything: everythingContainer(image, { tools: [ECHO] }),
    nope: everythingContainer(`${registry.host}/mcp/nope:1`, { tools: [{ ...ECHO, name: "echo_nope" }] }),
  });
  const connection = await connectStdio(home, ["--watch=false", ...args]);
  const pid = connection.transport.pid!;
  cleanup.defer(() => removeContainersOf(pid));
  cleanup.add(connection.client);
  return { ...connection, pid };
}

describe("gateway run pulls server images from a registry", () => {
  it("pulls an image on the first call of its server, saying so on stderr in a line when it starts and one when it is done", async () => {
    const { reference } = await freshImage("first-call");
    await using cleanup = new Cleanup();
    const { client, stderr, pid } = await serve(cleanup, reference);

    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(["echo", "echo_nope"]));
    expect(stderr()).not.toContain("pulling");
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "after a pull" } }))).toBe("Echo: after a pull");
    expect(await containersOf(pid)).toHaveLength(1);

    expect(stderr()).toContain(`pulling ${reference} for server "everything"`);
    expect(stderr()).toMatch(new RegExp(` info  pulled ${escape(reference)} \\(2 layers, 1 already present, \\d+\\.\\d MB\\) in \\d+\\.\\d s\\n`));
    // Not a terminal: lines only, no bars drawn with cursor moves.
    expect(stderr()).not.toContain("\x1b[");

    // A registry that has no such image: the client gets the registry's reason, naming the image.
    const failed = await failure(client.callTool({ name: "echo_nope", arguments: { message: "x" } }));
    expect(failed.code).toBe(-32001);
    expect(failed.message).toMatch(new RegExp(`server "nope": image ${escape(`${registry.host}/mcp/nope:1`)} is not present and could not be pulled: .*manifest unknown`));

    await client.close();
    await eventually(async () => (await containersOf(pid)).length === 0, "the gateway's container to be removed", 30_000, 200);
  }, 180_000);

  it("with --pull never, refuses an image that is not present: the client gets a JSON-RPC error that says how to get it", async () => {
    const { reference } = await freshImage("never");
    await using cleanup = new Cleanup();
    const { client, stderr, pid } = await serve(cleanup, reference, ["--pull", "never"]);

    const refused = await failure(client.callTool({ name: "echo", arguments: { message: "x" } }));
    expect(refused.code).toBe(-32001);
    expect(refused.message).toContain(`server "everything": image ${reference} is not present, and --pull never forbids pulling it: pull it (docker pull ${reference}) or use --pull missing`);
    expect(stderr()).not.toContain("pulling");
    expect(await containersOf(pid)).toEqual([]);
    await expect(docker.getImage(reference).inspect()).rejects.toMatchObject({ statusCode: 404 });
  }, 120_000);

  it("refuses a --pull value it does not know, naming the flag", async () => {
    await using home = await TempHome.create();
    const run = await home.run(["gateway", "run", "--pull", "sometimes"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--pull=sometimes to be one of: missing, always, never/);
  }, 60_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
