// A light Streamable HTTP (2025-11-25 sessions) client: raw POSTs over an undici keep-alive
// Pool, JSON or SSE answers parsed just enough to find the response. Light on purpose: the load
// generator shares two cores with the servers it measures.
import { Pool } from "undici";
import type { RpcResponse } from "./json-rpc-lines.js";
import { INITIALIZE_PARAMS, MODERN_META } from "./json-rpc-lines.js";
import { PATIENCE_MS } from "./processes.js";

/** A keep-alive connection pool to one origin, e.g. `http://127.0.0.1:8811`. */
export function createPool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: PATIENCE_MS, bodyTimeout: PATIENCE_MS });
}

/** Finds the response with `id` in a JSON body or an SSE stream's `data:` lines. */
export function parseAnswer(body: string, id: number, contentType: string): RpcResponse | undefined {
  if (!contentType.includes("text/event-stream")) {
    const parsed = JSON.parse(body) as RpcResponse | RpcResponse[];
    return Array.isArray(parsed) ? parsed.find((m) => m.id === id) : parsed;
  }
  let start = body.indexOf("data:");
  while (start >= 0) {
    const end = body.indexOf("\n", start);
    const data = body.slice(start + 5, end < 0 ? undefined : end).trim();
    if (data.includes('"id"')) {
      const message = JSON.parse(data) as RpcResponse & { method?: string };
      if (message.id === id && message.method === undefined) return message;
    }
    start = end < 0 ? -1 : body.indexOf("data:", end);
  }
  return undefined;
}

/** One MCP session over Streamable HTTP. */
export class HttpSession implements McpHttpClient {
  sessionId: string | undefined;
  protocolVersion: string | undefined;
  /** Characters of the last response body. */
  lastBodyLength = 0;
  #nextId = 1;

  constructor(
    readonly pool: Pool,
    readonly path: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  #headers(): Record<string, string> {
    return {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(this.sessionId ? { "mcp-session-id": this.sessionId } : {}),
      ...(this.protocolVersion ? { "mcp-protocol-version": this.protocolVersion } : {}),
      ...this.extraHeaders,
    };
  }

  /** Sends a request; resolves with its response, or throws on an HTTP error or no answer. */
  async request(method: string, params?: unknown): Promise<RpcResponse> {
    const id = this.#nextId++;
    const { statusCode, headers, body } = await this.pool.request({
      path: this.path,
      method: "POST",
      headers: this.#headers(),
      body: JSON.stringify({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) }),
    });
    const text = await body.text();
    this.lastBodyLength = text.length;
    if (statusCode !== 200) throw new HttpStatusError(statusCode, `${method}: HTTP ${statusCode}: ${text.slice(0, 200)}`);
    if (method === "initialize") {
      const sid = headers["mcp-session-id"];
      this.sessionId = Array.isArray(sid) ? sid[0] : sid;
    }
    const answer = parseAnswer(text, id, String(headers["content-type"] ?? ""));
    if (!answer) throw new Error(`${method}: no response with id ${id} in: ${text.slice(0, 200)}`);
    return answer;
  }

  async call(method: string, params?: unknown): Promise<Record<string, unknown>> {
    const response = await this.request(method, params);
    if (response.error) throw new Error(`${method}: ${response.error.message} (${response.error.code})`);
    return response.result ?? {};
  }

  async notify(method: string): Promise<void> {
    const { statusCode, body } = await this.pool.request({ path: this.path, method: "POST", headers: this.#headers(), body: JSON.stringify({ jsonrpc: "2.0", method }) });
    await body.dump();
    if (statusCode !== 202 && statusCode !== 200) throw new HttpStatusError(statusCode, `${method}: HTTP ${statusCode}`);
  }

  /** initialize (keeping the session id and negotiated version), then notifications/initialized. */
  async open(): Promise<void> {
    const result = await this.call("initialize", INITIALIZE_PARAMS);
    this.protocolVersion = typeof result.protocolVersion === "string" ? result.protocolVersion : undefined;
    await this.notify("notifications/initialized");
  }

  /** Ends the session (DELETE); returns the HTTP status. */
  async close(): Promise<number> {
    const { statusCode, body } = await this.pool.request({ path: this.path, method: "DELETE", headers: this.#headers() });
    await body.dump();
    return statusCode;
  }

  /** Every tool, following cursors; also how many pages and response characters that took. */
  async listTools(): Promise<{ tools: Record<string, unknown>[]; pages: number; chars: number }> {
    const tools: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    let pages = 0;
    let chars = 0;
    do {
      const page = await this.call("tools/list", cursor ? { cursor } : {});
      pages++;
      chars += this.lastBodyLength;
      tools.push(...((page.tools as Record<string, unknown>[] | undefined) ?? []));
      cursor = typeof page.nextCursor === "string" && page.nextCursor !== "" ? page.nextCursor : undefined;
    } while (cursor);
    return { tools, pages, chars };
  }
}

/** What the throughput section's workers need of a client: open, call, close. */
export interface McpHttpClient {
  open(): Promise<void>;
  call(method: string, params?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<number>;
}

/**
 * A 2026-07-28 (stateless) client: no session; every request carries the `_meta` envelope and
 * the standard headers (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) a conforming client sends.
 */
export class StatelessClient implements McpHttpClient {
  #nextId = 1;

  constructor(
    readonly pool: Pool,
    readonly path: string,
  ) {}

  async open(): Promise<void> {}

  async close(): Promise<number> {
    return 200;
  }

  async call(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    const name = typeof params.name === "string" ? { "mcp-name": params.name } : {};
    const { statusCode, headers, body } = await this.pool.request({
      path: this.path,
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": MODERN_META["io.modelcontextprotocol/protocolVersion"], "mcp-method": method, ...name },
      body: JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: MODERN_META } }),
    });
    const text = await body.text();
    if (statusCode !== 200) throw new HttpStatusError(statusCode, `${method}: HTTP ${statusCode}: ${text.slice(0, 200)}`);
    const answer = parseAnswer(text, id, String(headers["content-type"] ?? ""));
    if (!answer) throw new Error(`${method}: no response with id ${id} in: ${text.slice(0, 200)}`);
    if (answer.error) throw new Error(`${method}: ${answer.error.message} (${answer.error.code})`);
    return answer.result ?? {};
  }
}

/** An HTTP status other than the one expected. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
