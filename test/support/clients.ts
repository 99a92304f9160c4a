// Real MCP clients of both SDK lines, pointed at a gateway: v1 (`@modelcontextprotocol/sdk`,
// up to 2025-11-25, and legacy SSE) and v2 (`@modelcontextprotocol/client`, 2026-07-28).
import { Client as ClientV2, StreamableHTTPClientTransport as StreamableV2 } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { CLI_BIN } from "./cli.js";
import { baseEnv } from "./process.js";
import { signal } from "./wait.js";

/** Where a client finds a gateway. */
export interface GatewayEndpoint {
  url: string;
  headers: Record<string, string>;
  /** The MCP endpoint's path under `url`; default `/mcp` (a profile's is `/mcp/<profile>`). */
  path?: string;
}

/** Closes what it was given, last first, ignoring failures: for `await using`. */
export class Cleanup implements AsyncDisposable {
  readonly #steps: (() => Promise<unknown>)[] = [];

  /** Closes `value` on dispose, and returns it. */
  add<T extends { close(): Promise<unknown> }>(value: T): T {
    this.#steps.push(() => value.close());
    return value;
  }

  defer(step: () => Promise<unknown>): void {
    this.#steps.push(step);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) await step().catch(() => {});
  }
}

export interface V1Connection {
  client: Client;
  transport: StreamableHTTPClientTransport;
  /**
   * Settles once the session's GET stream is open: notifications not tied to a request
   * (list_changed, resource updates) can reach the client only from then on.
   */
  standaloneStream: Promise<void>;
}

/** A v1 client over Streamable HTTP (a 2025-11-25 session) with the gateway's token. */
export async function connectV1(gateway: GatewayEndpoint, capabilities: ClientCapabilities = {}, name = "e2e-v1"): Promise<V1Connection> {
  const client = new Client({ name, version: "1.0.0" }, { capabilities });
  const opened = signal();
  const transport = new StreamableHTTPClientTransport(new URL(`${gateway.url}${gateway.path ?? "/mcp"}`), {
    requestInit: { headers: gateway.headers },
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if ((init?.method ?? "GET") === "GET" && response.ok && response.headers.get("content-type")?.includes("text/event-stream")) opened.resolve();
      return response;
    },
  });
  await client.connect(transport);
  return { client, transport, standaloneStream: opened.promise };
}

/** A v1 client over the legacy HTTP+SSE transport (`/sse`). */
export async function connectV1Sse(gateway: GatewayEndpoint): Promise<Client> {
  const client = new Client({ name: "e2e-v1-sse", version: "1.0.0" });
  await client.connect(new SSEClientTransport(new URL(`${gateway.url}/sse`), { requestInit: { headers: gateway.headers } }));
  return client;
}

/** A v2 client pinned to the 2026-07-28 era: stateless requests, `server/discover`, no session. */
export async function connectV2Modern(gateway: GatewayEndpoint, capabilities: Record<string, unknown> = {}): Promise<ClientV2> {
  const client = new ClientV2({ name: "e2e-v2", version: "1.0.0" }, { capabilities, versionNegotiation: { mode: { pin: "2026-07-28" } } });
  await client.connect(new StreamableV2(new URL(`${gateway.url}${gateway.path ?? "/mcp"}`), { requestInit: { headers: gateway.headers } }));
  return client;
}

/**
 * A v1 client that spawns `mcpgw gateway run` (stdio) against `home`, as Claude Desktop and
 * the like do. `transport.pid` is the gateway's.
 */
export async function connectStdio(home: { root: string }, args: readonly string[] = []): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_BIN, "gateway", "run", ...args],
    env: baseEnv({ MCPGW_HOME: home.root }),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const client = new Client({ name: "e2e-stdio", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

interface SeenMessage {
  id?: string | number;
  method?: string;
  params?: { progress?: number; progressToken?: string | number; uri?: string };
}

/**
 * Records every message a connected client's transport delivers, before the client dispatches
 * it. Progress is checked here rather than through `onprogress`: the SDK dispatches
 * notifications a microtask late, so progress that arrives in the same read as the result is
 * dropped by the client as "unknown token" — a client race, not what the gateway sent.
 */
export function tapMessages(transport: object): SeenMessage[] {
  const target = transport as { onmessage?: (message: unknown, extra?: unknown) => void };
  const inner = target.onmessage;
  const seen: SeenMessage[] = [];
  target.onmessage = (message, extra) => {
    seen.push(message as SeenMessage);
    inner?.(message, extra);
  };
  return seen;
}

/** Tool names, following every page. */
export async function listToolNames(client: { listTools(params?: { cursor?: string }): Promise<{ tools: { name: string }[]; nextCursor?: string }> }): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    names.push(...page.tools.map((t) => t.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

/** The text parts of a tool result, joined. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content
    .filter((part) => part.type === "text")
    .map((part) => part.text ?? "")
    .join("\n");
}

/** The error a request fails with, as the client sees it: its code and message. */
export async function failure(promise: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: unknown; message?: string } | undefined;
  if (!error) throw new Error("expected the request to fail");
  return { code: error.code, message: String(error.message) };
}
