// One-off containers (what a docker interceptor runs) on a real Docker engine with the `node`
// test image, built locally. Without an engine these tests fail, they are never skipped.
import { ensureTestImage } from "@mcpgw/test-images";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DockerConnector } from "./docker-connector.js";
import { createDockerConnector } from "./docker-connector.js";
import { LABELS } from "./instance.js";

const engine = new Docker();
let node: string;
const connectors: DockerConnector[] = [];

function connector(options: Parameters<typeof createDockerConnector>[0] = {}): DockerConnector {
  const created = createDockerConnector({ reapIntervalMs: false, stopGraceMs: 500, ...options });
  connectors.push(created);
  return created;
}

const ours = (runtime: DockerConnector) => engine.listContainers({ all: true, filters: { label: [`${LABELS.gateway}=${runtime.instance.id}`] } });

async function running(runtime: DockerConnector): Promise<Docker.ContainerInfo> {
  for (;;) {
    const found = (await ours(runtime)).find((c) => c.State === "running");
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A script that waits, doing nothing, until it gets SIGUSR2, and then runs `then`. */
const onSignal = (then: string) => `process.on("SIGUSR2", () => { ${then} }); setInterval(() => {}, 1000);`;

beforeAll(async () => {
  node = await ensureTestImage("node");
}, 300_000);

afterAll(async () => {
  await Promise.all(connectors.map((c) => c.closeAll()));
});

describe("one-off containers on a real engine", () => {
  it("hands the input to stdin, collects stdout, stderr and the exit status, and leaves nothing behind", async () => {
    const runtime = connector();
    const script = `let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { process.stdout.write(s.toUpperCase() + process.argv.slice(1).join("|")); console.error("to stderr"); process.exit(4); });`;
    const run = await runtime.runContainer({ owner: "test", image: node, command: ["-e", script, "a b", "c"], input: '{"word":"hello"}' });
    expect(run).toEqual({ stdout: '{"WORD":"HELLO"}a b|c', stderr: "to stderr\n", code: 4, truncated: false });
    expect(await ours(runtime)).toEqual([]);
  });

  it("runs it hardened: no network, no capabilities, no new privileges, read-only root, the gateway's limits and labels", async () => {
    const runtime = connector({ limits: { cpus: 0.5, memory: 128 * 1024 ** 2, pids: 32 } });
    const probe = [
      "const fs = require('fs');",
      "const status = fs.readFileSync('/proc/self/status', 'utf8');",
      "let rootWritable = true; try { fs.writeFileSync('/probe', 'x'); } catch { rootWritable = false; }",
      "const nets = Object.keys(require('os').networkInterfaces()).filter((n) => n !== 'lo');",
      "process.stdout.write(JSON.stringify({ cap: status.match(/CapEff:\\s*(\\w+)/)[1], noNewPrivs: status.match(/NoNewPrivs:\\s*(\\d)/)[1], rootWritable, nets })); process.exit(0);",
    ].join("\n");
    const run = runtime.runContainer({ owner: "interceptor before:docker:probe", image: node, command: ["-e", onSignal(probe)] });
    const container = await running(runtime);
    const info = await engine.getContainer(container.Id).inspect();
    expect(info.HostConfig).toMatchObject({
      Init: true,
      SecurityOpt: ["no-new-privileges"],
      CapDrop: ["ALL"],
      PidsLimit: 32,
      Memory: 128 * 1024 ** 2,
      NanoCpus: 5e8,
      ReadonlyRootfs: true,
      NetworkMode: "none",
    });
    // No environment of its own: only what the image sets.
    expect(info.Config.Env ?? []).toEqual((await engine.getImage(node).inspect()).Config.Env ?? []);
    expect(info.Config.Labels).toMatchObject({ [LABELS.managed]: "true", [LABELS.gateway]: runtime.instance.id, [LABELS.server]: "interceptor before:docker:probe" });
    await engine.getContainer(container.Id).kill({ signal: "SIGUSR2" });
    expect(JSON.parse((await run).stdout)).toEqual({ cap: "0000000000000000", noNewPrivs: "1", rootWritable: false, nets: [] });
    expect(await ours(runtime)).toEqual([]);
  });

  it("kills and removes the container of an aborted run, and of runs under way when the connector closes", async () => {
    const runtime = connector();
    const controller = new AbortController();
    const aborted = runtime.runContainer({ owner: "test", image: node, command: ["-e", onSignal("")], signal: controller.signal });
    await running(runtime);
    controller.abort(new Error("given up"));
    await expect(aborted).rejects.toThrow("given up");
    expect(await ours(runtime)).toEqual([]);

    const underWay = runtime.runContainer({ owner: "test", image: node, command: ["-e", onSignal("")] });
    await running(runtime);
    await runtime.closeAll();
    await expect(underWay).rejects.toMatchObject({ code: "CANCELLED" });
    expect(await ours(runtime)).toEqual([]);
  });

  it("fails naming the owner and the image when the image is not there and cannot be pulled", async () => {
    const runtime = connector();
    const image = "127.0.0.1:1/mcpgw-test/not-there:1";
    await expect(runtime.prepareImage(image, "interceptor before:docker:x")).rejects.toMatchObject({
      code: "IMAGE_UNAVAILABLE",
      message: expect.stringMatching(/^interceptor before:docker:x: image 127\.0\.0\.1:1\/mcpgw-test\/not-there:1 is not present and could not be pulled/),
    });
    await expect(runtime.runContainer({ owner: "test", image, command: [] })).rejects.toMatchObject({ code: "IMAGE_UNAVAILABLE" });
  });
});
