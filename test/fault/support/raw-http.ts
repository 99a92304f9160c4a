// Hand-made MCP HTTP requests to a real gateway over a socket, below any client library: any
// body, any headers, and what came back read as JSON-RPC whether it came as JSON or as SSE.
// (@mcpgw/transports has in-process equivalents for `app.request`; they are not exported.)
import type { GatewayEndpoint } from "../../support/clients.js";

export const ACCEPT_BOTH = "application/json, text/event-stream";

/** The `_meta` envelope every 2026-07-28 request carries. */
export const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "fault-raw", version: "0.0.0" },
};

/** A JSON-RPC message as it came back. */
export interface RpcMessage {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

/** What one HTTP request got. */
export interface RawResponse {
  status: number;
  headers: Headers;
  /** The body's text. */
  text: string;
  /** The JSON-RPC messages of a JSON body or of an SSE stream's `data:` lines; `undefined` when the body is neither. */
  messages: RpcMessage[] | undefined;
}

/** Reads a response whole, as text and as JSON-RPC messages. */
export async function readResponse(response: Response): Promise<RawResponse> {
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  let messages: RpcMessage[] | undefined;
  try {
    if (type.includes("text/event-stream")) {
      messages = text
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trim())
        .filter((data) => data.length > 0)
        .map((data) => JSON.parse(data) as RpcMessage);
    } else if (type.includes("json") && text.length > 0) {
      const parsed = JSON.parse(text) as RpcMessage | RpcMessage[];
      messages = Array.isArray(parsed) ? parsed : [parsed];
    } else if (text.length === 0) {
      messages = [];
    }
  } catch {
    messages = undefined;
  }
  return { status: response.status, headers: response.headers, text, messages };
}

/** POSTs `body` (sent as is when a string, else as JSON) to the gateway's `/mcp` with its token and the usual MCP headers, over `headers`. */
export async function postMcp(gateway: GatewayEndpoint, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(`${gateway.url}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: ACCEPT_BOTH, ...gateway.headers, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return readResponse(response);
}

/** Sends any request to `/mcp` with the gateway's token and `headers`. */
export async function requestMcp(gateway: GatewayEndpoint, method: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(`${gateway.url}/mcp`, { method, headers: { accept: ACCEPT_BOTH, ...gateway.headers, ...headers }, signal: AbortSignal.timeout(30_000) });
  return readResponse(response);
}

/** Opens a 2025-11-25 session with a raw `initialize` and `notifications/initialized`; returns its id. */
export async function openSession(gateway: GatewayEndpoint): Promise<string> {
  const init = await postMcp(gateway, { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "fault-raw", version: "0" } } });
  const id = init.headers.get("mcp-session-id");
  if (init.status !== 200 || !id) throw new Error(`initialize failed with ${init.status}: ${init.text.slice(0, 500)}`);
  const initialized = await postMcp(gateway, { jsonrpc: "2.0", method: "notifications/initialized" }, sessionHeaders(id));
  if (initialized.status !== 202) throw new Error(`notifications/initialized got ${initialized.status}`);
  return id;
}

/** The headers of a request in session `id`. */
export function sessionHeaders(id: string): Record<string, string> {
  return { "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" };
}

/** A 2026-07-28 stateless request with its envelope, and the headers that must match it. */
export function modernRequest(id: string | number, method: string, params: Record<string, unknown> = {}): { body: unknown; headers: Record<string, string> } {
  const name = typeof params.name === "string" ? params.name : typeof params.uri === "string" ? params.uri : undefined;
  return {
    body: { jsonrpc: "2.0", id, method, params: { ...params, _meta: MODERN_META } },
    headers: { "mcp-protocol-version": "2026-07-28", "mcp-method": method, ...(name === undefined ? {} : { "mcp-name": name }) },
  };
}
