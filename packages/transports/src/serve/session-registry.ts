// The live sessions of the HTTP app (2025-11-25 Streamable HTTP and legacy SSE): looked up by
// id, watched for activity, and closed when abandoned.
import type { Logger } from "@mcpgw/core";

/** One live session of the HTTP app. */
export interface LiveSession {
  readonly id: string;
  readonly kind: "streamable-http" | "sse";
  /** Ends the session: closes its Server and transport, which removes it from the registry. */
  close(): Promise<void>;
}

interface Entry<S extends LiveSession> {
  readonly session: S;
  /** Requests being answered and streams held open right now. */
  active: number;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface SessionRegistryOptions {
  /** Close a session after this long with no request in progress and no stream open. */
  idleMs: number;
  logger: Logger;
}

/**
 * Sessions by id, and the idle reaper: a session is busy while one of its requests is being
 * answered or one of its streams (a POST's SSE answer, the GET stream, the legacy SSE stream) is
 * open; once nothing is, it has `idleMs` before it is closed.
 */
export class SessionRegistry<S extends LiveSession = LiveSession> {
  readonly #entries = new Map<string, Entry<S>>();
  readonly #options: SessionRegistryOptions;
  /** After closeAll: a session still being opened then is closed as soon as it is added. */
  #closed = false;

  constructor(options: SessionRegistryOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): S | undefined {
    return this.#entries.get(id)?.session;
  }

  /** Registers a session; it starts idle, so one that never sends anything is reaped too. */
  add(session: S): void {
    const entry: Entry<S> = { session, active: 0, idleTimer: undefined };
    this.#entries.set(session.id, entry);
    if (this.#closed) void this.#close(session, "shutdown");
    else this.#arm(entry);
  }

  /** Forgets a session (it has closed). Idempotent. */
  delete(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    clearTimeout(entry.idleTimer);
    this.#entries.delete(id);
  }

  /**
   * Marks the session busy until the returned function is called (idempotent). Calls on a
   * session already gone are harmless.
   */
  busy(id: string): () => void {
    const entry = this.#entries.get(id);
    if (!entry) return () => {};
    entry.active++;
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      entry.active--;
      if (entry.active === 0 && this.#entries.get(id) === entry) this.#arm(entry);
    };
  }

  /**
   * Runs `serve` with the session busy, and keeps it busy until the response's body (an SSE
   * stream, or a JSON body) has been sent or abandoned by the client.
   */
  async serve(id: string, serve: () => Promise<Response>): Promise<Response> {
    const done = this.busy(id);
    let response: Response;
    try {
      response = await serve();
    } catch (error) {
      done();
      throw error;
    }
    return trackBody(response, done);
  }

  /** Closes every session, and any added later. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    const sessions = [...this.#entries.values()].map((entry) => entry.session);
    await Promise.all(sessions.map((session) => this.#close(session, "shutdown")));
  }

  #arm(entry: Entry<S>): void {
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      if (this.#entries.get(entry.session.id) !== entry || entry.active > 0) return;
      this.#options.logger.info("closing an abandoned session", { sessionId: entry.session.id, transport: entry.session.kind, idleMs: this.#options.idleMs });
      void this.#close(entry.session, "idle");
    }, this.#options.idleMs);
    // An idle session must not keep the process alive.
    entry.idleTimer.unref();
  }

  async #close(session: S, reason: string): Promise<void> {
    try {
      await session.close();
    } catch (error) {
      this.#options.logger.warn("closing a session failed", { sessionId: session.id, reason, error: error instanceof Error ? error.message : String(error) });
    } finally {
      // A close that failed half-way must still free the id.
      this.delete(session.id);
    }
  }
}

/** `response` with `done` called once its body has been read to the end, failed or been cancelled. */
export function trackBody(response: Response, done: () => void): Response {
  if (response.body === null) {
    done();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          done();
          controller.close();
          return;
        }
        controller.enqueue(chunk.value);
      } catch (error) {
        done();
        controller.error(error);
      }
    },
    async cancel(reason) {
      done();
      await reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
