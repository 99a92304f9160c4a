// Needs the real Docker engine (see REFERENCE.md); the first run also needs the npm registry.
import { PassThrough } from "node:stream";
import { createInterface } from "node:readline";
import Dockerode from "dockerode";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureTestImageDetailed } from "./ensure-test-image.js";
import { ensureTestImage } from "./index.js";

const docker = new Dockerode();
/** Containers made by the current test, removed after it whatever happened. */
const containers: Dockerode.Container[] = [];
let nodeImage: string;
let everythingImage: string;

beforeAll(async () => {
  // Cold, `everything` runs an npm install: allow for a slow registry.
  [nodeImage, everythingImage] = await Promise.all([ensureTestImage("node", { docker }), ensureTestImage("everything", { docker })]);
}, 300_000);

afterEach(async () => {
  await Promise.all(containers.splice(0).map((container) => container.remove({ force: true }).catch(() => undefined)));
});

async function createContainer(options: Dockerode.ContainerCreateOptions): Promise<Dockerode.Container> {
  const container = await docker.createContainer({ ...options, HostConfig: { NetworkMode: "none", ...options.HostConfig } });
  containers.push(container);
  return container;
}

/** Splits a container's attach stream into stdout and stderr (no TTY: the stream is multiplexed). */
function demux(stream: NodeJS.ReadableStream): { stdout: PassThrough; stderr: PassThrough } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(stream, stdout, stderr);
  stream.once("end", () => {
    stdout.end();
    stderr.end();
  });
  return { stdout, stderr };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe("the node image", () => {
  it("runs the script given with -e", async () => {
    const container = await createContainer({ Image: nodeImage, Cmd: ["-e", "console.log(42)"], AttachStdout: true, AttachStderr: true });
    const { stdout, stderr } = demux(await container.attach({ stream: true, stdout: true, stderr: true }));
    const output = Promise.all([readAll(stdout), readAll(stderr)]);
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const [out, err] = await output;
    expect({ StatusCode, out, err }).toEqual({ StatusCode: 0, out: "42\n", err: "" });
  });

  it("is reused by a second ensureTestImage, not built again", async () => {
    const before = await docker.getImage(nodeImage).inspect();
    // It says whether it built: a stopwatch would also count the hashing of its inputs, which a
    // busy machine slows down.
    const again = await ensureTestImageDetailed("node", { docker });
    expect(again).toEqual({ reference: nodeImage, built: false });
    expect((await docker.getImage(again.reference).inspect()).Id).toBe(before.Id);
  });
});

describe("the everything image", () => {
  it("answers initialize and lists its tools over stdio", async () => {
    expect(everythingImage).toMatch(/^mcpgw-test\/everything:[0-9a-f]{16}$/);
    const container = await createContainer({
      Image: everythingImage,
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as NodeJS.ReadWriteStream;
    const { stdout, stderr } = demux(stream);
    stderr.resume();
    const responses = new Map<number, (message: JsonRpcResponse) => void>();
    createInterface({ input: stdout }).on("line", (line) => {
      const message = JSON.parse(line) as JsonRpcResponse;
      if (typeof message.id === "number") responses.get(message.id)?.(message);
    });
    const request = (id: number, method: string, params: object = {}): Promise<JsonRpcResponse> => {
      const answered = new Promise<JsonRpcResponse>((resolve) => responses.set(id, resolve));
      stream.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
      return answered;
    };
    await container.start();

    const initialized = await request(1, "initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "test-images", version: "0.0.0" },
    });
    expect(initialized.result).toMatchObject({ protocolVersion: "2025-11-25", serverInfo: { name: expect.stringContaining("everything") } });
    stream.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);

    const listed = await request(2, "tools/list");
    const tools = (listed.result as { tools: { name: string }[] }).tools.map((tool) => tool.name);
    expect(tools).toContain("echo");

    // Closing stdin ends the server, as a stdio client would end it.
    stream.end();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    expect(StatusCode).toBe(0);
  });
});

interface JsonRpcResponse {
  id?: number;
  result?: unknown;
  error?: unknown;
}
