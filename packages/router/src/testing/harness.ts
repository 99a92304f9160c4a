// Test support (not exported): a router over fake servers, and real v1 SDK clients linked in
// memory to its session servers. `closeAll` after each test.
import type { Principal, ProcessServerSpec, Sharing } from "@mcpgw/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallLogEntry } from "../calls/call-log.js";
import { createCallLog } from "../calls/call-log.js";
import type { Router, RouterOptions } from "../router.js";
import { createRouter } from "../router.js";
import type { FakeServerScript, MemoryConnector } from "./memory-connector.js";
import { createMemoryConnector } from "./memory-connector.js";
import { definedOnly } from "@mcpgw/core";

const cleanup: (() => Promise<void>)[] = [];

/** Closes every client and router made since the last call; for `afterEach`. */
export async function closeAll(): Promise<void> {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
}

/** A server spec for the memory connector. */
export function spec(name: string, sharing: Sharing = "shared", over: Partial<ProcessServerSpec> = {}): ProcessServerSpec {
  return { kind: "process", name, command: name, args: [], env: {}, secretEnv: {}, sharing, longLived: false, source: { file: "test" }, ...over };
}

/** A router over fake servers, its connector and its call log. */
export function setup(specs: ProcessServerSpec[], scripts: Record<string, FakeServerScript> = {}, over: Partial<RouterOptions> = {}) {
  const connector: MemoryConnector = createMemoryConnector(scripts);
  const calls: CallLogEntry[] = [];
  const router = createRouter({
    specs,
    connectors: [connector],
    callMiddleware: [createCallLog((entry) => calls.push(entry))],
    initializeTimeoutMs: 5_000,
    callTimeoutMs: 30_000,
    ...over,
  });
  cleanup.push(() => router.close());
  return { router, connector, calls };
}

let sessions = 0;

/** A v1 SDK client on a new 2025-11-25 session of `router`, initialized; `id` is its session id. */
export async function connect(router: Router, options: { capabilities?: Record<string, unknown>; principal?: Principal } = {}): Promise<Client & { id: string }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const id = `s${++sessions}`;
  const server = router.createServer({ id, transport: "stdio", era: "2025-11-25", ...definedOnly({ principal: options.principal }) });
  // The v1 and v2 SDKs' Transport types differ in name only.
  await server.connect(serverSide as never);
  const client = Object.assign(new Client({ name: "test", version: "1" }, { capabilities: options.capabilities ?? {} }), { id });
  await client.connect(clientSide);
  cleanup.push(async () => {
    await client.close();
    router.sessionClosed(id);
  });
  return client;
}

/** A tool as a catalog or a server lists it. */
export function tool(name: string, over: Record<string, unknown> = {}): { name: string; inputSchema: { type: "object" } } & Record<string, unknown> {
  return { name, inputSchema: { type: "object" }, ...over };
}

/** Resolves when `client` next receives a notification of `schema`'s method. */
export function notified(client: Client, schema: Parameters<Client["setNotificationHandler"]>[0]): Promise<void> {
  return new Promise<void>((resolve) => client.setNotificationHandler(schema, () => resolve()));
}

/** The JSON-RPC error a request failed with (or undefined when it succeeded). */
export function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** A promise and its resolver, for answers a test decides when to give. */
export function deferred<T = unknown>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Waits until `check` holds, polling on the event loop; fails after a generous deadline. */
export async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + UNTIL_DEADLINE_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** How long `until` waits for something that should happen within a few event-loop turns. */
const UNTIL_DEADLINE_MS = 5_000;
