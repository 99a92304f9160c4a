import type { MessageTransport } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { JsonRpcId, JsonRpcMessage } from "@mcpgw/core";
import { errorResponse, isJsonRpcRequest, isJsonRpcResponse, toJsonRpcError } from "@mcpgw/core";

/** How long a request whose write failed waits for the channel to close and say why. */
const WRITE_FAILURE_GRACE_MS = 2_000;

export interface SupervisionOptions {
  /** Time from start to the server's first response; past it `onStartTimeout` runs. */
  startTimeoutMs: number;
  /** Time without traffic and without requests in flight after which `onIdle` runs; none when undefined. */
  idleTimeoutMs?: number;
  onStartTimeout: () => void;
  onIdle: () => void;
  /**
   * The gateway's side closed the channel. For a stdio server that ends its input, which asks it
   * to exit; the runtime makes sure it does, so a server that ignores it is not left running.
   */
  onClose?: () => void;
  /** Why the channel closed, asked once when it closes: every request in flight fails with it. */
  describeClose: () => Promise<GatewayError>;
  /**
   * The channel reported a problem (a line that is not MCP, a stream error). Called whoever
   * else listens: a client that connects over this transport takes `onerror` for itself.
   */
  onChannelError?: (error: Error) => void;
}

/**
 * Wraps a server's channel to keep the promises a gateway makes: a request in flight when the
 * server goes away gets an error response at once (never a hang); a server that does not
 * answer its first request in time is stopped; an idle one is stopped.
 */
export class SupervisedTransport implements MessageTransport {
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  readonly #inner: MessageTransport;
  readonly #options: SupervisionOptions;
  readonly #pending = new Map<JsonRpcId, string>();
  #startTimer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  /** When a message last went either way (`Date.now()`). */
  #lastTraffic = 0;
  #answered = false;
  #closed = false;
  /** Why the channel closed, once it has: new requests are refused with it. */
  #closeReason: Promise<GatewayError> | undefined;

  constructor(inner: MessageTransport, options: SupervisionOptions) {
    this.#inner = inner;
    this.#options = options;
  }

  /** Whether the server has answered a request yet. */
  get answered(): boolean {
    return this.#answered;
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.#pending.size;
  }

  async start(): Promise<void> {
    this.#inner.onmessage = (message) => this.#receive(message);
    this.#inner.onerror = (error) => {
      this.#options.onChannelError?.(error);
      this.onerror?.(error);
    };
    this.#inner.onclose = () => void this.#innerClosed();
    this.#startTimer = setTimeout(() => this.#options.onStartTimeout(), this.#options.startTimeoutMs);
    this.#touch();
    await this.#inner.start();
  }

  async send(message: JsonRpcMessage): Promise<void> {
    if (this.#closeReason) throw await this.#closeReason;
    if (isJsonRpcRequest(message)) this.#pending.set(message.id, message.method);
    else if (message.method === "notifications/cancelled") {
      // A cancelled request gets no answer (the spec says so): stop waiting for one.
      const id = (message.params as { requestId?: JsonRpcId } | undefined)?.requestId;
      if (id !== undefined) this.#pending.delete(id);
    }
    this.#touch();
    try {
      await this.#inner.send(message);
    } catch (error) {
      if (!isJsonRpcRequest(message)) throw error;
      if (this.#closeReason) {
        this.#pending.delete(message.id);
        throw await this.#closeReason;
      }
      // A request that cannot be written at all is refused at once; the channel is fine.
      if (error instanceof GatewayError && error.code === ErrorCode.INVALID_ARGUMENT) {
        this.#pending.delete(message.id);
        this.onmessage?.(errorResponse(message.id, toJsonRpcError(error)));
        return;
      }
      // A failed write on an open channel (EPIPE) means the server is going away: the request
      // stays pending and is answered with why it went (its exit code and output) when the
      // channel closes. Should the channel stay open, the write error answers it.
      const { id } = message;
      setTimeout(() => {
        if (!this.#closed && this.#pending.delete(id)) {
          this.onmessage?.(errorResponse(id, toJsonRpcError(new GatewayError(ErrorCode.INTERNAL, `could not write to the server: ${(error as Error).message}`, { cause: error }))));
        }
      }, WRITE_FAILURE_GRACE_MS).unref();
    }
  }

  async close(): Promise<void> {
    // After the server closed its side, a close from ours is cleanup, not a request to stop:
    // the exit must still count as a crash.
    if (!this.#closed) this.#options.onClose?.();
    await this.#inner.close();
  }

  #receive(message: JsonRpcMessage): void {
    if (isJsonRpcResponse(message)) {
      this.#pending.delete(message.id);
      if (!this.#answered) {
        this.#answered = true;
        clearTimeout(this.#startTimer);
      }
    }
    this.#touch();
    this.onmessage?.(message);
  }

  /**
   * Notes traffic. The idle timer is not moved for each message (two per call): when it fires
   * early, because traffic came meanwhile, it waits again for the rest of the idle time.
   */
  #touch(): void {
    if (this.#options.idleTimeoutMs === undefined || this.#closed) return;
    this.#lastTraffic = Date.now();
    if (this.#idleTimer === undefined) this.#waitIdle(this.#options.idleTimeoutMs);
  }

  #waitIdle(ms: number): void {
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      if (this.#closed) return;
      const idleTimeoutMs = this.#options.idleTimeoutMs!;
      const quietMs = Date.now() - this.#lastTraffic;
      if (quietMs < idleTimeoutMs) this.#waitIdle(idleTimeoutMs - quietMs);
      else if (this.#pending.size > 0) this.#touch();
      else this.#options.onIdle();
    }, ms);
    this.#idleTimer.unref();
  }

  async #innerClosed(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#startTimer);
    clearTimeout(this.#idleTimer);
    this.#closeReason = this.#options.describeClose();
    if (this.#pending.size > 0) {
      const error = toJsonRpcError(await this.#closeReason);
      const ids = [...this.#pending.keys()];
      this.#pending.clear();
      for (const id of ids) this.onmessage?.(errorResponse(id, error));
    }
    this.onclose?.();
  }
}
