import { definedOnly, errorResponse, ErrorCode, GatewayError, isJsonRpcRequest, isJsonRpcResponse, toJsonRpcError } from "@mcpgw/core";
import type { JsonRpcId, JsonRpcMessage, Logger, MessageTransport } from "@mcpgw/core";
import { PROTOCOL_VERSION_META_KEY, SseError } from "@modelcontextprotocol/client";
import { connectionLost, describeRemoteFailure, requestTimedOut, sessionLost } from "./remote-errors.js";
import type { RemoteErrorContext } from "./remote-errors.js";
import { redact } from "./remote-headers.js";
import { createSdkTransport } from "./sdk-transport.js";
import type { SdkTransport } from "./sdk-transport.js";

/** Everything a {@link RemoteTransport} needs; the URL and headers are already checked and filled in. */
export interface RemoteTransportOptions {
  server: string;
  kind: "streamable-http" | "sse";
  url: URL;
  /** The URL as messages show it: no credentials, no query. */
  display: string;
  /** Filled-in headers; they may hold secrets, so they are never logged. */
  headers: Record<string, string>;
  /** Secret values inside `headers`, blanked out of every message. */
  secrets: readonly string[];
  fetch?: typeof fetch;
  requestTimeoutMs: number;
  /** How long opening a legacy SSE stream and ending a session (DELETE) may take. */
  connectTimeoutMs: number;
  logger: Logger;
}

/** One SDK transport and what is known about it; replaced whole when it dies. */
interface Generation {
  readonly sdk: SdkTransport;
  ready: Promise<void>;
  /** Its start finished: for SSE, the event stream is open. */
  opened: boolean;
  /** Replaced or closed: its late messages are dropped. */
  retired: boolean;
  /** An initialize went out on it, so another one means a new session. */
  initialized: boolean;
}

interface PendingRequest {
  readonly id: JsonRpcId;
  readonly method: string;
  readonly abort: AbortController;
  readonly progressToken: unknown;
  /** Sent with a 2026-07-28 `_meta` envelope: cancelling means aborting its stream, no notification. */
  readonly modern: boolean;
  generation: Generation | undefined;
  timer: NodeJS.Timeout | undefined;
  /** A session id went with it, so a 404 means the session is gone. */
  hadSession: boolean;
}

/**
 * The channel to one remote MCP server over the SDK's Streamable HTTP or SSE client transport,
 * with the promises a gateway needs on top:
 * - every request gets exactly one answer: the server's, or a JSON-RPC error naming the server
 *   (unreachable, HTTP status, stream lost, `requestTimeoutMs` passed); never a hang;
 * - it survives the remote going away: the SDK transport is replaced on the next message once
 *   it has died (SSE stream lost) or its session is gone (404), so a client that initializes
 *   again is served by a new session;
 * - the SDK transport is opened lazily, by the first message, and `close()` ends the session.
 *
 * `onclose` fires only when `close()` is called: a remote that drops is not the end of this
 * channel. Requests still in flight at `close()` are left for the wrapping `SupervisedTransport`
 * to fail, with the reason the connector knows. SDK transport errors not tied to a request are
 * logged, not raised: request failures arrive as error responses instead.
 */
export class RemoteTransport implements MessageTransport {
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  readonly #options: RemoteTransportOptions;
  readonly #context: RemoteErrorContext;
  readonly #pending = new Map<JsonRpcId, PendingRequest>();
  readonly #ended: Promise<void>;
  #markEnded!: () => void;
  #generation: Generation | undefined;
  /**
   * A session died (SSE stream lost, 404, transport closed): until the client initializes
   * again, other messages are refused here instead of reaching a new, uninitialized session.
   */
  #sessionLost = false;
  #closed = false;

  constructor(options: RemoteTransportOptions) {
    this.#options = options;
    this.#context = { server: options.server, url: options.display, secrets: options.secrets };
    this.#ended = new Promise((resolve) => (this.#markEnded = resolve));
  }

  /** Settles once `close()` has ended the session and closed the SDK transport. */
  get ended(): Promise<void> {
    return this.#ended;
  }

  /** Requests sent and not yet answered or failed. */
  get inFlight(): number {
    return this.#pending.size;
  }

  async start(): Promise<void> {
    // Nothing to do yet: the first message opens the SDK transport, so that a failure to reach
    // the server becomes that request's error response rather than a failed start.
    if (this.#closed) throw this.#closedError();
  }

  async send(message: JsonRpcMessage): Promise<void> {
    if (this.#closed) throw this.#closedError();
    if (isJsonRpcRequest(message)) {
      this.#dispatch(message);
      return;
    }
    const cancelled = message.method === "notifications/cancelled" ? this.#forget((message.params as { requestId?: JsonRpcId } | undefined)?.requestId) : undefined;
    if (this.#sessionLost) {
      cancelled?.abort.abort();
      throw sessionLost(this.#context, message.method);
    }
    const generation = this.#current();
    let hadSession = false;
    try {
      await generation.ready;
      hadSession = hasSession(generation);
      await generation.sdk.send(message);
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      const failure = describeRemoteFailure(error, this.#context, message.method, hadSession);
      if (failure.sessionGone) this.#retire(generation, () => failure.error);
      throw failure.error;
    } finally {
      // After the notification went out: on a 2026-07-28 connection aborting the stream is the cancellation.
      cancelled?.abort.abort();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return this.#ended;
    this.#closed = true;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.abort.abort();
    }
    this.#pending.clear();
    const generation = this.#generation;
    this.#generation = undefined;
    if (generation && !generation.retired) {
      generation.retired = true;
      await this.#endSession(generation);
    }
    this.#options.logger.debug("remote connection closed", this.#fields());
    this.onclose?.();
    this.#markEnded();
  }

  #dispatch(message: JsonRpcMessage & { id: JsonRpcId; method: string }): void {
    const meta = (message.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
    const pending: PendingRequest = {
      id: message.id,
      method: message.method,
      abort: new AbortController(),
      progressToken: meta?.progressToken,
      modern: typeof meta?.[PROTOCOL_VERSION_META_KEY] === "string",
      generation: undefined,
      timer: undefined,
      hadSession: false,
    };
    const previous = this.#pending.get(message.id);
    if (previous) clearTimeout(previous.timer);
    this.#pending.set(message.id, pending);
    this.#arm(pending);
    // #deliver turns every failure into an error response; what still escapes is a bug of the
    // consumer's onmessage, logged here rather than left as an unhandled rejection.
    this.#deliver(pending, message).catch((error: unknown) => {
      this.#options.logger.error("delivering a remote request failed unexpectedly", { ...this.#fields(), error: redact(String(error), this.#options.secrets) });
    });
  }

  async #deliver(pending: PendingRequest, message: JsonRpcMessage): Promise<void> {
    if (this.#sessionLost && pending.method !== "initialize") {
      this.#fail(pending, sessionLost(this.#context, pending.method));
      return;
    }
    let generation: Generation | undefined;
    try {
      generation = pending.method === "initialize" ? this.#forInitialize() : this.#current();
      pending.generation = generation;
      await generation.ready;
      if (this.#pending.get(pending.id) !== pending) return;
      pending.hadSession = hasSession(generation);
      await generation.sdk.send(message, {
        requestSignal: pending.abort.signal,
        onRequestStreamEnd: () => {
          if (this.#pending.get(pending.id) === pending) this.#fail(pending, connectionLost(this.#context, pending.method, "its response stream ended"));
        },
      });
    } catch (error) {
      // Answered, timed out, cancelled or already failed with its generation: nothing to add.
      if (this.#pending.get(pending.id) !== pending) return;
      const failure = error instanceof GatewayError ? { error, sessionGone: false } : describeRemoteFailure(error, this.#context, pending.method, pending.hadSession);
      if (failure.sessionGone && generation) this.#retire(generation, () => failure.error);
      else this.#fail(pending, failure.error);
    }
  }

  /** The live generation, opening a new one when there is none or the last one died. */
  #current(): Generation {
    if (!this.#generation || this.#generation.retired) this.#generation = this.#open();
    return this.#generation;
  }

  /** A second initialize starts a new session: the old one is ended, not reused. */
  #forInitialize(): Generation {
    const current = this.#generation;
    if (current && !current.retired && current.initialized) {
      this.#retire(current, (p) => connectionLost(this.#context, p.method, "the client started a new session"), true);
    }
    this.#sessionLost = false;
    const generation = this.#current();
    generation.initialized = true;
    return generation;
  }

  #open(): Generation {
    const { kind, url, headers, fetch } = this.#options;
    const sdk = createSdkTransport(kind, url, { headers, ...definedOnly({ fetch }) });
    const generation: Generation = { sdk, ready: Promise.resolve(), opened: false, retired: false, initialized: false };
    sdk.onmessage = (message) => this.#receive(generation, message);
    sdk.onerror = (error) => this.#sdkError(generation, error);
    sdk.onclose = () => this.#retire(generation, (p) => connectionLost(this.#context, p.method, "the transport closed"));
    generation.ready = this.#startWithin(generation);
    // Every sender awaits `ready`; this only keeps a rejection nobody waits for from being unhandled.
    generation.ready.catch(() => {});
    return generation;
  }

  async #startWithin(generation: Generation): Promise<void> {
    const limit = this.#options.connectTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new GatewayError(ErrorCode.TIMEOUT, `remote server "${this.#options.server}" at ${this.#options.display} did not open its event stream within ${limit} ms`, {
              data: { server: this.#options.server, url: this.#options.display, timeoutMs: limit },
            }),
          ),
        limit,
      );
    });
    try {
      await Promise.race([generation.sdk.start(), timeout]);
      generation.opened = true;
    } catch (error) {
      const failure = error instanceof GatewayError ? error : describeRemoteFailure(error, this.#context, undefined, false).error;
      this.#retire(generation, () => failure);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  #receive(generation: Generation, message: JsonRpcMessage): void {
    if (generation.retired) return;
    if (isJsonRpcResponse(message)) {
      const pending = this.#pending.get(message.id);
      if (!pending) {
        // Its request already got an error (timeout, lost stream): a second answer would confuse the caller.
        this.#options.logger.debug("dropped a late response from a remote server", { ...this.#fields(), id: message.id });
        return;
      }
      clearTimeout(pending.timer);
      this.#pending.delete(message.id);
      const version = (message.result as { protocolVersion?: unknown } | undefined)?.protocolVersion;
      // The SDK client would tell its transport the negotiated version; the router does not know
      // the SDK, so the transport learns it here, for the MCP-Protocol-Version header.
      if (pending.method === "initialize" && typeof version === "string") generation.sdk.setProtocolVersion(version);
      this.onmessage?.(message);
      return;
    }
    if (message.method === "notifications/progress") {
      // A request that reports progress is alive: its time limit starts again.
      const token = (message.params as { progressToken?: unknown } | undefined)?.progressToken;
      for (const pending of this.#pending.values()) if (token !== undefined && pending.progressToken === token) this.#arm(pending);
    }
    this.onmessage?.(message);
  }

  #sdkError(generation: Generation, error: Error): void {
    this.#options.logger.debug("remote transport error", { ...this.#fields(), error: redact(error.message, this.#options.secrets) });
    // A legacy SSE stream that errors is gone (the SDK would let EventSource retry into a new
    // session behind our back): answers to requests in flight can no longer come.
    if (generation.sdk.kind === "sse" && error instanceof SseError && !generation.retired) {
      const opened = generation.opened;
      const failure = opened ? undefined : describeRemoteFailure(error, this.#context, undefined, false).error;
      this.#retire(generation, (p) => failure ?? connectionLost(this.#context, p.method, "its event stream ended"));
    }
  }

  /**
   * Takes a generation out of use: its requests in flight fail with `reason`, and its SDK
   * transport is closed (after ending its session, when `endSession`). The next message opens a
   * new one.
   */
  #retire(generation: Generation, reason: (pending: PendingRequest) => GatewayError, endSession = false): void {
    if (generation.retired) return;
    generation.retired = true;
    if (this.#generation === generation) this.#generation = undefined;
    // A stateless (2026-07-28) exchange has no session to lose: a new transport serves it as well.
    if (hasSession(generation) && generation.initialized && !endSession) this.#sessionLost = true;
    for (const pending of [...this.#pending.values()]) if (pending.generation === generation) this.#fail(pending, reason(pending));
    if (endSession) void this.#endSession(generation);
    else void generation.sdk.close().catch(() => {});
  }

  /** DELETE the session (bounded by the connect timeout), then close the SDK transport. */
  async #endSession(generation: Generation): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      generation.sdk.terminateSession().catch((error: unknown) => {
        this.#options.logger.debug("could not end the remote session", { ...this.#fields(), error: redact(String(error), this.#options.secrets) });
      }),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#options.connectTimeoutMs))),
    ]);
    clearTimeout(timer);
    await generation.sdk.close().catch(() => {});
  }

  /** (Re)starts a request's time limit. */
  #arm(pending: PendingRequest): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => this.#timedOut(pending), this.#options.requestTimeoutMs);
  }

  #timedOut(pending: PendingRequest): void {
    if (this.#pending.get(pending.id) !== pending) return;
    this.#fail(pending, requestTimedOut(this.#context, pending.method, this.#options.requestTimeoutMs));
    const generation = pending.generation;
    // Tell the server to stop working on it (never for initialize, as the spec says). A
    // 2026-07-28 request was cancelled by aborting its stream, which `#fail` did.
    if (pending.method !== "initialize" && !pending.modern && generation && !generation.retired && generation.opened) {
      const notice: JsonRpcMessage = { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: pending.id, reason: "timed out in the gateway" } };
      generation.sdk.send(notice).catch((error: unknown) => {
        this.#options.logger.debug("could not cancel a timed-out request", { ...this.#fields(), error: redact(String(error), this.#options.secrets) });
      });
    }
  }

  /** Answers a request with an error, once, and stops everything still working on it. */
  #fail(pending: PendingRequest, error: GatewayError): void {
    if (this.#pending.get(pending.id) !== pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(pending.id);
    pending.abort.abort();
    this.#options.logger.debug("remote request failed", { ...this.#fields(), method: pending.method, code: error.code, error: error.message });
    this.onmessage?.(errorResponse(pending.id, toJsonRpcError(error)));
  }

  /** Stops tracking a request the caller cancelled; returns it so its stream can be aborted. */
  #forget(id: JsonRpcId | undefined): PendingRequest | undefined {
    if (id === undefined) return undefined;
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    return pending;
  }

  #closedError(): GatewayError {
    return new GatewayError(ErrorCode.SERVER_EXITED, `the connection to remote server "${this.#options.server}" at ${this.#options.display} is closed`, {
      data: { server: this.#options.server, url: this.#options.display },
    });
  }

  #fields(): Record<string, unknown> {
    return { server: this.#options.server, url: this.#options.display };
  }
}

/**
 * Whether the server keeps a session for this generation: Streamable HTTP once it has handed
 * out an `Mcp-Session-Id`; legacy SSE whenever its stream is open (the endpoint names the session).
 */
function hasSession(generation: Generation): boolean {
  return generation.sdk.kind === "sse" ? generation.opened : generation.sdk.sessionId !== undefined;
}
