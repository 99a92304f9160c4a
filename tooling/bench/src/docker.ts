// The Docker side of the bench: counting what a gateway started (by its labels), cleaning up
// after it, and the floor: a bare container of the same image driven through dockerode.
import { readlinkSync } from "node:fs";
import type { Duplex } from "node:stream";
import { PassThrough } from "node:stream";
import Dockerode from "dockerode";
import { ECHO_CALL, checkEcho } from "./echo-call.js";
import { LineClient } from "./json-rpc-lines.js";
import { since } from "./stats.js";

let docker: Dockerode | undefined;
/** The engine at DOCKER_HOST or the default socket. */
export const engine = (): Dockerode => (docker ??= new Dockerode());

/** The label on the bench's own bare containers, so that a crash leaves nothing unfindable. */
const BENCH_LABEL = "mcpgw.bench";

function pidNamespace(): string {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return "";
  }
}

/** Containers (any state) labelled `mcpgw.managed=true` that the gateway process `pid` started. */
export async function managedContainersOf(pid: number): Promise<string[]> {
  const list = await engine().listContainers({
    all: true,
    filters: JSON.stringify({ label: ["mcpgw.managed=true", `mcpgw.owner.pid=${pid}`, `mcpgw.owner.pidns=${pidNamespace()}`] }),
  });
  return list.map((c) => c.Id);
}

/** Removes what {@link managedContainersOf} finds (a gateway that was killed leaves them). */
export async function removeContainersOf(pid: number): Promise<number> {
  const ids = await managedContainersOf(pid);
  await Promise.all(ids.map((id) => engine().getContainer(id).remove({ force: true }).catch(() => {})));
  return ids.length;
}

/** Timings of one bare container, ms from the create call. */
export interface BareRun {
  /** create + attach + start returned. */
  startedMs: number;
  /** initialize answered. */
  initializedMs: number;
  /** The last step (tools/call echo, or tools/list) answered. */
  totalMs: number;
}

/**
 * The floor of a cold call: `docker run --rm -i --network none IMAGE` through dockerode, then
 * MCP initialize and one more request (`tools/call echo` or `tools/list`) on its stdio. Nothing
 * the gateway adds (limits, hardening, labels beyond one) is there.
 */
export async function bareContainerRun(image: string, last: "echo" | "list"): Promise<BareRun> {
  const t0 = performance.now();
  const container = await engine().createContainer({
    Image: image,
    OpenStdin: true,
    StdinOnce: false,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    Labels: { [BENCH_LABEL]: "true" },
    HostConfig: { NetworkMode: "none", AutoRemove: false },
  });
  try {
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stderr.resume();
    engine().modem.demuxStream(stream, stdout, stderr);
    stream.on("error", () => {});
    await container.start();
    const startedMs = since(t0);
    const client = new LineClient(stdout, stream);
    await client.initialize();
    const initializedMs = since(t0);
    if (last === "echo") checkEcho(await client.call("tools/call", ECHO_CALL));
    else await client.listTools();
    const totalMs = since(t0);
    stream.destroy();
    return { startedMs, initializedMs, totalMs };
  } finally {
    await container.remove({ force: true }).catch(() => {});
  }
}

/** Removes bare containers a crashed run of the bench left behind. */
export async function removeBenchContainers(): Promise<void> {
  const list = await engine().listContainers({ all: true, filters: JSON.stringify({ label: [`${BENCH_LABEL}=true`] }) });
  await Promise.all(list.map((c) => engine().getContainer(c.Id).remove({ force: true }).catch(() => {})));
}
