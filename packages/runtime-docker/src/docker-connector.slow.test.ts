// Runs on a real Docker engine with images built locally (no registry): CI starts the engine
// in .ci/run. Without an engine these tests fail, they are never skipped.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SecretValue, silentLogger } from "@mcpgw/core";
import { ensureTestImage } from "@mcpgw/test-images";
import { within } from "@mcpgw/tooling/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DockerConnector } from "./docker-connector.js";
import { createDockerConnector } from "./docker-connector.js";
import { dockerSpec, idleServerSpec } from "./fixtures/specs.js";
import { LABELS } from "./instance.js";

const engine = new Docker();
const context = { logger: silentLogger };
let everything: string;
let node: string;
const connectors: DockerConnector[] = [];

function connector(options: Parameters<typeof createDockerConnector>[0] = {}): DockerConnector {
  const created = createDockerConnector({ reapIntervalMs: false, stopGraceMs: 500, ...options });
  connectors.push(created);
  return created;
}

async function ours(instance: string): Promise<Docker.ContainerInfo[]> {
  return engine.listContainers({ all: true, filters: { label: [`${LABELS.gateway}=${instance}`] } });
}

async function client(transport: unknown): Promise<Client> {
  const c = new Client({ name: "runtime-docker-test", version: "1.0.0" });
  await c.connect(transport as Transport);
  return c;
}

/** The engine stops and removes a gateway's containers after its SIGTERM: seconds on a busy machine. */
const CONTAINERS_GONE_DEADLINE_MS = 60_000;
/** A running container reports the first step of an operation (1 s in) on a busy machine. */
const FIRST_PROGRESS_DEADLINE_MS = 30_000;
/** How soon a call fails after its container is killed: far below the 30 s operation it was running. */
const FAILS_WITHIN_MS = 5_000;

async function until(check: () => Promise<boolean>, what: string, timeoutMs = CONTAINERS_GONE_DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  [everything, node] = await Promise.all([ensureTestImage("everything"), ensureTestImage("node")]);
}, 300_000);

afterAll(async () => {
  await Promise.all(connectors.map((c) => c.closeAll()));
});

describe("Docker connector on a real engine", () => {
  it("runs server-everything: a real client initializes, lists tools and calls echo", async () => {
    const runtime = connector();
    const connection = await runtime.connect(dockerSpec("everything", everything), context);
    const c = await client(connection.transport);
    const tools = await c.listTools();
    expect(tools.tools.map((t) => t.name)).toContain("echo");
    const result = await c.callTool({ name: "echo", arguments: { message: "hello from a container" } });
    expect(JSON.stringify(result.content)).toContain("hello from a container");
    await connection.close();
    expect(await ours(runtime.instance.id)).toEqual([]);
  });

  it("hardens and labels the container, and hands secrets over as environment only", async () => {
    const runtime = connector({ limits: { cpus: 0.5, memory: 256 * 1024 ** 2, pids: 64 } });
    const secret = new SecretValue("test.token", "s3cr3t-value-for-inspect", "test");
    const connection = await runtime.connect(
      dockerSpec("everything", everything, { secretEnv: { TEST_TOKEN: secret }, env: { PLAIN: "1" }, user: "1000:1000" }),
      { logger: silentLogger, session: "session-a" },
    );
    const info = await engine.getContainer(connection.id).inspect();
    expect(info.HostConfig).toMatchObject({
      Init: true,
      SecurityOpt: ["no-new-privileges"],
      CapDrop: ["ALL"],
      PidsLimit: 64,
      Memory: 256 * 1024 ** 2,
      NanoCpus: 5e8,
      ReadonlyRootfs: true,
      NetworkMode: "none",
      Tmpfs: { "/tmp": expect.stringContaining("noexec") },
    });
    expect(info.Config.User).toBe("1000:1000");
    expect(info.Config.Labels).toMatchObject({
      [LABELS.managed]: "true",
      [LABELS.server]: "everything",
      [LABELS.gateway]: runtime.instance.id,
      [LABELS.session]: "session-a",
    });
    expect(info.Config.Env).toEqual(expect.arrayContaining(["PLAIN=1", "TEST_TOKEN=s3cr3t-value-for-inspect"]));
    expect(JSON.stringify([info.Config.Cmd, info.Config.Entrypoint, info.Args, info.Path])).not.toContain("s3cr3t");
    // The server really sees it: server-everything's get-env tool reports its environment.
    const c = await client(connection.transport);
    const env = await c.callTool({ name: "get-env", arguments: {} });
    expect(JSON.stringify(env.content)).toContain("TEST_TOKEN");
    await connection.close();
  });

  it("fails a call at once when its container is killed, and the next connect gets a fresh container", async () => {
    const runtime = connector();
    const first = await runtime.connect(dockerSpec("everything", everything), context);
    const c = await client(first.transport);
    // Its first progress notification says the server is working on it: then it is killed.
    let progressed!: () => void;
    const working = new Promise<void>((resolve) => (progressed = resolve));
    const call = c.callTool({ name: "trigger-long-running-operation", arguments: { duration: 30, steps: 30 } }, undefined, { timeout: 60_000, onprogress: () => progressed() });
    const outcome = call.then(
      () => "answered",
      (error: Error) => error,
    );
    await within(working, "the first progress of the long-running operation", FIRST_PROGRESS_DEADLINE_MS);
    const killedAt = Date.now();
    await engine.getContainer(first.id).kill();
    const error = await outcome;
    expect(Date.now() - killedAt).toBeLessThan(FAILS_WITHIN_MS);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/server "everything" exited with code 137/);
    const exit = await first.closed;
    expect(exit).toMatchObject({ code: 137, requested: false });

    const second = await runtime.connect(dockerSpec("everything", everything), context);
    expect(second.id).not.toBe(first.id);
    const again = await client(second.transport);
    const echoed = await again.callTool({ name: "echo", arguments: { message: "again" } });
    expect(JSON.stringify(echoed.content)).toContain("again");
    await second.close();
    expect(await ours(runtime.instance.id)).toEqual([]);
  });

  it("stops a server that does not answer initialize in time, with a clear error", async () => {
    const runtime = connector({ lifecycle: { startTimeoutMs: 1_500 } });
    const connection = await runtime.connect(idleServerSpec(node, "mute"), context);
    const c = new Client({ name: "t", version: "1" });
    await expect(c.connect(connection.transport as Transport)).rejects.toThrow(/server "mute" did not answer within 1500 ms and was stopped/);
    await connection.closed;
    expect(await ours(runtime.instance.id)).toEqual([]);
  });

  it("stops an idle server after its timeout, and keeps a long-lived one", async () => {
    const runtime = connector({ lifecycle: { idleTimeoutMs: 1_000 } });
    const idle = await runtime.connect(dockerSpec("everything", everything), context);
    const kept = await runtime.connect(dockerSpec("everything-long", everything, { longLived: true }), context);
    await (await client(idle.transport)).listTools();
    await (await client(kept.transport)).listTools();
    const exit = await idle.closed;
    expect(exit.requested).toBe(true);
    const left = await ours(runtime.instance.id);
    expect(left.map((c) => c.Labels[LABELS.server])).toEqual(["everything-long"]);
    await kept.close();
  });

  it("keeps 60 concurrent connects within the cap, and leaves nothing behind", async () => {
    const cap = 6;
    // Ten rounds of the cap. A waiter waits as long as it takes (the longest timer Node keeps):
    // the last one waits for nine rounds of starts and stops, which on a loaded machine can take
    // minutes, and this test is about the cap, not about how soon a slot frees up.
    const runtime = connector({ lifecycle: { maxPerServer: cap, slotWaitMs: 2 ** 31 - 1 } });
    let running = 0;
    let peak = 0;
    let peakSeenByEngine = 0;
    let done = false;
    const watcher = (async () => {
      while (!done) {
        peakSeenByEngine = Math.max(peakSeenByEngine, (await ours(runtime.instance.id)).length);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await Promise.all(
      Array.from({ length: 60 }, async () => {
        const connection = await runtime.connect(idleServerSpec(node, "crowded"), context);
        running++;
        peak = Math.max(peak, running);
        running--;
        await connection.close();
      }),
    );
    done = true;
    await watcher;
    expect(peak).toBeLessThanOrEqual(cap);
    expect(peakSeenByEngine).toBeLessThanOrEqual(cap);
    expect(await ours(runtime.instance.id)).toEqual([]);
  }, 600_000);

  it("keeps stopped containers with --keep, for debugging", async () => {
    const runtime = connector({ keep: true });
    const connection = await runtime.connect(idleServerSpec(node, "kept"), context);
    await connection.close();
    const left = await ours(runtime.instance.id);
    expect(left.map((c) => [c.Labels[LABELS.server], c.State])).toEqual([["kept", "exited"]]);
    await engine.getContainer(connection.id).remove({ force: true });
  });

  it("names the image and the engine's reason when an image cannot be had", async () => {
    const runtime = connector();
    await expect(runtime.connect(dockerSpec("ghost", "mcpgw-test/does-not-exist:1"), context)).rejects.toThrow(
      /server "ghost": image mcpgw-test\/does-not-exist:1 is not present and could not be pulled: .+/,
    );
  });

  it("gives one clear error when the engine is unreachable", async () => {
    const runtime = connector({ docker: new Docker({ socketPath: "/nonexistent/docker.sock" }) });
    await expect(runtime.connect(dockerSpec("everything", everything), context)).rejects.toMatchObject({ code: "ENGINE_UNAVAILABLE" });
  });

  it("refuses a sensitive volume without creating anything", async () => {
    const runtime = connector();
    await expect(runtime.connect(dockerSpec("fs", everything, { volumes: ["/etc:/host-etc"] }), context)).rejects.toMatchObject({ code: "REFUSED" });
    expect(await ours(runtime.instance.id)).toEqual([]);
  });
});

describe("containers of a gateway process that ends", () => {
  const fixture = fileURLToPath(new URL("./fixtures/hold-containers.ts", import.meta.url));
  const tsx = fileURLToPath(import.meta.resolve("tsx/esm"));

  async function holdContainers(count: number, mode = "") {
    const child = spawn(process.execPath, ["--conditions=@mcpgw/source", "--import", tsx, fixture, node, String(count), mode], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding("utf8").once("data", resolve);
      child.once("exit", (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    const { instance } = JSON.parse(line) as { instance: string };
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, instance, exited };
  }

  it("are reaped by the next start-up after the gateway was SIGKILLed", async () => {
    const held = await holdContainers(2);
    expect(await ours(held.instance)).toHaveLength(2);
    held.child.kill("SIGKILL");
    await held.exited;
    expect(await ours(held.instance)).toHaveLength(2);
    const next = connector();
    const removed = await next.reap();
    expect(removed).toHaveLength(2);
    expect(await ours(held.instance)).toEqual([]);
  });

  it("leave an egress network that the next start-up reaps after them", async () => {
    const held = await holdContainers(1, "egress");
    const networks = () => engine.listNetworks({ filters: { label: [`${LABELS.gateway}=${held.instance}`] } });
    expect((await networks()).map((n) => n.Internal)).toEqual([true]);
    held.child.kill("SIGKILL");
    await held.exited;
    const removed = await connector().reap();
    expect(removed).toHaveLength(1);
    expect(await ours(held.instance)).toEqual([]);
    expect(await networks()).toEqual([]);
  });

  it("are all stopped and removed on SIGTERM, and so is their egress network", async () => {
    const held = await holdContainers(1, "egress");
    expect(await ours(held.instance)).toHaveLength(1);
    held.child.kill("SIGTERM");
    expect(await held.exited).toBe(0);
    await until(async () => (await ours(held.instance)).length === 0, "the containers are gone");
    expect(await engine.listNetworks({ filters: { label: [`${LABELS.gateway}=${held.instance}`] } })).toEqual([]);
  });

  it("are all stopped and removed on SIGTERM", async () => {
    const held = await holdContainers(3);
    expect(await ours(held.instance)).toHaveLength(3);
    held.child.kill("SIGTERM");
    expect(await held.exited).toBe(0);
    await until(async () => (await ours(held.instance)).length === 0, "the containers are gone");
  });
});

/** The first running container of `runtime`, once there is one. */
async function running(runtime: DockerConnector): Promise<Docker.ContainerInfo> {
  let found: Docker.ContainerInfo | undefined;
  await until(async () => (found = (await ours(runtime.instance.id)).find((c) => c.State === "running")) !== undefined, "a container runs");
  return found!;
}

/** A container of {@link onSignal}'s script, once it listens for its signal: one sent before would end it. */
async function listening(runtime: DockerConnector): Promise<Docker.ContainerInfo> {
  const container = await running(runtime);
  await until(async () => (await engine.getContainer(container.Id).logs({ stdout: false, stderr: true })).toString().includes(READY), "the script to listen for its signal");
  return container;
}

const READY = "waiting for SIGUSR2";

/** A script that waits, doing nothing, until it gets SIGUSR2, and then runs `then`; it says so on stderr once it listens. */
const onSignal = (then: string) => `process.on("SIGUSR2", () => { ${then} }); setInterval(() => {}, 1000); process.stderr.write("${READY}\\n");`;

// Each test starts containers one after another: on a loaded machine that takes minutes, not the 60 s default.
describe("one-off containers on a real engine", { timeout: 300_000 }, () => {
  it("hands the input to stdin, collects stdout, stderr and the exit status, and leaves nothing behind", async () => {
    const runtime = connector();
    const script = `let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { process.stdout.write(s.toUpperCase() + process.argv.slice(1).join("|")); console.error("to stderr"); process.exit(4); });`;
    const run = await runtime.runContainer({ owner: "test", image: node, command: ["-e", script, "a b", "c"], input: '{"word":"hello"}' });
    expect(run).toEqual({ stdout: '{"WORD":"HELLO"}a b|c', stderr: "to stderr\n", code: 4, truncated: false });
    expect(await ours(runtime.instance.id)).toEqual([]);
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
    const container = await listening(runtime);
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
    expect(await ours(runtime.instance.id)).toEqual([]);
  });

  it("kills and removes the container of an aborted run, and of runs under way when the connector closes", async () => {
    const runtime = connector();
    const controller = new AbortController();
    const aborted = runtime.runContainer({ owner: "test", image: node, command: ["-e", onSignal("")], signal: controller.signal });
    await running(runtime);
    controller.abort(new Error("given up"));
    await expect(aborted).rejects.toThrow("given up");
    expect(await ours(runtime.instance.id)).toEqual([]);

    const underWay = runtime.runContainer({ owner: "test", image: node, command: ["-e", onSignal("")] });
    await running(runtime);
    await runtime.closeAll();
    await expect(underWay).rejects.toMatchObject({ code: "CANCELLED" });
    expect(await ours(runtime.instance.id)).toEqual([]);
  });

  it("runs at most as many containers of one owner at once as a server has instances; the next waits for a slot", async () => {
    const runtime = connector({ lifecycle: { maxPerServer: 1 } });
    const request = { owner: "test", image: node, command: ["-e", onSignal("process.stdout.write(String(process.pid)); process.exit(0);")] };
    const first = runtime.runContainer(request);
    const waiting = runtime.runContainer(request);
    const holder = await listening(runtime);
    // The second waits for the first's slot: it has no container of its own yet.
    expect((await ours(runtime.instance.id)).map((c) => c.Id)).toEqual([holder.Id]);
    await engine.getContainer(holder.Id).kill({ signal: "SIGUSR2" });
    await first;
    const next = await listening(runtime);
    expect(next.Id).not.toBe(holder.Id);
    await engine.getContainer(next.Id).kill({ signal: "SIGUSR2" });
    await waiting;
    expect(await ours(runtime.instance.id)).toEqual([]);
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
