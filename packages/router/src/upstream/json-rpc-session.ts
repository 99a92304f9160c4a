import type { JsonRpcId, JsonRpcMessage, MessageTransport } from "@mcpgw/core";
import { errorResponse, ErrorCode, GatewayError, isJsonRpcRequest, isJsonRpcResponse, toJsonRpcError, UpstreamError } from "@mcpgw/core";
import type { CancelSignal } from "../calls/cancellation.js";

export interface RequestOptions {
  signal?: CancelSignal;
  /** Called with each progress notification's params for this request. */
  onProgress?: (params: Record<string, unknown>) => void;
  timeoutMs?: number;
}

type RequestHandler = (method: string, params: unknown) => Promise<unknown>;
type NotificationHandler = (method: string, params: unknown) => void;

interface Pending {
  method: string;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  progressToken: number | undefined;
  signal: CancelSignal | undefined;
  onAbort: (() => void) | undefined;
  timeoutMs: number | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A lean JSON-RPC client session over one upstream's channel: ids and progress tokens of its
 * own (so many downstream sessions can share it without clashes), results passed through as
 * they came (never re-validated), cancellation sent upstream when a caller gives up.
 */
export class JsonRpcSession {
  onrequest?: RequestHandler;
  onnotification?: NotificationHandler;
  onclose?: () => void;

  readonly #transport: MessageTransport;
  readonly #pending = new Map<JsonRpcId, Pending>();
  readonly #progress = new Map<number, (params: Record<string, unknown>) => void>();
  #nextId = 1;
  #closed = false;

  readonly #server: string;

  /** `server` is the upstream's name, for the errors this session makes itself. */
  constructor(transport: MessageTransport, server: string) {
    this.#transport = transport;
    this.#server = server;
    transport.onmessage = (message) => this.#receive(message);
    transport.onclose = () => this.#onClose();
  }

  get closed(): boolean {
    return this.#closed;
  }

  async start(): Promise<void> {
    await this.#transport.start();
  }

  /** Sends a request and resolves with the upstream's result, untouched. */
  request(method: string, params: Record<string, unknown> | undefined, options: RequestOptions = {}): Promise<unknown> {
    if (this.#closed) return Promise.reject(this.#closedError("the upstream connection is closed"));
    const { signal, onProgress, timeoutMs } = options;
    if (signal?.aborted) return Promise.reject(this.#cancelledError(method, signal.reason));
    const id = this.#nextId++;
    let sendParams = params;
    let progressToken: number | undefined;
    if (onProgress) {
      progressToken = id;
      this.#progress.set(progressToken, onProgress);
      sendParams = { ...params, _meta: { ...(params?._meta as object | undefined), progressToken } };
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = { method, resolve, reject, progressToken, signal, onAbort: undefined, timeoutMs, timer: undefined };
      this.#pending.set(id, pending);
      const message: JsonRpcMessage = sendParams === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params: sendParams };
      this.#transport.send(message).catch((error: Error) => {
        this.#settle(id);
        reject(error);
      });
      // The request is on its way first: the deadline and the caller's abort are bookkeeping
      // its answer cannot overtake (it comes in a later turn of the event loop at the soonest).
      if (!this.#pending.has(id)) return;
      if (timeoutMs !== undefined) pending.timer = setTimeout(this.#expire, timeoutMs, id);
      if (!signal) return;
      pending.onAbort = () => this.#abort(id);
      signal.addEventListener("abort", pending.onAbort, { once: true });
    });
  }

  notify(method: string, params?: unknown): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#transport.send(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params }).catch(() => {});
  }

  async close(): Promise<void> {
    await this.#transport.close();
    this.#onClose();
  }

  #settle(id: JsonRpcId): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (pending.onAbort) pending.signal?.removeEventListener("abort", pending.onAbort);
    if (pending.progressToken !== undefined) this.#progress.delete(pending.progressToken);
    return pending;
  }

  /** The caller gave up: the server is told, the caller gets its own reason. */
  #abort(id: JsonRpcId): void {
    const pending = this.#settle(id);
    if (!pending) return;
    const reason: unknown = pending.signal?.reason;
    void this.notify("notifications/cancelled", { requestId: id, reason: String(reason ?? "cancelled") });
    pending.reject(this.#cancelledError(pending.method, reason));
  }

  readonly #expire = (id: JsonRpcId): void => {
    const pending = this.#settle(id);
    if (!pending) return;
    const { method, timeoutMs } = pending;
    // Never cancel initialize (the spec says so); anything else is cancelled upstream.
    const cancelled = method !== "initialize";
    if (cancelled) void this.notify("notifications/cancelled", { requestId: id, reason: "timeout" });
    const server = this.#server;
    pending.reject(
      new GatewayError(ErrorCode.TIMEOUT, `server "${server}" did not answer ${method} within ${timeoutMs} ms${cancelled ? "; the request was cancelled" : ""}`, {
        data: { server, method, timeoutMs },
      }),
    );
  };

  #receive(message: JsonRpcMessage): void {
    if (isJsonRpcResponse(message)) {
      const pending = this.#settle(message.id);
      if (!pending) return;
      if (message.error) pending.reject(new UpstreamError(message.error));
      else pending.resolve(message.result);
      return;
    }
    if (isJsonRpcRequest(message)) {
      void this.#answer(message.id, message.method, message.params);
      return;
    }
    if (typeof message.method !== "string") return;
    if (message.method === "notifications/progress") {
      const params = message.params as Record<string, unknown> | undefined;
      const listener = this.#progress.get(params?.progressToken as number);
      if (listener && params) listener(params);
      return;
    }
    this.onnotification?.(message.method, message.params);
  }

  async #answer(id: JsonRpcId, method: string, params: unknown): Promise<void> {
    try {
      if (method === "ping") return void (await this.#transport.send({ jsonrpc: "2.0", id, result: {} }));
      if (!this.onrequest) throw new GatewayError(ErrorCode.METHOD_NOT_FOUND, `method not found: ${method}`);
      const result = await this.onrequest(method, params);
      await this.#transport.send({ jsonrpc: "2.0", id, result: result ?? {} });
    } catch (error) {
      await this.#transport.send(errorResponse(id, toJsonRpcError(error))).catch(() => {});
    }
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [id, pending] of [...this.#pending]) {
      this.#settle(id);
      pending.reject(this.#closedError("the upstream connection closed"));
    }
    this.onclose?.();
  }

  #cancelledError(method: string, reason: unknown): GatewayError {
    return reason instanceof GatewayError ? reason : new GatewayError(ErrorCode.CANCELLED, "cancelled", { data: { server: this.#server, method }, cause: reason });
  }

  #closedError(message: string): GatewayError {
    return new GatewayError(ErrorCode.SERVER_EXITED, message, { data: { server: this.#server } });
  }
}
