// Test support (not built): hand-made MCP HTTP requests for `app.request(...)`, to see exactly
// which status and body each case gets.
import type { Hono } from "hono";
import type { HttpAppEnv } from "../serve/http-app.js";
import { definedOnly } from "@mcpgw/core";

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

/** Where requests go: an app, in-process (as if to 127.0.0.1:8811), or a served one's base URL (real HTTP). */
export type RawTarget = Hono<HttpAppEnv> | string;

/** Sends one request to `target` with the usual MCP headers. */
export function send(target: RawTarget, request: RawRequest): Promise<Response> {
  const method = request.method ?? "POST";
  const inProcess = typeof target !== "string";
  const headers: Record<string, string> = {
    ...(inProcess ? { host: "127.0.0.1:8811" } : {}),
    ...(method === "POST" ? { "content-type": "application/json", accept: ACCEPT_BOTH } : {}),
    ...request.headers,
  };
  const body = request.body === undefined ? undefined : typeof request.body === "string" ? request.body : JSON.stringify(request.body);
  const init = { method, headers, ...definedOnly({ body }) };
  const path = request.path ?? "/mcp";
  return inProcess ? Promise.resolve(target.request(`http://127.0.0.1:8811${path}`, init)) : fetch(`${target}${path}`, init);
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
