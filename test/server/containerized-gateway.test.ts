// The deployable gateway (@mcpgw/server) in a container, as apps/server/Dockerfile runs it: it
// reads its home from /data, reaches the engine through the mounted socket and starts its
// servers as containers beside itself. Needs a real Docker engine (CI starts one in .ci/run):
// without one this fails, it is never skipped. The engine has no bridge network here, so the
// gateway uses the host's network and binds 127.0.0.1 on a port the test picks.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { ensureTestImage, START_ENGINE_COMMAND } from "@mcpgw/test-images";
import { stablePort } from "@mcpgw/tooling/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import Dockerode from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The engine's socket (DOCKER_HOST when it names one): the test talks to it and mounts it into the gateway. */
let socket: string;
let docker: Dockerode;

const token = randomBytes(24).toString("hex");
let home: string | undefined;
let port: number;
let everythingImage: string;
let gateway: Dockerode.Container | undefined;
/** The gateway container's pid namespace: its servers carry it as `mcpgw.owner.pidns`. */
let gatewayPidns: string | undefined;
let client: Client | undefined;

// Deadlines for what the engine and the gateway do on a busy 2-core machine, generous because
// each wait ends at its event; only a step that never happens runs into one.
/** Container start → the gateway's /health answers 200 (node start-up, config plane read). */
const GATEWAY_LISTENING_DEADLINE_MS = 120_000;
/** The engine runs the image's HEALTHCHECK (every 2 s) until it reports the container healthy. */
const ENGINE_HEALTHY_DEADLINE_MS = 120_000;
/** SIGTERM → the gateway has stopped its server containers and exited. */
const GATEWAY_EXIT_DEADLINE_MS = 90_000;
/** A command run with `docker exec` has exited after its output ended. */
const EXEC_EXIT_DEADLINE_MS = 30_000;
/** Cold: an npm install (`everything`) and a workspace build and deploy (`gateway`), then the start. */
const SETUP_TIMEOUT_MS = 600_000;
/** Each test: the longest deadline it waits on, and the MCP calls and container starts around it. */
const TEST_TIMEOUT_MS = 180_000;

beforeAll(async () => {
  socket = engineSocket();
  docker = new Dockerode({ socketPath: socket });
  await docker.ping().catch((error: Error) => {
    throw new Error(`No Docker engine answers at ${socket} (${error.message}). Start one (as root) with \`${START_ENGINE_COMMAND}\`.`);
  });
  // Cold, `everything` runs an npm install and `gateway` a workspace build and deploy.
  let gatewayImage: string;
  [gatewayImage, everythingImage] = await Promise.all([ensureTestImage("gateway", { docker }), ensureTestImage("everything", { docker })]);

  home = await mkdtemp(join(tmpdir(), "mcpgw-server-home-"));
  await mkdir(join(home, "catalogs"));
  await writeFile(join(home, "catalogs", "containerized.yaml"), catalogYaml(everythingImage));
  await writeFile(join(home, "registry.yaml"), 'registry:\n  everything:\n    ref: ""\n');
  // The gateway binds it only once its container has started: a port that nothing takes meanwhile.
  port = await stablePort();

  gateway = await docker.createContainer({
    Image: gatewayImage,
    name: `mcpgw-e2e-gateway-${process.pid}-${Date.now()}`,
    Env: ["MCPGW_HOST=127.0.0.1", `MCPGW_PORT=${port}`, `MCPGW_AUTH_TOKEN=${token}`, "MCPGW_VERBOSE=true"],
    // As the README says to run the image: a user that owns the home, in the socket's group.
    User: `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`,
    HostConfig: {
      NetworkMode: "host",
      Binds: [`${socket}:/var/run/docker.sock`, `${home}:/data`],
      GroupAdd: [String((await stat(socket)).gid)],
    },
  });
  await gateway.start();
  await waitForHealth(gateway);
  gatewayPidns = (await execIn(gateway, ["/usr/bin/node", "-e", "process.stdout.write(require('node:fs').readlinkSync('/proc/self/ns/pid'))"])).stdout;
  expect(gatewayPidns).toMatch(/^pid:\[\d+\]$/);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await client?.close().catch(() => undefined);
  // Removed by force whatever happened, then whatever it may have left.
  await gateway?.remove({ force: true, v: true }).catch(ignoreGone);
  if (gatewayPidns !== undefined && docker !== undefined) {
    for (const info of await docker.listContainers({ all: true, filters: { label: [`mcpgw.owner.pidns=${gatewayPidns}`] } })) {
      await docker.getContainer(info.Id).remove({ force: true, v: true }).catch(ignoreGone);
    }
  }
  if (home !== undefined) await rm(home, { recursive: true, force: true });
});

describe("the gateway image", { timeout: TEST_TIMEOUT_MS }, () => {
  it("answers /health, passes its HEALTHCHECK, and refuses MCP requests without the token", async () => {
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: "ok" } });

    for (const authorization of [undefined, "Bearer not-the-token"]) {
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "e2e", version: "0" } },
        }),
      });
      expect(response.status, `Authorization: ${authorization ?? "none"}`).toBe(401);
    }

    expect(await execIn(gateway!, ["/usr/bin/node", "/app/dist/healthcheck.js"])).toMatchObject({ exitCode: 0 });
    await waitForEngineHealth(gateway!);

    const logs = await logsOf(gateway!);
    expect(logs).toContain(`mcpgw is serving MCP at http://127.0.0.1:${port}/mcp`);
    // A token that was given is never printed.
    expect(logs).not.toContain(token);
  });

  it("serves the everything tools from a server container it starts beside itself", async () => {
    client = new Client({ name: "containerized-gateway-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("echo");

    const servers = await docker.listContainers({ filters: { label: ["mcpgw.server=everything", `mcpgw.owner.pidns=${gatewayPidns}`] } });
    expect(servers.map((s) => ({ image: s.Image, state: s.State, managed: s.Labels["mcpgw.managed"] }))).toEqual([
      { image: everythingImage, state: "running", managed: "true" },
    ]);

    const result = await client.callTool({ name: "echo", arguments: { message: "hello through a containerized gateway" } });
    expect(JSON.stringify(result.content)).toContain("hello through a containerized gateway");
    await client.close();
    client = undefined;
  });

  it("stops its server containers when stopped with SIGTERM, and exits 0", async () => {
    expect(await ours("mcpgw.managed=true")).not.toEqual([]);
    const exited = gateway!.wait() as Promise<{ StatusCode: number }>;
    await gateway!.kill({ signal: "SIGTERM" });
    const { StatusCode } = await withTimeout(exited, GATEWAY_EXIT_DEADLINE_MS, "the gateway to exit after SIGTERM");
    expect(StatusCode, await logsOf(gateway!)).toBe(0);
    expect(await ours("mcpgw.managed=true")).toEqual([]);

    await gateway!.remove({ v: true });
    await expect(gateway!.inspect()).rejects.toMatchObject({ statusCode: 404 });
    gateway = undefined;
  });
});

function engineSocket(): string {
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost) return "/var/run/docker.sock";
  if (dockerHost.startsWith("unix://")) return dockerHost.slice("unix://".length);
  throw new Error(`DOCKER_HOST is ${dockerHost}: this test mounts the engine's socket into the gateway container and needs a unix:// one`);
}

/** A Docker-format catalog with one `type: server` entry running the `everything` test image. */
function catalogYaml(image: string): string {
  return [
    "version: 3",
    "name: containerized",
    "displayName: Containerized gateway test",
    "registry:",
    "  everything:",
    "    name: everything",
    "    type: server",
    "    title: Everything",
    "    description: The MCP reference server, from the everything test image",
    `    image: ${image}`,
    // No bridge network on this engine, and a stdio server needs none.
    "    disableNetwork: true",
    "",
  ].join("\n");
}

/** Containers, running or not, that the gateway container started and that carry `label`. */
async function ours(label: string): Promise<Dockerode.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [label, `mcpgw.owner.pidns=${gatewayPidns}`] } });
}

/** Waits for /health to answer 200; fails at once, with the logs, when the container stops. */
async function waitForHealth(container: Dockerode.Container): Promise<void> {
  const deadline = Date.now() + GATEWAY_LISTENING_DEADLINE_MS;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return;
    const { State } = await container.inspect();
    if (!State.Running) throw new Error(`the gateway container exited (${State.ExitCode}) before /health answered:\n${await logsOf(container)}`);
    if (Date.now() > deadline) throw new Error(`/health did not answer within ${GATEWAY_LISTENING_DEADLINE_MS} ms:\n${await logsOf(container)}`);
    await sleep(100);
  }
}

/**
 * Waits until the engine reports the container's health: resolves on "healthy", fails at once on
 * "unhealthy" (or when it stops), with the health check's own log either way.
 */
async function waitForEngineHealth(container: Dockerode.Container): Promise<void> {
  const deadline = Date.now() + ENGINE_HEALTHY_DEADLINE_MS;
  for (;;) {
    const { State } = await container.inspect();
    const status = State.Health?.Status;
    if (status === "healthy") return;
    const checks = () => (State.Health?.Log ?? []).map((entry) => `exit ${entry.ExitCode}: ${entry.Output.trim()}`).join("\n");
    if (status === "unhealthy") throw new Error(`the engine reports the gateway unhealthy; its health checks:\n${checks()}`);
    if (!State.Running) throw new Error(`the gateway container exited (${State.ExitCode}) before the engine reported it healthy:\n${await logsOf(container)}`);
    if (Date.now() > deadline) {
      throw new Error(`the engine did not report the gateway healthy within ${ENGINE_HEALTHY_DEADLINE_MS} ms (status ${status ?? "none"}); its health checks:\n${checks()}`);
    }
    await sleep(200);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a command in a running container; its exit code and output. */
async function execIn(container: Dockerode.Container, cmd: string[]): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(stream, stdout, stderr);
  const text = (from: PassThrough) => {
    let all = "";
    from.setEncoding("utf8").on("data", (chunk: string) => (all += chunk));
    return () => all;
  };
  const [out, err] = [text(stdout), text(stderr)];
  await new Promise<void>((resolve) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
  });
  // The output can end a moment before the engine records the exit.
  const deadline = Date.now() + EXEC_EXIT_DEADLINE_MS;
  let info = await exec.inspect();
  while (info.Running) {
    if (Date.now() > deadline) throw new Error(`\`${cmd.join(" ")}\` in the gateway container had not exited ${EXEC_EXIT_DEADLINE_MS} ms after its output ended`);
    await sleep(20);
    info = await exec.inspect();
  }
  return { exitCode: info.ExitCode, stdout: out(), stderr: err() };
}

/** A container's stdout and stderr so far, as one text (no TTY: the log stream is multiplexed). */
async function logsOf(container: Dockerode.Container): Promise<string> {
  const buffer = await container.logs({ stdout: true, stderr: true, follow: false });
  let text = "";
  for (let offset = 0; offset + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(offset + 4);
    text += buffer.subarray(offset + 8, offset + 8 + size).toString("utf8");
    offset += 8 + size;
  }
  return text;
}

function ignoreGone(error: { statusCode?: number }): void {
  if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
