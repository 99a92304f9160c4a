// The deployable gateway in a container, run from the image apps/server/Dockerfile builds
// (ensureServerImage: the real Dockerfile, built here with BuildKit FROM node:20-bookworm-slim, the
// official image or the stand-in made from Debian and this machine's Node 20 when the engine has
// none), because that image is what users run: its user, HEALTHCHECK, volume and entrypoint are
// the Dockerfile's own. It runs as compose.yaml describes it: the engine's socket mounted and its
// group added, a named volume for /data (the image's `node` user owns it; the catalog and registry
// are put into it before the start), an init process. The engine has no bridge network here, so
// the gateway uses the host's network and binds 127.0.0.1 on a port the test picks. Its server
// image is not in the engine: the test pushes the `everything` test image to a registry of its
// own under a new reference, and the gateway pulls it from there. Needs a real Docker engine, the
// docker-registry package and, cold, debootstrap (CI has all three, see .ci/run): without them
// this fails, it is never skipped.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { ensureServerImage, ensureTestImage, pushImage, START_ENGINE_COMMAND, startRegistry, type TestRegistry } from "@mcpgw/test-images";
import { stablePort } from "@mcpgw/tooling/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import Dockerode from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The engine's socket (DOCKER_HOST when it names one): the test talks to it and mounts it into the gateway. */
let socket: string;
let docker: Dockerode;

const token = randomBytes(24).toString("hex");
const unique = `${process.pid}-${Date.now()}`;
let serverImage: Dockerode.ImageInspectInfo;
let registry: TestRegistry | undefined;
/** `<registry>/mcp/everything:1`: pushed, then untagged, so that the gateway has to pull it. */
let pulledImage: string | undefined;
let pushedDigest: string;
let absentBeforeStart: boolean;
/** The named volume mounted at /data, as compose.yaml's `mcpgw-data`. */
let volume: string | undefined;
let port: number;
let gateway: Dockerode.Container | undefined;
/** The gateway container's pid namespace: its servers carry it as `mcpgw.owner.pidns`. */
let gatewayPidns: string | undefined;
let client: Client | undefined;

// Deadlines for what the engine and the gateway do on a busy 2-core machine, generous because
// each wait ends at its event; only a step that never happens runs into one.
/** Container start → the gateway's /health answers 200 (node start-up, config plane read). */
const GATEWAY_LISTENING_DEADLINE_MS = 120_000;
/** The engine runs the image's HEALTHCHECK (every 2 s here) until it reports the container healthy. */
const ENGINE_HEALTHY_DEADLINE_MS = 120_000;
/** `docker stop`'s grace period: SIGTERM → the gateway has stopped its server containers and exited. */
const GATEWAY_STOP_GRACE_S = 90;
/** A command run with `docker exec` has exited after its output ended. */
const EXEC_EXIT_DEADLINE_MS = 30_000;
/**
 * Cold: the stand-in base image (debootstrap, minutes), the Dockerfile's build (a pnpm install
 * inside), an npm install (`everything`), then the start.
 */
const SETUP_TIMEOUT_MS = 1_800_000;
/** Each test: the longest deadline it waits on, and the MCP calls, pull and container starts around it. */
const TEST_TIMEOUT_MS = 240_000;

/**
 * The image's HEALTHCHECK as the container runs it: the image's own command, checked every 2 s
 * instead of every 30 s so the test does not wait minutes for "healthy". A check (a node start-up
 * in the container) may take 30 s on a busy machine before it counts as failed, and failures in
 * the first minute, while the gateway starts, do not count.
 */
function healthcheck(image: Dockerode.ImageInspectInfo): Dockerode.HealthConfig {
  const test = image.Config.Healthcheck?.Test;
  if (test === undefined) throw new Error("the server image has no HEALTHCHECK");
  return { Test: test, Interval: 2e9, Timeout: 30e9, StartPeriod: 60e9, Retries: 3 };
}

beforeAll(async () => {
  socket = engineSocket();
  docker = new Dockerode({ socketPath: socket });
  await docker.ping().catch((error: Error) => {
    throw new Error(`No Docker engine answers at ${socket} (${error.message}). Start one (as root) with \`${START_ENGINE_COMMAND}\`.`);
  });
  let everythingImage: string;
  let server: { reference: string };
  [server, everythingImage, registry] = await Promise.all([ensureServerImage({ docker }), ensureTestImage("everything", { docker }), startRegistry()]);
  serverImage = await docker.getImage(server.reference).inspect();

  const pushed = await pushImage(docker, everythingImage, `${registry.host}/mcp/everything:1`);
  pulledImage = pushed.reference;
  pushedDigest = pushed.digest;
  // Only the tag goes: the test image keeps its own.
  await docker.getImage(pulledImage).remove();
  absentBeforeStart = !(await hasImage(pulledImage));

  await docker.createVolume({ Name: `mcpgw-e2e-data-${unique}` });
  volume = `mcpgw-e2e-data-${unique}`;
  // The gateway binds it only once its container has started: a port that nothing takes meanwhile.
  port = await stablePort();
  gateway = await docker.createContainer({
    Image: server.reference,
    name: `mcpgw-e2e-gateway-${unique}`,
    Env: ["MCPGW_HOST=127.0.0.1", `MCPGW_PORT=${port}`, `MCPGW_AUTH_TOKEN=${token}`, "MCPGW_ALLOWED_HOSTS=localhost", "MCPGW_VERBOSE=true"],
    Healthcheck: healthcheck(serverImage),
    HostConfig: {
      NetworkMode: "host",
      Init: true,
      Binds: [`${socket}:/var/run/docker.sock`, `${volume}:/data`],
      GroupAdd: [String((await stat(socket)).gid)],
    },
  });
  // Creating the container filled the new volume from the image's /data (owned by `node`).
  await gateway.putArchive(await homeArchive(pulledImage), { path: "/data" });
  await gateway.start();
  await waitForHealth(gateway);
  gatewayPidns = (await execIn(gateway, ["node", "-e", "process.stdout.write(require('node:fs').readlinkSync('/proc/self/ns/pid'))"])).stdout;
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
  if (volume !== undefined) await docker.getVolume(volume).remove().catch(ignoreGone);
  // The reference the gateway pulled; the image stays, tagged as the test image.
  if (pulledImage !== undefined) await docker.getImage(pulledImage).remove().catch(ignoreGone);
  await registry?.stop();
});

describe("the gateway image built from apps/server/Dockerfile", { timeout: TEST_TIMEOUT_MS }, () => {
  it("runs as its non-root user, which owns the /data volume", async () => {
    expect(serverImage.Config.User).toBe("node");
    const { Mounts } = await gateway!.inspect();
    expect(Mounts.find((mount) => mount.Destination === "/data")).toMatchObject({ Type: "volume", Name: volume });
    const ids = await execIn(gateway!, ["node", "-e", "const fs = require('node:fs'); process.stdout.write(JSON.stringify([process.getuid(), fs.statSync('/data').uid, fs.statSync('/data/registry.yaml').uid]))"]);
    expect(JSON.parse(ids.stdout)).toEqual([1000, 1000, 1000]);
  });

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

    // The image's own check, as the engine runs it ("CMD" then the command).
    const test = (await gateway!.inspect()).Config.Healthcheck?.Test;
    expect(test).toEqual(serverImage.Config.Healthcheck?.Test);
    expect(test?.[0]).toBe("CMD");
    expect(await execIn(gateway!, test!.slice(1))).toMatchObject({ exitCode: 0 });
    await waitForEngineHealth(gateway!);

    expect(await logsOf(gateway!)).toContain(`mcpgw is serving MCP at http://127.0.0.1:${port}/mcp`);
  });

  it("pulls its server's image from the registry and serves its tools from a container beside itself", async () => {
    expect(absentBeforeStart, `${pulledImage} was in the engine before the gateway started`).toBe(true);
    client = new Client({ name: "containerized-gateway-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("echo");

    const pulled = await docker.getImage(pulledImage!).inspect();
    expect(pulled.RepoDigests).toContain(`${pulledImage!.replace(/:1$/, "")}@${pushedDigest}`);
    const servers = await docker.listContainers({ filters: { label: ["mcpgw.server=everything", `mcpgw.owner.pidns=${gatewayPidns}`] } });
    expect(servers.map((s) => ({ image: s.Image, state: s.State, managed: s.Labels["mcpgw.managed"] }))).toEqual([
      { image: pulledImage, state: "running", managed: "true" },
    ]);

    const result = await client.callTool({ name: "echo", arguments: { message: "hello through a containerized gateway" } });
    expect(JSON.stringify(result.content)).toContain("hello through a containerized gateway");
    await client.close();
    client = undefined;
  });

  it("stops on `docker stop`, exiting 0 and leaving no server container, and never printed its token", async () => {
    expect(await ours("mcpgw.managed=true")).not.toEqual([]);
    // SIGTERM, then SIGKILL only after the grace period: an exit code of 0 means the former did it.
    await gateway!.stop({ t: GATEWAY_STOP_GRACE_S });
    const { State } = await gateway!.inspect();
    expect(State.ExitCode, await logsOf(gateway!)).toBe(0);
    expect(await ours("mcpgw.managed=true")).toEqual([]);
    expect(await logsOf(gateway!)).not.toContain(token);

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

/**
 * The gateway's home as a tar of files owned by `node` (uid 1000), as the volume's own folder is:
 * a Docker-format catalog with one `type: server` entry for `image`, and a registry enabling it.
 */
async function homeArchive(image: string): Promise<Buffer> {
  const home = await mkdtemp(join(tmpdir(), "mcpgw-server-home-"));
  try {
    await mkdir(join(home, "catalogs"));
    await writeFile(join(home, "catalogs", "containerized.yaml"), catalogYaml(image));
    await writeFile(join(home, "registry.yaml"), 'registry:\n  everything:\n    ref: ""\n');
    const { stdout } = await promisify(execFile)("tar", ["--create", "--file=-", "--numeric-owner", "--owner=1000", "--group=1000", "-C", home, "catalogs", "registry.yaml"], {
      encoding: "buffer",
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** A Docker-format catalog with one `type: server` entry running `image`. */
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
    "    description: The MCP reference server, pulled from the test's registry",
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

async function hasImage(reference: string): Promise<boolean> {
  return docker.getImage(reference).inspect().then(
    () => true,
    (error: { statusCode?: number }) => {
      if (error.statusCode === 404) return false;
      throw error;
    },
  );
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
