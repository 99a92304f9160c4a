// Test support (not built): specs for the fixture and real servers, an SDK client on a
// connection, and process checks that do not rely on timing.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Connection, ConnectContext, LogFields, Logger, ProcessServerSpec } from "@mcpgw/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";

/** The fixture server script (see its header for the modes). */
export const fixtureEntry = fileURLToPath(new URL("../fixtures/server.mjs", import.meta.url));

export type FixtureMode = "serve" | "silent" | "crash" | "tree" | "stubborn";

/** A resolved process spec with the defaults a catalog would give. */
export function processSpec(name: string, command: string, args: string[], overrides: Partial<ProcessServerSpec> = {}): ProcessServerSpec {
  return {
    kind: "process",
    name,
    source: { file: "test" },
    env: {},
    secretEnv: {},
    sharing: "shared",
    longLived: false,
    command,
    args,
    ...overrides,
  };
}

/** The fixture server run as `node server.mjs <mode>`. */
export function fixtureSpec(name: string, mode: FixtureMode = "serve", overrides: Partial<ProcessServerSpec> = {}): ProcessServerSpec {
  return processSpec(name, process.execPath, [fixtureEntry, mode], overrides);
}

/** `@modelcontextprotocol/server-everything` over stdio, run with node from its bin entry (no npx). */
export function everythingSpec(name = "everything"): ProcessServerSpec {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("@modelcontextprotocol/server-everything/package.json");
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: string | Record<string, string> };
  const entry = typeof bin === "string" ? bin : bin["mcp-server-everything"];
  if (!entry) throw new Error("server-everything has no mcp-server-everything bin");
  return processSpec(name, process.execPath, [join(dirname(manifest), entry), "stdio"]);
}

/** A v1 SDK client, initialized over the connection's transport. */
export async function connectClient(connection: Connection): Promise<Client> {
  const client = new Client({ name: "runtime-process-test", version: "0.0.0" });
  // MessageTransport is structurally the SDK's Transport; the types differ in JSON-RPC detail only.
  await client.connect(connection.transport as unknown as Transport);
  return client;
}

/** The text of a tool result's first content item. */
export function resultText(result: unknown): string {
  const [first] = (result as { content: { type: string; text?: string }[] }).content;
  if (first?.type !== "text" || first.text === undefined) throw new Error(`not a text result: ${JSON.stringify(result)}`);
  return first.text;
}

/** The process id behind a connection (`pid:<pid>`). */
export function pidOf(connection: Connection): number {
  const match = /^pid:(\d+)$/.exec(connection.id);
  if (!match) throw new Error(`not a process connection id: ${connection.id}`);
  return Number(match[1]);
}

/** Whether a process runs: `kill(pid, 0)` succeeds and, where /proc says so, it is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return true;
  }
}

/** Bounds a wait for a process to start, answer or go: seconds on a busy 2-core machine. */
const WAIT_DEADLINE_MS = 30_000;

/** Polls until `condition` holds, failing after `timeoutMs` with `what`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = WAIT_DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The pids a fixture run with SPAWN_LOG wrote. */
export function loggedPids(file: string): number[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Every process's command line, from /proc. */
export function allCommandLines(): { pid: number; argv: string }[] {
  const lines: { pid: number; argv: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      lines.push({ pid: Number(entry), argv: readFileSync(`/proc/${entry}/cmdline`, "utf8") });
    } catch {
      // Gone since the listing, or not ours to read.
    }
  }
  return lines;
}

/** A logger that keeps every line, bindings and fields included, as JSON text. */
export function recordingLogger(lines: string[] = [], bindings: LogFields = {}): Logger & { lines: string[] } {
  const record = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(JSON.stringify({ level, message, ...bindings, ...fields }));
  };
  return {
    lines,
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

/** A connect context with a recording logger. */
export function testContext(): ConnectContext & { logger: ReturnType<typeof recordingLogger> } {
  return { logger: recordingLogger() };
}
