// A router with real upstream servers (server-everything and the example servers, run as local
// processes) and real SDK clients linked to its downstream servers in memory. Call
// `closeRouters` after each test.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Connector, Principal, ProcessServerSpec, ServerSpec } from "@mcpgw/core";
import { exampleServers } from "@mcpgw/example-servers";
import { createCallLog, createRouter } from "@mcpgw/router";
import type { CallLogEntry, Router, RouterOptions } from "@mcpgw/router";
import { createProcessConnector } from "@mcpgw/runtime-process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";

const require = createRequire(import.meta.url);
const everythingEntry = join(dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")), "dist", "index.js");

/** A process server running `node <args>`. */
export function processSpec(name: string, args: string[], over: Partial<ProcessServerSpec> = {}): ProcessServerSpec {
  return { kind: "process", name, command: process.execPath, args, env: {}, secretEnv: {}, sharing: "shared", longLived: false, source: { file: "test" }, ...over };
}

/** server-everything over stdio. */
export const everything = (over: Partial<ProcessServerSpec> = {}) => processSpec("everything", [everythingEntry, "stdio"], over);

/** An example server, as `as`, with its tools declared as a catalog declares them. */
export function example(name: "clock" | "notes", as: string = name): ProcessServerSpec {
  const server = exampleServers.find((s) => s.name === name)!;
  return processSpec(as, [server.entry], { tools: server.tools.map((t) => ({ ...t, inputSchema: { ...t.inputSchema } })) });
}

/** The gateway's own deadlines, which a router is given: a server answers initialize within 30 s, a call within 10 minutes. */
export const ROUTER_TIMEOUTS = { initializeTimeoutMs: 30_000, callTimeoutMs: 600_000 } as const;

const cleanup: (() => Promise<void>)[] = [];

/** Closes every client, session and router made since the last call; for `afterEach`. */
export async function closeRouters(): Promise<void> {
  for (const step of cleanup.splice(0).reverse()) await step();
}

/** A router over `specs`, its connector (which counts starts, so tests can tell that listing started nothing) and its call log. */
export function setupRouter(specs: ServerSpec[], over: Partial<RouterOptions> = {}) {
  const connector = counting(createProcessConnector({ lifecycle: { idleTimeoutMs: 60_000 } }));
  const calls: CallLogEntry[] = [];
  const router = createRouter({
    specs,
    connectors: [connector],
    callMiddleware: [createCallLog((e) => calls.push(e))],
    ...ROUTER_TIMEOUTS,
    ...over,
  });
  cleanup.push(async () => {
    await router.close();
    await connector.closeAll();
  });
  return { router, connector, calls };
}

function counting(connector: Connector): Connector & { starts: string[] } {
  const starts: string[] = [];
  return { kinds: connector.kinds, starts, connect: (spec, ctx) => (starts.push(spec.name), connector.connect(spec, ctx)), closeAll: () => connector.closeAll() };
}

/** What a client session brings: its capabilities, who its transport proved it is (none: the owner), and the profile it is served. */
export interface SessionOptions {
  capabilities?: Record<string, unknown>;
  principal?: Principal;
  profile?: string;
}

let sessions = 0;

/** A v1 SDK client on a new session of `router`, initialized. */
export async function connectSession(router: Router, options: SessionOptions = {}): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const id = `s${++sessions}`;
  const server = router.createServer({ id, transport: "stdio", era: "2025-11-25", ...(options.principal ? { principal: options.principal } : {}), ...(options.profile ? { profile: options.profile } : {}) });
  await server.connect(serverSide as never);
  const client = new Client({ name: "test", version: "1" }, { capabilities: options.capabilities ?? {} });
  await client.connect(clientSide);
  cleanup.push(async () => {
    await client.close();
    router.sessionClosed(id);
  });
  return client;
}
