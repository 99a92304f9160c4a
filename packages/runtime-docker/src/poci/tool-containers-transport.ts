import type { JsonRpcMessage, MessageTransport, ToolContainersSpec } from "@mcpgw/core";
import { toJsonRpcError, UpstreamError } from "@mcpgw/core";
import type { ToolRun } from "./run-tool-container.js";

/** Runs one call of a tool; rejects with a GatewayError when the call cannot run at all. */
export type RunTool = (tool: string, args: Record<string, unknown>, signal: AbortSignal) => Promise<ToolRun>;

/**
 * The MCP server side of a poci entry, in this process: it answers `initialize`, `ping` and
 * `tools/list` from the spec, and runs a container per `tools/call` (a cancellation kills it).
 * A container's stdout is the result's text; a non-zero exit makes it a tool error that also
 * carries what it wrote to stderr. Answers arrive asynchronously, as from any server.
 */
export class ToolContainersTransport implements MessageTransport {
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  readonly #spec: ToolContainersSpec;
  readonly #run: RunTool;
  readonly #calls = new Map<string | number, AbortController>();
  readonly #running = new Set<Promise<unknown>>();
  #closed = false;
  #ended!: () => void;
  /** Settles once closed and every container of a call under way is gone. */
  readonly ended = new Promise<void>((resolve) => (this.#ended = resolve));

  constructor(spec: ToolContainersSpec, run: RunTool) {
    this.#spec = spec;
    this.#run = run;
  }

  async start(): Promise<void> {}

  async send(message: JsonRpcMessage): Promise<void> {
    if (this.#closed) throw new Error(`server "${this.#spec.name}" is closed`);
    if (message.method === "notifications/cancelled") {
      const id = (message.params as { requestId?: string | number } | undefined)?.requestId;
      if (id !== undefined) this.#calls.get(id)?.abort();
      return;
    }
    if (message.method === undefined || message.id === undefined || message.id === null) return;
    const id = message.id;
    const answered = this.#answer(message.method, (message.params ?? {}) as Record<string, unknown>, id).then(
      (result) => this.#reply({ jsonrpc: "2.0", id, result }),
      (error: unknown) => this.#reply({ jsonrpc: "2.0", id, error: toJsonRpcError(error) }),
    );
    this.#running.add(answered);
    void answered.finally(() => this.#running.delete(answered));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of this.#calls.values()) call.abort();
    await Promise.allSettled(this.#running);
    this.#ended();
    this.onclose?.();
  }

  async #answer(method: string, params: Record<string, unknown>, id: string | number): Promise<unknown> {
    switch (method) {
      case "initialize":
        return {
          protocolVersion: typeof params.protocolVersion === "string" ? params.protocolVersion : "2025-11-25",
          capabilities: { tools: {} },
          serverInfo: { name: this.#spec.name, title: this.#spec.title ?? this.#spec.name, version: "poci" },
        };
      case "ping":
        return {};
      case "tools/list":
        return { tools: this.#spec.tools ?? [] };
      case "tools/call":
        return this.#call(params, id);
      default:
        throw new UpstreamError({ code: -32601, message: `method not found: ${method}` });
    }
  }

  async #call(params: Record<string, unknown>, id: string | number): Promise<unknown> {
    const tool = String(params.name ?? "");
    const args = (params.arguments && typeof params.arguments === "object" ? params.arguments : {}) as Record<string, unknown>;
    const controller = new AbortController();
    this.#calls.set(id, controller);
    try {
      const run = await this.#run(tool, args, controller.signal);
      const failed = run.code !== 0;
      const parts = [run.stdout];
      if (run.truncated) parts.push("\n[output cut: it went past the gateway's limit]");
      if (failed) parts.push(`${run.stderr ? `\n${run.stderr.trimEnd()}` : ""}\n[exit status ${run.code ?? "unknown"}]`);
      return { content: [{ type: "text", text: parts.join("").replace(/^\n/, "") }], isError: failed };
    } finally {
      this.#calls.delete(id);
    }
  }

  #reply(message: JsonRpcMessage): void {
    if (this.#closed) return;
    queueMicrotask(() => this.onmessage?.(message));
  }
}
