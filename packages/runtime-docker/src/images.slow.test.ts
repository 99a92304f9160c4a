// Image pulls on a real engine from a real registry (Debian's docker-registry, started by this
// file): each test pushes the `everything` test image plus a layer of random bytes under a
// reference of its own and removes it from the engine, so the engine has to pull it. Those
// references are removed afterwards; the test image itself never is.
import type { ImagePullEvent, Logger } from "@mcpgw/core";
import { silentLogger } from "@mcpgw/core";
import type { PushedImage, TestRegistry } from "@mcpgw/test-images";
import { ensureTestImage, pushFreshImage, startRegistry } from "@mcpgw/test-images";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import Docker from "dockerode";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DockerConnector, DockerConnectorOptions } from "./docker-connector.js";
import { createDockerConnector } from "./docker-connector.js";
import { dockerSpec, pociSpec } from "./fixtures/specs.js";
import { readImageReference } from "./image-reference.js";
import { checkDigest } from "./images.js";

const engine = new Docker();
const context = { logger: silentLogger };
let everything: string;
let registry: TestRegistry;
let connectors: DockerConnector[] = [];
/** References this file made in the engine, removed after each test. */
let made: string[] = [];
let fresh = 0;

beforeAll(async () => {
  [everything, registry] = await Promise.all([ensureTestImage("everything"), startRegistry()]);
}, 300_000);

afterAll(() => registry?.stop());

afterEach(async () => {
  await Promise.all(connectors.map((c) => c.closeAll()));
  for (const reference of made) await engine.getImage(reference).remove().catch(() => undefined);
  connectors = [];
  made = [];
});

/** A reference in the registry that the engine does not have: pulling it downloads one layer. */
async function freshImage(): Promise<PushedImage & { name: string }> {
  const name = `${registry.host}/mcp/everything`;
  const pushed = await pushFreshImage(engine, everything, `${name}:${++fresh}`);
  made.push(pushed.reference, `${name}@${pushed.digest}`);
  return { ...pushed, name };
}

/** A connector whose pulls and log lines are recorded. */
function connector(options: DockerConnectorOptions = {}) {
  const events: ImagePullEvent[] = [];
  const lines: string[] = [];
  const logger: Logger = { ...silentLogger, info: (message) => void lines.push(message), warn: (message) => void lines.push(message) };
  const runtime = createDockerConnector({ reapIntervalMs: false, stopGraceMs: 500, logger, onPull: (event) => events.push(event), ...options });
  connectors.push(runtime);
  return { runtime, events, lines, kinds: () => events.map((e) => e.kind) };
}

async function client(transport: unknown): Promise<Client> {
  const c = new Client({ name: "images-test", version: "1.0.0" });
  await c.connect(transport as Transport);
  return c;
}

/** Starts a server of `image`, has a client call echo on it, and stops it. */
async function echoOn(runtime: DockerConnector, image: string, name = "everything"): Promise<string> {
  const connection = await runtime.connect(dockerSpec(name, image), context);
  try {
    const result = await (await client(connection.transport)).callTool({ name: "echo", arguments: { message: "pulled" } });
    return JSON.stringify(result.content);
  } finally {
    await connection.close();
  }
}

function pulledEvent(events: ImagePullEvent[]): Extract<ImagePullEvent, { kind: "pulled" }> | undefined {
  return events.find((e): e is Extract<ImagePullEvent, { kind: "pulled" }> => e.kind === "pulled");
}

describe("image pulls", { timeout: 180_000 }, () => {
  it("--pull missing (the default) pulls an image the engine lacks at its first start, once for concurrent starts, with progress and a summary", async () => {
    const { reference } = await freshImage();
    const { runtime, events, lines, kinds } = connector();
    // Two servers of one image starting together share one pull.
    const [a, b] = await Promise.all([echoOn(runtime, reference), echoOn(runtime, reference, "everything-again")]);
    expect([a, b]).toEqual([expect.stringContaining("pulled"), expect.stringContaining("pulled")]);

    expect(kinds()[0]).toBe("started");
    expect(kinds().at(-1)).toBe("pulled");
    expect(kinds().filter((k) => k === "started")).toHaveLength(1);
    expect(events[0]).toEqual({ kind: "started", image: reference, owner: expect.stringMatching(/^server "everything(-again)?"$/) });
    // The engine reports bytes of the new layer's download or extraction; the test image's layer it has.
    const layers = events.flatMap((e) => (e.kind === "progress" ? e.layers : []));
    expect(layers.find((l) => l.current !== undefined && l.total !== undefined && l.total > 0)).toBeDefined();
    expect(layers).toContainEqual(expect.objectContaining({ status: "Already exists" }));
    expect(pulledEvent(events)).toMatchObject({ image: reference, layers: 2, present: 1, bytes: expect.any(Number) });
    expect(pulledEvent(events)!.bytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(lines).toContain(`pulling ${reference} for ${(events[0] as { owner: string }).owner}`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^pulled ${escape(reference)} \\(2 layers, 1 already present, \\d+\\.\\d MB\\) in \\d+\\.\\d s$`)));

    // Present now: the next start pulls nothing.
    await echoOn(runtime, reference);
    expect(kinds().filter((k) => k === "started")).toHaveLength(1);
  });

  it("--pull always pulls each image once in the connector's life before its first use, even when present", async () => {
    const { reference } = await freshImage();
    await connector().runtime.prepareImage(reference, "a first gateway");
    const { runtime, events, lines, kinds } = connector({ pull: "always" });
    expect(await echoOn(runtime, reference)).toContain("pulled");
    // Present and up to date: the engine downloads nothing, but the registry was asked.
    expect(kinds()).toEqual(["started", "pulled"]);
    expect(pulledEvent(events)).toMatchObject({ image: reference, layers: 0, bytes: 0 });
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^pulled ${escape(reference)} \\(up to date\\) in \\d+\\.\\d s$`)));

    // Once per image, whoever uses it next: a server again, or a one-off container.
    await echoOn(runtime, reference);
    await runtime.prepareImage(reference, "interceptor before:docker:x");
    expect(kinds()).toEqual(["started", "pulled"]);
  });

  it("--pull never refuses an image that is not present, for servers, poci tools and one-off containers alike, and runs one that is", async () => {
    const { reference } = await freshImage();
    const { runtime, events } = connector({ pull: "never" });
    const refusal = (owner: string) => `${owner}: image ${reference} is not present, and --pull never forbids pulling it: pull it (docker pull ${reference}) or use --pull missing`;
    await expect(runtime.connect(dockerSpec("everything", reference), context)).rejects.toMatchObject({ code: "IMAGE_UNAVAILABLE", message: refusal('server "everything"') });
    await expect(runtime.prepareImage(reference, "interceptor before:docker:x")).rejects.toMatchObject({ code: "IMAGE_UNAVAILABLE", message: refusal("interceptor before:docker:x") });
    const tools = await runtime.connect(pociSpec({ hello: { image: reference, command: [], volumes: [] } }), context);
    try {
      await expect((await client(tools.transport)).callTool({ name: "hello", arguments: {} })).rejects.toThrow(refusal('server "tools"'));
    } finally {
      await tools.close();
    }
    expect(events).toEqual([]);
    // The test image is present: it runs without a pull.
    expect(await echoOn(runtime, everything)).toContain("pulled");
  });

  it("pulls an image pinned by digest by that digest, checks the engine's image carries it, and does not pull it again", async () => {
    const { name, digest } = await freshImage();
    const pinned = `${name}:pinned@${digest}`;
    const first = connector();
    expect(await echoOn(first.runtime, pinned)).toContain("pulled");
    expect(pulledEvent(first.events)).toMatchObject({ image: pinned, layers: 2 });
    expect((await engine.getImage(`${name}@${digest}`).inspect()).RepoDigests).toContain(`${name}@${digest}`);

    // Another gateway finds it present by that digest.
    const second = connector();
    expect(await echoOn(second.runtime, pinned)).toContain("pulled");
    expect(second.events).toEqual([]);
  });

  it("refuses an image that does not carry the digest the catalog pins", async () => {
    // Engine 20.10 resolves a pinned digest exactly, so it cannot be made to hand over another
    // image: the check is run on its real record of a pulled image against another digest.
    const { name, digest } = await freshImage();
    await connector().runtime.prepareImage(`${name}@${digest}`, "test");
    const inspected = await engine.getImage(`${name}@${digest}`).inspect();
    const other = `${name}:1@sha256:${"0".repeat(64)}`;
    expect(() => checkDigest(inspected, other, readImageReference(other), 'server "x"')).toThrow(
      expect.objectContaining({ code: "REFUSED", message: `server "x": image ${other} does not carry the digest it names (sha256:${"0".repeat(64)}); the engine's image carries ${name}@${digest}` }),
    );
  });

  it("names the image and the registry's reason when a pull fails: an unknown tag, a registry that is down", async () => {
    const unknown = `${registry.host}/mcp/nope:1`;
    const { runtime, events, lines } = connector();
    await expect(runtime.connect(dockerSpec("nope", unknown), context)).rejects.toMatchObject({
      code: "IMAGE_UNAVAILABLE",
      message: expect.stringMatching(new RegExp(`^server "nope": image ${escape(unknown)} is not present and could not be pulled: .*manifest unknown$`)),
    });
    expect(events).toEqual([{ kind: "started", image: unknown, owner: 'server "nope"' }, { kind: "failed", image: unknown, reason: expect.stringContaining("manifest unknown") }]);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^could not pull ${escape(unknown)}: .*manifest unknown$`)));

    const down = await startRegistry();
    await down.stop();
    const unreachable = `${down.host}/mcp/everything:1`;
    await expect(connector({ pull: "always" }).runtime.connect(dockerSpec("gone", unreachable), context)).rejects.toMatchObject({
      code: "IMAGE_UNAVAILABLE",
      message: expect.stringMatching(new RegExp(`^server "gone": image ${escape(unreachable)} could not be pulled: .*connection refused$`)),
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
