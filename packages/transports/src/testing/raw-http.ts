// Test support (not built): hand-made MCP HTTP requests to an HTTP app listening on 127.0.0.1,
// to see exactly which status, headers and body each case gets. Requests go through node:http
// so that every header (Host included) is sent as written.
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { HttpApp } from "../serve/http-app.js";

export const ACCEPT_BOTH = "application/json, text/event-stream";

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw-test", version: "0.0.0" } },
};

/** The `_meta` envelope of a 2026-07-28 request. */
export const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "raw-test", version: "0.0.0" },
};

/** A 2026-07-28 `tools/call` of echo with the headers that must match it. */
export function modernEcho(message: string, headers: Record<string, string> = {}): { body: unknown; headers: Record<string, string> } {
  return {
    body: { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "echo", arguments: { message }, _meta: MODERN_META } },
    headers: { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "echo", ...headers },
  };
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** JSON-encoded unless a string. */
  body?: unknown;
}

/** The port `http` listens on, on 127.0.0.1; the listener does not keep the process alive. */
const listening = new WeakMap<HttpApp, Promise<number>>();
function portOf(http: HttpApp): Promise<number> {
  let port = listening.get(http);
  if (!port) {
    const server = createServer(http.listener);
    server.unref();
    port = new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
    listening.set(http, port);
  }
  return port;
}

/** Statuses whose answers have no body, which a web Response refuses one for. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/** Where requests go: an app (listening on a port of its own here), or a served one's base URL. */
export type RawTarget = HttpApp | string;

/** Sends one request to `target` over a socket (as if to 127.0.0.1:8811 for an app), with the usual MCP headers. */
export async function send(target: RawTarget, request: RawRequest): Promise<Response> {
  const method = request.method ?? "POST";
  const base = typeof target === "string" ? new URL(target) : new URL(`http://127.0.0.1:${await portOf(target)}`);
  const headers: Record<string, string> = {
    host: typeof target === "string" ? base.host : "127.0.0.1:8811",
    ...(method === "POST" ? { "content-type": "application/json", accept: ACCEPT_BOTH } : {}),
    ...request.headers,
  };
  const body = request.body === undefined ? undefined : typeof request.body === "string" ? request.body : JSON.stringify(request.body);
  return new Promise<Response>((resolve, reject) => {
    const outgoing = httpRequest({ host: base.hostname, port: base.port, method, path: `${base.pathname.replace(/\/$/, "")}${request.path ?? "/mcp"}`, headers }, (incoming) => {
      const answer = new Headers();
      for (let i = 0; i < incoming.rawHeaders.length; i += 2) answer.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
      const status = incoming.statusCode ?? 500;
      const stream = NULL_BODY.has(status) ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
      if (stream === null) incoming.resume();
      resolve(new Response(stream, { status, headers: answer }));
    });
    outgoing.once("error", reject);
    outgoing.end(body);
  });
}

/** Opens a 2025-11-25 session with a raw initialize; returns its id. */
export async function initializeSession(target: RawTarget, headers: Record<string, string> = {}): Promise<string> {
  const response = await send(target, { body: INITIALIZE, headers });
  await response.text();
  const id = response.headers.get("mcp-session-id");
  if (response.status !== 200 || !id) throw new Error(`initialize failed with ${response.status}`);
  await (await send(target, { body: { jsonrpc: "2.0", method: "notifications/initialized" }, headers: { ...headers, "mcp-session-id": id } })).text();
  return id;
}

/** Bounds a wait for a session, stream or notification to arrive: seconds on a busy 2-core machine. */
const EVENTUALLY_DEADLINE_MS = 30_000;

/** Waits until `check` holds, polling every 20 ms for at most `timeoutMs`; fails with `what` otherwise. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = EVENTUALLY_DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
