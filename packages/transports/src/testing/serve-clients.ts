// Test support (not built): real MCP clients of both SDK lines, pointed at a served app.
import { Client as ClientV2, StreamableHTTPClientTransport as StreamableV2 } from "@modelcontextprotocol/client";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport as SseV1 } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport as StreamableV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/** Closes what `track` was given; for afterEach. */
export function closer() {
  const open: { close(): Promise<void> }[] = [];
  return {
    track<T extends { close(): Promise<void> }>(value: T): T {
      open.push(value);
      return value;
    },
    async closeAll() {
      await Promise.allSettled(open.splice(0).reverse().map((value) => value.close()));
    },
  };
}

const headersFor = (token: string | undefined): Record<string, string> => (token === undefined ? {} : { Authorization: `Bearer ${token}` });

/** A v1 client over Streamable HTTP (protocol up to 2025-11-25), with a sampling capability. */
export async function connectV1(url: string, token?: string, options: ConstructorParameters<typeof ClientV1>[1] = {}): Promise<{ client: ClientV1; transport: StreamableV1 }> {
  const client = new ClientV1({ name: "v1-test", version: "0.0.0" }, { capabilities: { sampling: {} }, ...options });
  const transport = new StreamableV1(new URL(`${url}/mcp`), { requestInit: { headers: headersFor(token) } });
  await client.connect(transport);
  return { client, transport };
}

/** A v1 client over legacy SSE. */
export async function connectV1Sse(url: string, token?: string): Promise<ClientV1> {
  const client = new ClientV1({ name: "v1-sse-test", version: "0.0.0" }, { capabilities: { sampling: {} } });
  const headers = headersFor(token);
  const transport = new SseV1(new URL(`${url}/sse`), {
    requestInit: { headers },
    // The EventSource of the GET needs the header too.
    eventSourceInit: { fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) },
  });
  await client.connect(transport);
  return client;
}

/** A v2 client that negotiates its era (2026-07-28 against the gateway). */
export async function connectV2(url: string, token?: string, options: ConstructorParameters<typeof ClientV2>[1] = {}): Promise<ClientV2> {
  const client = new ClientV2({ name: "v2-test", version: "0.0.0" }, { versionNegotiation: { mode: "auto" }, ...options });
  await client.connect(new StreamableV2(new URL(`${url}/mcp`), { requestInit: { headers: headersFor(token) } }));
  return client;
}

interface SeenMessage {
  id?: string | number;
  method?: string;
  params?: { progress?: number };
}

/**
 * Records every message a connected client's transport delivers, before the client dispatches
 * it. Progress is checked here rather than through `onprogress`: both SDK lines dispatch
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

/** The `progress` values of the progress notifications among `seen`, in order. */
export function progressIn(seen: readonly SeenMessage[]): number[] {
  return seen.filter((message) => message.method === "notifications/progress").map((message) => message.params?.progress ?? NaN);
}
