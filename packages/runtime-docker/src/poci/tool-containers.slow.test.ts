// Runs on a real Docker engine with the `node` test image (built locally, no registry): each
// tool call of a poci entry is a real container. Without an engine these tests fail, never skip.
import type { Logger, ToolContainer, ToolContainersSpec } from "@mcpgw/core";
import { silentLogger } from "@mcpgw/core";
import { ensureTestImage } from "@mcpgw/test-images";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DockerConnector } from "../docker-connector.js";
import { createDockerConnector } from "../docker-connector.js";
import { pociSpec } from "../fixtures/specs.js";
import { LABELS } from "../instance.js";

const engine = new Docker();
let node: string;
const connectors: DockerConnector[] = [];

beforeAll(async () => {
  node = await ensureTestImage("node");
}, 300_000);

afterAll(async () => {
  await Promise.all(connectors.map((c) => c.closeAll()));
});

/** A tool whose container runs `node -e script` with the given arguments after it. */
function script(code: string, args: string[] = [], over: Partial<ToolContainer> = {}): ToolContainer {
  return { image: node, command: ["-e", code, ...args], volumes: [], ...over };
}

async function open(spec: ToolContainersSpec, logger: Logger = silentLogger) {
  const runtime = createDockerConnector({ reapIntervalMs: false, stopGraceMs: 500 });
  connectors.push(runtime);
  const connection = await runtime.connect(spec, { logger });
  const client = new Client({ name: "poci-test", version: "1.0.0" });
  await client.connect(connection.transport as unknown as Transport);
  const containers = () => engine.listContainers({ all: true, filters: { label: [`${LABELS.gateway}=${runtime.instance.id}`] } });
  return { runtime, connection, client, containers };
}

const text = (result: unknown) => ((result as { content: { text: string }[] }).content).map((c) => c.text).join("");

describe("poci tools on a real engine", () => {
  it("lists the entry's tools, runs a container per call with the arguments as argv, and leaves none behind", async () => {
    const { client, containers, connection } = await open(pociSpec({ echo: script("process.stdout.write(JSON.stringify(process.argv.slice(1)))", ["{{words|into}}", "--tag={{tag}}"]) }));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["echo"]);
    const result = await client.callTool({ name: "echo", arguments: { words: ["a b", "$(whoami)", "c"], tag: "x;y" } });
    expect(result.isError).toBe(false);
    expect(JSON.parse(text(result))).toEqual(["a b", "$(whoami)", "c", "--tag=x;y"]);
    expect(await containers()).toEqual([]);
    await connection.close();
  });

  it("makes a non-zero exit a tool error with what the container wrote to stderr", async () => {
    const { client } = await open(pociSpec({ fail: script("process.stdout.write('partial'); console.error('it broke'); process.exit(3)") }));
    const result = await client.callTool({ name: "fail", arguments: {} });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^partial\nit broke\n\[exit status 3\]$/);
  });

  it("runs the container hardened: no capabilities, read-only root, no network, as the tool's user", async () => {
    const probe = [
      "const fs = require('fs');",
      "const cap = fs.readFileSync('/proc/self/status', 'utf8').match(/CapEff:\\s*(\\w+)/)[1];",
      "let rootWritable = true; try { fs.writeFileSync('/probe', 'x'); } catch { rootWritable = false; }",
      "const nets = Object.keys(require('os').networkInterfaces()).filter((n) => n !== 'lo');",
      "process.stdout.write(JSON.stringify({ cap, rootWritable, nets, uid: process.getuid() }));",
    ].join("\n");
    const { client } = await open(pociSpec({ probe: script(probe, [], { user: "1000:1000" }) }));
    expect(JSON.parse(text(await client.callTool({ name: "probe", arguments: {} })))).toEqual({ cap: "0000000000000000", rootWritable: false, nets: [], uid: 1000 });
  });

  it("refuses the engine's socket unless the user allowed it, and an argument cannot smuggle it in", async () => {
    const version = "require('http').get({ socketPath: '/var/run/docker.sock', path: '/version' }, (r) => { r.setEncoding('utf8'); let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => process.stdout.write(JSON.parse(b).ApiVersion ? 'engine answered' : b)); })";
    const containers = { engine: script(version, [], { volumes: ["/var/run/docker.sock:/var/run/docker.sock"] }), mount: script("1", [], { volumes: ["{{dir}}:/data"] }) };

    const refused = await open(pociSpec(containers));
    await expect(refused.client.callTool({ name: "engine", arguments: {} })).rejects.toThrow(/--allow-engine-socket/);
    await expect(refused.client.callTool({ name: "mount", arguments: { dir: "/var/run/docker.sock" } })).rejects.toThrow(/engine's socket/);
    await expect(refused.client.callTool({ name: "mount", arguments: { dir: "/etc" } })).rejects.toThrow(/mounting \/etc is refused/);

    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
    const allowed = await open(pociSpec(containers, { allowEngineSocket: true }), logger);
    expect(warnings).toEqual([expect.stringMatching(/tool "engine" gets the container engine's socket: it controls the engine/)]);
    expect(text(await allowed.client.callTool({ name: "engine", arguments: {} }))).toBe("engine answered");
  });

  it("kills the container of a cancelled call, and closing kills the calls under way", async () => {
    const { client, containers, connection } = await open(pociSpec({ wait: script("setInterval(() => {}, 1000)") }));
    const controller = new AbortController();
    const call = client.callTool({ name: "wait", arguments: {} }, undefined, { signal: controller.signal });
    await until(async () => (await containers()).some((c) => c.State === "running"));
    controller.abort();
    await expect(call).rejects.toThrow();
    await until(async () => (await containers()).length === 0);

    const second = client.callTool({ name: "wait", arguments: {} }).catch((error: Error) => error);
    await until(async () => (await containers()).some((c) => c.State === "running"));
    await connection.close();
    expect(await containers()).toEqual([]);
    await second;
  });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}
