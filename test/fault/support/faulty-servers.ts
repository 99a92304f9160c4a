// The upstream side of the fault suite: the faulty server (fixtures/faulty-server.mjs) as
// container catalog entries of the `node` test image, a home whose secret reaches them, what the
// servers recorded, what the engine saw start, and how much memory a gateway holds.
import { chmod, mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import Dockerode from "dockerode";
import { TempHome } from "../../support/cli.js";
import { connectV1 } from "../../support/clients.js";
import type { GatewayProcess } from "../../support/gateway.js";
import { startGateway } from "../../support/gateway.js";
import type { CatalogEntry } from "../../support/servers.js";
import { writeFaultHome } from "./fault-home.js";
import { record, recordGateway } from "./leak-check.js";

/** The folder holding faulty-server.mjs, mounted read-only into every faulty container at /fault. */
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/** The faulty server's tools, declared in the catalog so listing never starts a server. */
export const FAULTY_TOOLS = ["echo", "secret-length", "env-digest", "crash", "hang", "cancellations", "garbage", "huge-line"] as const;

export interface FaultyOptions {
  /** FAULT_ON_START: `exit` or `hang-initialize`; a well-behaved server without it. */
  onStart?: "exit" | "hang-initialize";
  /** A host folder mounted read-write at /record, where the server appends what it saw. */
  recordDir?: string;
  /** More catalog fields, e.g. `{ sharing: "shared" }`. */
  over?: CatalogEntry;
}

/** The faulty server as a container of the `node` test image, without a network (the fault home gives it the suite's secret). */
export function faultyContainer(image: string, options: FaultyOptions = {}): CatalogEntry {
  const env = [
    ...(options.onStart ? [{ name: "FAULT_ON_START", value: options.onStart }] : []),
    ...(options.recordDir ? [{ name: "FAULT_RECORD_DIR", value: "/record" }] : []),
  ];
  return {
    type: "server",
    title: "Faulty server",
    image,
    command: ["/fault/faulty-server.mjs"],
    volumes: [`${FIXTURES}:/fault:ro`, ...(options.recordDir ? [`${options.recordDir}:/record:rw`] : [])],
    disableNetwork: true,
    ...(env.length > 0 ? { env } : {}),
    tools: FAULTY_TOOLS.map((name) => ({ name, description: `fault fixture: ${name}`, arguments: [{ name: "message", type: "string", optional: true }, { name: "lines", type: "number", optional: true }, { name: "megabytes", type: "number", optional: true }, { name: "name", type: "string", optional: true }] })),
    ...options.over,
  };
}

/** The fault home (see fault-home.ts), served with every tool prefixed by its server's name. */
export async function writeFaultyHome(home: TempHome, servers: Record<string, CatalogEntry>): Promise<string[]> {
  return [...(await writeFaultHome(home, servers)), "--tool-prefix", "always"];
}

/** A folder a container may write to (every capability is dropped there, so it is open to all). */
export async function recordFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mcpgw-fault-record-"));
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o777);
  return dir;
}

/** One thing a faulty server recorded. */
export interface FaultEvent {
  event: "started" | "call" | "cancelled" | "ignored";
  tool?: string;
  id?: string | number;
  requestId?: string | number;
  reason?: string;
  method?: string;
  pid: number;
}

/** What the faulty servers writing to `dir` recorded so far. */
export async function recordedEvents(dir: string): Promise<FaultEvent[]> {
  const text = await readFile(join(dir, "events.ndjson"), "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as FaultEvent);
}

let docker: Dockerode | undefined;
const engine = () => (docker ??= new Dockerode());

/**
 * How many containers of `server` the gateway process `pid` started between `since` and now
 * (milliseconds since the epoch), by the engine's own event log: removed containers count too.
 */
export async function containerStarts(server: string, pid: number, since: number): Promise<number> {
  const stream = (await engine().getEvents({
    since: Math.floor(since / 1000),
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: { type: ["container"], event: ["start"], label: [`mcpgw.server=${server}`, `mcpgw.owner.pid=${pid}`] },
  })) as NodeJS.ReadableStream;
  let text = "";
  for await (const chunk of stream) text += chunk.toString();
  return text.split("\n").filter((line) => line.trim() !== "").length;
}

/** Containers of `server` that exist now (running or not), by label. */
export async function containersOfServer(server: string, pid: number): Promise<Dockerode.ContainerInfo[]> {
  return engine().listContainers({ all: true, filters: JSON.stringify({ label: [`mcpgw.server=${server}`, `mcpgw.owner.pid=${pid}`] }) });
}

/** Keeps an error a client received (message and data) for the leak check, and returns it. */
export function recordError<T>(source: string, error: T): T {
  const e = error as { message?: string; data?: unknown; code?: unknown };
  record(source, `${e?.message ?? String(error)} ${JSON.stringify(e?.data ?? null)}`);
  return error;
}

/** A gateway over a fresh home with these servers, its v1 client, and everything to dispose. */
export interface FaultGateway extends AsyncDisposable {
  home: TempHome;
  gateway: GatewayProcess;
  client: Client;
}

/**
 * Starts `gateway run` (streaming) over a fresh home serving `servers`, with the suite's secret
 * configured and `args` added, and connects a v1 client. Disposing it records the gateway's
 * output for the leak check, stops it, and fails when it left containers behind.
 */
export async function openFaultGateway(name: string, servers: Record<string, CatalogEntry>, args: readonly string[] = []): Promise<FaultGateway> {
  const home = await TempHome.create();
  const gateway = await startGateway(home, { args: [...(await writeFaultyHome(home, servers)), ...args] }).catch(async (error: Error) => {
    record(`${name} start failure`, error.message);
    await home[Symbol.asyncDispose]();
    throw error;
  });
  const { client } = await connectV1(gateway);
  return {
    home,
    gateway,
    client,
    async [Symbol.asyncDispose]() {
      await client.close().catch(() => {});
      const exit = await gateway.stop();
      recordGateway(name, gateway);
      await home[Symbol.asyncDispose]();
      if (exit.leftoverContainers.length > 0) throw new Error(`${name}: the gateway left ${exit.leftoverContainers.length} containers behind`);
    },
  };
}
