// Test support (not built): @modelcontextprotocol/server-everything as a child process, in its
// Streamable HTTP (`/mcp`) or legacy SSE (`/sse`, posts to `/message`) mode.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { RemoteServerSpec } from "@mcpgw/core";

export type EverythingMode = "streamableHttp" | "sse";

/** A running server-everything. */
export interface EverythingServer extends AsyncDisposable {
  readonly mode: EverythingMode;
  readonly port: number;
  /** The MCP endpoint: `/mcp` for Streamable HTTP, `/sse` for SSE. */
  readonly url: string;
  readonly child: ChildProcess;
  /** What it has written to stdout and stderr (it logs each request). */
  output(): string;
  /** SIGKILL, and wait until it has exited. */
  kill(): Promise<void>;
}

const running = new Set<EverythingServer>();

/** Bounds spawn → listening: node and the server's modules load slowly on a busy 2-core machine. */
const EVERYTHING_LISTEN_DEADLINE_MS = 60_000;

/** What server-everything prints once its HTTP server listens, by mode. */
const LISTENING: Record<EverythingMode, RegExp> = {
  streamableHttp: /MCP Streamable HTTP Server listening on port \d+/,
  sse: /Server is running on port \d+/,
};

/** The server's entry script, from its package.json `bin`. */
export function everythingEntry(): string {
  const manifest = createRequire(import.meta.url).resolve("@modelcontextprotocol/server-everything/package.json");
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> };
  const script = bin["mcp-server-everything"];
  if (!script) throw new Error("server-everything has no mcp-server-everything bin");
  return join(dirname(manifest), script);
}

/** Starts server-everything in `mode` on `port` and waits until it says it listens there. */
export async function startEverything(mode: EverythingMode, port: number): Promise<EverythingServer> {
  const child = spawn(process.execPath, [everythingEntry(), mode], {
    env: { PATH: process.env.PATH ?? "", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: EverythingServer = {
    mode,
    port,
    url: `http://127.0.0.1:${port}${mode === "sse" ? "/sse" : "/mcp"}`,
    child,
    output: () => output,
    async kill() {
      running.delete(server);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    [Symbol.asyncDispose]: () => server.kill(),
  };
  running.add(server);
  // Its own "listening" line, not a port that accepts: another program may hold the port, and
  // then this one exits with EADDRINUSE while the port still answers.
  const deadline = Date.now() + EVERYTHING_LISTEN_DEADLINE_MS;
  while (!LISTENING[mode].test(output)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server-everything ${mode} exited before listening on ${port}:\n${output}`);
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`server-everything ${mode} did not say it listens on ${port} within ${EVERYTHING_LISTEN_DEADLINE_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server;
}

/** Kills every server still running: for afterEach/afterAll, whatever a test left behind. */
export async function killAllEverything(): Promise<void> {
  await Promise.all([...running].map((server) => server.kill()));
}

/** A `type: remote` spec for `url`, as the registry would resolve it. */
export function remoteSpec(url: string, transport: RemoteServerSpec["transport"], overrides: Partial<RemoteServerSpec> = {}): RemoteServerSpec {
  return {
    kind: "remote",
    name: "everything",
    source: { file: "test.yaml" },
    env: {},
    secretEnv: {},
    sharing: "shared",
    longLived: false,
    url,
    transport,
    headers: {},
    ...overrides,
  };
}

/** The spec for a running server-everything. */
export function everythingSpec(server: EverythingServer, name = "everything"): RemoteServerSpec {
  return remoteSpec(server.url, server.mode === "sse" ? "sse" : "streamable-http", { name });
}
