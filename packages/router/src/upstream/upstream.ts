import type { Connection, Connector, Logger, ServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, definedOnly } from "@mcpgw/core";
import type { CancelSignal } from "../calls/cancellation.js";
import { toAbortSignal } from "../calls/cancellation.js";
import type { RequestOptions } from "./json-rpc-session.js";
import { JsonRpcSession } from "./json-rpc-session.js";
import type { SpanStart } from "../calls/tracing.js";
import { inSpan } from "../calls/tracing.js";

/** The protocol version mcpgw asks upstreams for; they may answer with an older one. */
export const UPSTREAM_PROTOCOL_VERSION = "2025-11-25";

/** A request a downstream session has in flight on an upstream: who asked, and how to reach back. */
export interface InFlight {
  session: string;
  /** Sends a request to that session's client, tied to its request (sampling, elicitation, roots). */
  ask: (method: string, params: unknown) => Promise<unknown>;
}

export interface UpstreamHooks {
  onNotification(upstream: Upstream, method: string, params: unknown): void;
  /** A request from the server to a client (sampling, elicitation, roots/list). */
  onRequest(upstream: Upstream, method: string, params: unknown): Promise<unknown>;
  /** It connected (or reconnected) and answered initialize. */
  onReady(upstream: Upstream): void;
}

export interface UpstreamOptions {
  spec: ServerSpec;
  connector: Connector;
  logger: Logger;
  hooks: UpstreamHooks;
  /** The client session that owns it (sharing `session`), if one does. */
  owner?: string;
  clientVersion: string;
  /** Time allowed for initialize after the server started. */
  initializeTimeoutMs: number;
}

/**
 * One connection to one upstream server, made on first use and made again after the server
 * stopped (idle, crash): callers just ask `request()`.
 */
export class Upstream {
  readonly spec: ServerSpec;
  readonly owner: string | undefined;
  /** What the server said it can do, once it has answered initialize. */
  capabilities: Record<string, unknown> | undefined;
  readonly inFlight = new Set<InFlight>();

  readonly #options: UpstreamOptions;
  #current: Promise<{ session: JsonRpcSession; connection: Connection }> | undefined;
  /** The session of `#current` once it is ready, for requests that need not wait for it. */
  #session: JsonRpcSession | undefined;
  #closed = false;

  constructor(options: UpstreamOptions) {
    this.spec = options.spec;
    this.owner = options.owner;
    this.#options = options;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Whether a connection is up or being made. */
  get connected(): boolean {
    return this.#current !== undefined;
  }

  /** Sends a request, connecting first when needed. `via` says who is asking. */
  async request(method: string, params: Record<string, unknown> | undefined, options: RequestOptions = {}, via?: InFlight): Promise<unknown> {
    const session = this.#session ?? (await this.#connect(options.signal)).session;
    if (via) this.inFlight.add(via);
    try {
      return await session.request(method, params, options);
    } finally {
      if (via) this.inFlight.delete(via);
    }
  }

  /** Sends a notification if connected; never connects for it. */
  async notify(method: string, params?: unknown): Promise<void> {
    const current = await this.#current?.catch(() => undefined);
    await current?.session.notify(method, params);
  }

  /** Connects now (to list what it has, or to warm it up). */
  async ensure(): Promise<void> {
    await this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#session = undefined;
    const current = await this.#current?.catch(() => undefined);
    this.#current = undefined;
    await current?.connection.close();
  }

  #connect(signal?: CancelSignal): Promise<{ session: JsonRpcSession; connection: Connection }> {
    if (this.#closed) return Promise.reject(new GatewayError(ErrorCode.SERVER_EXITED, `server "${this.name}" is no longer configured`, { data: { server: this.name } }));
    this.#current ??= inSpan(startSpan(this.spec), () => this.#open(signal)).catch((error: unknown) => {
      this.#current = undefined;
      throw error;
    });
    return this.#current;
  }

  /** Starts the server (its connector), then initializes it. */
  async #open(signal?: CancelSignal): Promise<{ session: JsonRpcSession; connection: Connection }> {
    const { spec, connector, logger, hooks } = this.#options;
    const connection = await connector.connect(spec, { logger, ...definedOnly({ signal: signal && toAbortSignal(signal), session: this.owner }) });
    const session = new JsonRpcSession(connection.transport, this.name);
    session.onnotification = (method, params) => hooks.onNotification(this, method, params);
    session.onrequest = (method, params) => hooks.onRequest(this, method, params);
    session.onclose = () => {
      this.#current = undefined;
      if (this.#session === session) this.#session = undefined;
      logger.debug("upstream closed", { server: this.name });
    };
    try {
      await session.start();
      const result = (await session.request(
        "initialize",
        {
          protocolVersion: UPSTREAM_PROTOCOL_VERSION,
          capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } },
          clientInfo: { name: "mcpgw", version: this.#options.clientVersion },
        },
        { timeoutMs: this.#options.initializeTimeoutMs },
      )) as { capabilities?: Record<string, unknown> };
      this.capabilities = result?.capabilities ?? {};
      await session.notify("notifications/initialized");
    } catch (error) {
      await connection.close().catch(() => {});
      if (!isTimeout(error)) throw error;
      throw new GatewayError(ErrorCode.SERVER_START_TIMEOUT, `server "${this.name}" did not answer initialize within ${this.#options.initializeTimeoutMs} ms and was stopped`, {
        data: { server: this.name, timeoutMs: this.#options.initializeTimeoutMs },
        cause: error,
      });
    }
    if (!session.closed && !this.#closed) this.#session = session;
    hooks.onReady(this);
    return { session, connection };
  }
}

/** The session's own timeout (not an upstream's error answer). */
function isTimeout(error: unknown): boolean {
  return error instanceof GatewayError && error.code === ErrorCode.TIMEOUT;
}

/** The span of an upstream's start: its connector's start and MCP's initialize. */
function startSpan(spec: ServerSpec): SpanStart {
  return { name: "mcpgw.upstream.start", kind: "internal", attributes: { "mcpgw.server": spec.name, "mcpgw.runtime": spec.kind } };
}
