// Test support (not built): runs a BUILT example server as a real child process, either behind
// the v1 SDK client (what most deployed clients are) or as a bare process for raw stdio checks.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { exampleServers, type ExampleServer, type ExampleServerName } from "../index.js";

const srcDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * The catalog entry of `name`, after checking that its built entry exists and is newer than
 * every source file, so a test never passes or fails against a stale build.
 */
export function builtServer(name: ExampleServerName): ExampleServer {
  const server = exampleServers.find((candidate) => candidate.name === name);
  if (!server) throw new Error(`no example server named ${name}`);
  const rebuild = "run `pnpm exec tsc -p tsconfig.build.json` in packages/example-servers";
  if (!existsSync(server.entry)) throw new Error(`${server.entry} does not exist: ${rebuild} first`);
  const builtAt = statSync(server.entry).mtimeMs;
  const newer = sourceFiles(srcDir).filter((file) => statSync(file).mtimeMs > builtAt);
  if (newer.length > 0) throw new Error(`${server.entry} is older than ${newer.join(", ")}: ${rebuild}`);
  return server;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.startsWith("testing"))
    .map((file) => join(dir, file));
}

/** A v1 SDK client connected to a running example server. */
export interface ConnectedServer {
  client: Client;
  transport: StdioClientTransport;
  /** Everything the server has written to stderr so far. */
  stderr(): string;
}

/** Starts the built server `name` and connects a v1 SDK client to it over stdio. */
export async function connect(name: ExampleServerName, env: Record<string, string> = {}): Promise<ConnectedServer> {
  const server = builtServer(name);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [server.entry],
    env: { ...getDefaultEnvironment(), ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const client = new Client({ name: "example-servers-test", version: "0.0.0" });
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

/** A bare server process, for what the SDK client hides: raw stdout, exit codes, signals. */
export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** Sends one JSON-RPC message as a line on stdin. */
  send(message: object): void;
  /** Resolves with the response to request `id`. */
  response(id: number): Promise<Record<string, unknown>>;
  /** Every line the server wrote to stdout. */
  stdoutLines(): string[];
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the built server `name` as a bare child process. */
export function startProcess(name: ExampleServerName, env: Record<string, string> = {}): ServerProcess {
  const server = builtServer(name);
  const child = spawn(process.execPath, [server.entry], { env: { ...getDefaultEnvironment(), ...env }, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  const waiters = new Map<number, (message: Record<string, unknown>) => void>();
  const received = new Map<number, Record<string, unknown>>();
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    for (const line of stdout.split("\n").slice(0, -1)) {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // stdoutLines() keeps it, for the tests that check stdout carries only JSON-RPC.
      }
      if (typeof message.id === "number" && !received.has(message.id)) {
        received.set(message.id, message);
        waiters.get(message.id)?.(message);
      }
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    send: (message) => child.stdin.write(`${JSON.stringify(message)}\n`),
    response: (id) => {
      const done = received.get(id);
      return done ? Promise.resolve(done) : new Promise((resolve) => waiters.set(id, resolve));
    },
    stdoutLines: () => stdout.split("\n").filter((line) => line !== ""),
    stderr: () => stderr,
    exited,
  };
}

/** A 2025-11-25 `initialize` request, as the opening message of a raw session. */
export function initializeRequest(id: number): object {
  return {
    jsonrpc: "2.0",
    id,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw-test", version: "0.0.0" } },
  };
}
