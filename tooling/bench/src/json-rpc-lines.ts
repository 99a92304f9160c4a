// A deliberately small MCP client over newline-delimited JSON-RPC (stdio, or a container's
// attached stdio): one pending map, one line splitter, no validation. It costs the bench as
// little as possible so that the numbers are the server's and the gateway's.
import type { Readable, Writable } from "node:stream";

/** A JSON-RPC response as far as the bench looks at it. */
export interface RpcResponse {
  id?: number | string;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

/** The MCP protocol version the bench's clients ask for. */
export const PROTOCOL_VERSION = "2025-11-25";

/** The `initialize` params of every bench client. */
/** The `_meta` envelope of a 2026-07-28 request. */
export const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "mcpgw-bench", version: "0.0.0" },
} as const;

export const INITIALIZE_PARAMS = { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "mcpgw-bench", version: "0.0.0" } };

/** A request/response client over a line stream. */
export class LineClient {
  #nextId = 1;
  #buffer = "";
  readonly #pending = new Map<number, { resolve: (r: RpcResponse) => void; reject: (e: Error) => void }>();
  #closed: Error | undefined;

  constructor(
    readonly input: Readable,
    readonly output: Writable,
  ) {
    input.setEncoding("utf8");
    input.on("data", (chunk: string) => this.#onData(chunk));
    const fail = () => this.#failAll(new Error("the server's output ended"));
    input.once("end", fail);
    input.once("close", fail);
  }

  /** Sends a request and resolves with its response (errors included, as values). */
  request(method: string, params?: unknown): Promise<RpcResponse> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.output.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) })}\n`);
    });
  }

  /** Sends a request and returns its result, throwing on a JSON-RPC error. */
  async call(method: string, params?: unknown): Promise<Record<string, unknown>> {
    const response = await this.request(method, params);
    if (response.error) throw new Error(`${method}: ${response.error.message} (${response.error.code})`);
    return response.result ?? {};
  }

  notify(method: string, params?: unknown): void {
    this.output.write(`${JSON.stringify({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) })}\n`);
  }

  /** initialize, then notifications/initialized. */
  async initialize(): Promise<Record<string, unknown>> {
    const result = await this.call("initialize", INITIALIZE_PARAMS);
    this.notify("notifications/initialized");
    return result;
  }

  /** Every tool, following cursors. */
  async listTools(): Promise<Record<string, unknown>[]> {
    const tools: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call("tools/list", cursor ? { cursor } : {});
      tools.push(...((page.tools as Record<string, unknown>[] | undefined) ?? []));
      cursor = typeof page.nextCursor === "string" && page.nextCursor !== "" ? page.nextCursor : undefined;
    } while (cursor);
    return tools;
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let newline = this.#buffer.indexOf("\n");
    while (newline >= 0) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      newline = this.#buffer.indexOf("\n");
      // Only responses matter: notifications and server requests have no numeric id of ours.
      if (!line.includes('"id"')) continue;
      let message: RpcResponse & { method?: string };
      try {
        message = JSON.parse(line) as RpcResponse & { method?: string };
      } catch {
        continue;
      }
      if (message.method !== undefined || typeof message.id !== "number") continue;
      const pending = this.#pending.get(message.id);
      if (!pending) continue;
      this.#pending.delete(message.id);
      pending.resolve(message);
    }
  }

  #failAll(error: Error): void {
    this.#closed ??= error;
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }
}

/** The text an `echo` result carries, to check that a call really went through. */
export function echoText(result: Record<string, unknown> | undefined): string | undefined {
  const content = result?.content as { type?: string; text?: string }[] | undefined;
  return content?.[0]?.text;
}
