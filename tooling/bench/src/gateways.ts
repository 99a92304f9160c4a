// Starting the programs under test: mcpgw (stdio or Streamable HTTP), supergateway, mcp-proxy
// and the floors, each in front of the same server-everything command, all on 127.0.0.1.
import { connect } from "node:net";
import { stablePort } from "@mcpgw/tooling/testing";
import type { BenchHome } from "./catalog.js";
import { LineClient } from "./json-rpc-lines.js";
import { CLI_BIN, HTTP_FLOOR_BIN, MCP_PROXY_BIN, SUPERGATEWAY_BIN, UPSTREAM_ARGV } from "./paths.js";
import type { Spawned } from "./processes.js";
import { baseEnv, PATIENCE_MS, sleep, spawnProgram, stopProgram } from "./processes.js";

/** Node flags for a gateway process, e.g. `--cpu-prof` when profiling. */
export interface NodeFlags {
  nodeArgs?: readonly string[];
}

/** A gateway serving Streamable HTTP. */
export interface HttpTarget {
  name: string;
  program: Spawned;
  origin: string;
  path: string;
  stop(): Promise<unknown>;
}

/** `mcpgw gateway run --transport stdio`, and a client on its stdio. */
export function startStdioGateway(home: BenchHome, args: readonly string[], options: NodeFlags = {}): { program: Spawned; client: LineClient } {
  const program = spawnProgram(process.execPath, [...(options.nodeArgs ?? []), CLI_BIN, "gateway", "run", "--transport", "stdio", "--log-calls=false", ...args], {
    env: baseEnv({ MCPGW_HOME: home.root }),
    rawStdout: true,
  });
  return { program, client: new LineClient(program.child.stdout!, program.child.stdin!) };
}

/** Stops a stdio gateway the way a client does: its stdin closes. */
export function stopStdioGateway(program: Spawned, graceMs = 20_000): Promise<unknown> {
  return stopProgram(program, { graceMs, gentle: () => program.child.stdin!.end() });
}

/** server-everything itself over stdio, and a client on its stdio. */
export function startDirectServer(): { program: Spawned; client: LineClient } {
  const [command, ...args] = UPSTREAM_ARGV;
  const program = spawnProgram(command!, args, { rawStdout: true });
  return { program, client: new LineClient(program.child.stdout!, program.child.stdin!) };
}

// A relay that only copies bytes between its stdio and the server's: what any stdio gateway
// costs at the least, the extra process hop, without parsing a single message.
const RELAY = `const { spawn } = require("node:child_process");
const [command, ...args] = JSON.parse(process.argv[1]);
const child = spawn(command, args, { stdio: ["pipe", "pipe", "ignore"] });
process.stdin.pipe(child.stdin);
child.stdout.pipe(process.stdout);
child.on("exit", (code) => process.exit(code ?? 0));`;

/** server-everything behind a byte-copying relay process, and a client on the relay's stdio. */
export function startRelay(): { program: Spawned; client: LineClient } {
  const program = spawnProgram(process.execPath, ["-e", RELAY, JSON.stringify(UPSTREAM_ARGV)], { rawStdout: true });
  return { program, client: new LineClient(program.child.stdout!, program.child.stdin!) };
}

/**
 * `mcpgw gateway run --transport streaming` on a free port; resolves once it announced its URL
 * and /health answers. Retried on another port when the chosen one was taken meanwhile.
 */
export async function startMcpgwHttp(home: BenchHome, args: readonly string[], options: NodeFlags = {}): Promise<HttpTarget> {
  return startOnFreePort("mcpgw", (port) => {
    const program = spawnProgram(process.execPath, [...(options.nodeArgs ?? []), CLI_BIN, "gateway", "run", "--transport", "streaming", "--port", String(port), "--allow-unauthenticated", "--log-calls=false", ...args], {
      env: baseEnv({ MCPGW_HOME: home.root }),
    });
    const ready = (async () => {
      await waitFor(program, () => /Client configuration:/.test(program.stdout()), "mcpgw to announce its URL");
      await waitFor(program, () => health(`http://127.0.0.1:${port}/health`), "mcpgw /health");
    })();
    return { program, ready };
  });
}

/** `supergateway --stdio "<upstream>" --outputTransport streamableHttp --stateful --port P`. */
export function startSupergateway(): Promise<HttpTarget> {
  return startOnFreePort("supergateway", (port) => {
    const command = UPSTREAM_ARGV.map((a) => JSON.stringify(a)).join(" ");
    const program = spawnProgram(process.execPath, [SUPERGATEWAY_BIN, "--stdio", command, "--outputTransport", "streamableHttp", "--stateful", "--port", String(port), "--logLevel", "none"]);
    return { program, ready: waitFor(program, () => listening(port), "supergateway to listen") };
  });
}

/** `mcp-proxy --host 127.0.0.1 --port P --server stream -- <upstream>`. */
export function startMcpProxy(): Promise<HttpTarget> {
  return startOnFreePort("mcp-proxy", (port) => {
    const program = spawnProgram(process.execPath, [MCP_PROXY_BIN, "--host", "127.0.0.1", "--port", String(port), "--server", "stream", "--", ...UPSTREAM_ARGV]);
    return { program, ready: waitFor(program, () => listening(port), "mcp-proxy to listen") };
  });
}

/**
 * The HTTP floor (http-floor.mjs): a bare node:http relay that parses each POST, remaps its id
 * and forwards it to the same server-everything as a line; what any HTTP gateway costs at the least.
 */
export function startHttpFloor(): Promise<HttpTarget> {
  return startOnFreePort("floor", (port) => {
    const program = spawnProgram(process.execPath, [HTTP_FLOOR_BIN, String(port), JSON.stringify(UPSTREAM_ARGV)]);
    return { program, ready: waitFor(program, () => listening(port), "the HTTP floor to listen") };
  });
}

async function startOnFreePort(name: string, start: (port: number) => { program: Spawned; ready: Promise<void> }): Promise<HttpTarget> {
  for (let attempt = 1; ; attempt++) {
    // Below the ephemeral range: a connect to a port in it, with nothing listening yet, can
    // connect to itself (TCP simultaneous open) and pass for a listener.
    const port = await stablePort();
    const { program, ready } = start(port);
    try {
      await ready;
      return { name, program, origin: `http://127.0.0.1:${port}`, path: "/mcp", stop: () => stopProgram(program) };
    } catch (error) {
      await stopProgram(program, { graceMs: 2_000 });
      const output = `${program.stdout()}\n${program.stderr()}`;
      if (attempt < 3 && /EADDRINUSE/.test(output)) continue;
      throw new Error(`${name} did not start: ${(error as Error).message}\n${output.slice(-2_000)}`, { cause: error });
    }
  }
}

/** Polls `check` (every 25 ms, at most `timeoutMs`), failing early when the program exits. */
async function waitFor(program: Spawned, check: () => boolean | Promise<boolean>, what: string, timeoutMs = PATIENCE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void program.exited.then(() => (exited = true));
  while (!(await check())) {
    if (exited) throw new Error(`it exited before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

async function health(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
  await response?.body?.cancel();
  return response?.status === 200;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
