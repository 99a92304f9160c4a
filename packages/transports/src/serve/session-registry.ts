// The live sessions of the HTTP app (2025-11-25 Streamable HTTP and legacy SSE): looked up by
// id, watched for activity, closed when abandoned, and closed to make room at the session caps.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { Logger, Principal } from "@mcpgw/core";
import { callerKey } from "./auth/index.js";
import { CompactionAfterBursts } from "./heap-compaction.js";

/** One live session of the HTTP app. */
export interface LiveSession {
  readonly id: string;
  readonly kind: "streamable-http" | "sse";
  /** Who opened it, the only caller who may use it, whose cap it counts against. `undefined`: the owner. */
  readonly principal: Principal | undefined;
  /** Ends the session: closes its Server and transport. */
  close(): Promise<void>;
}

interface Entry<S extends LiveSession> {
  readonly session: S;
  /** {@link callerKey} of its principal; `undefined` for the owner. */
  readonly caller: string | undefined;
  /** Requests being answered and streams held open right now. */
  active: number;
  /** When it last became idle (`performance.now()`); meaningful while `active` is 0. */
  idleSince: number;
}

/** The sessions of one caller (a principal). */
interface CallerSessions<S extends LiveSession> {
  count: number;
  /** Its idle sessions, least recently active first. */
  readonly idle: Map<string, Entry<S>>;
}

export interface SessionRegistryOptions {
  /** Close a session after this long with no request in progress and no stream open. */
  idleMs: number;
  /** At most this many sessions; default unlimited. See {@link SessionRegistry.admit}. */
  maxSessions?: number;
  /** At most this many sessions of one caller with a principal; default unlimited. The owner has none. */
  maxSessionsPerCaller?: number;
  logger: Logger;
  /** Told when a session is added and when it is gone, and why an idle one was closed; for metrics. */
  events?: SessionEvents;
  /** Runs once a burst of abandoned sessions has been closed; default: a full garbage collection. */
  compactHeap?: () => void;
}

/** Why the registry closed a session that was still there: idle too long, or room was needed at a cap. */
export type AbandonReason = "idle-timeout" | "session-cap" | "caller-cap";

/** What happens to the sessions of the HTTP app, for whoever counts them. */
export interface SessionEvents {
  opened(kind: LiveSession["kind"]): void;
  /** The session is gone, however it ended. */
  closed(kind: LiveSession["kind"]): void;
  /** The registry closed it (it is `closed` too). */
  abandoned(kind: LiveSession["kind"], reason: AbandonReason): void;
}

/** Why a new session was refused: every session that could have made room for it is busy. */
export interface SessionRefusal {
  /** `gateway`: the gateway is at `maxSessions`; `caller`: this caller is at `maxSessionsPerCaller`. */
  readonly cap: "gateway" | "caller";
  /** The cap that was reached. */
  readonly limit: number;
  /** When trying again may succeed, in seconds (`Retry-After`). */
  readonly retryAfterSeconds: number;
}

/**
 * What a refused client is told to wait. A busy session is one answering a request (a tool call:
 * seconds, sometimes minutes) or holding a stream open (until its client goes). Nothing says
 * which ends first; a refusal costs one small request and builds nothing, so a client may well
 * ask again soon, and a few seconds is enough for a request in flight to end and leave room.
 */
export const SESSION_RETRY_AFTER_SECONDS = 5;

/**
 * Sessions by id, the idle reaper and the session caps. A session is busy while one of its
 * requests is being answered or one of its streams (a POST's SSE answer, the GET stream, the
 * legacy SSE stream) is open; once nothing is, it is idle, and after `idleMs` of that it is
 * closed. Idle sessions are kept in the order they became idle (a Map's insertion order), which
 * is both the reaper's queue (one timer, for the oldest) and the eviction order: every
 * operation is O(1), whatever the number of sessions.
 */
export class SessionRegistry<S extends LiveSession = LiveSession> {
  readonly #entries = new Map<string, Entry<S>>();
  /** Every idle session, least recently active first. */
  readonly #idle = new Map<string, Entry<S>>();
  readonly #callers = new Map<string, CallerSessions<S>>();
  readonly #options: SessionRegistryOptions;
  readonly #maxSessions: number;
  readonly #maxPerCaller: number;
  /** The reaper's timer, due when the oldest idle session expires (or earlier; it re-arms). */
  #reaper: NodeJS.Timeout | undefined;
  /** After closeAll: a session still being opened then is closed as soon as it is added. */
  #closed = false;
  readonly #compaction: CompactionAfterBursts;

  constructor(options: SessionRegistryOptions) {
    this.#options = options;
    this.#maxSessions = cap("maxSessions", options.maxSessions);
    this.#maxPerCaller = cap("maxSessionsPerCaller", options.maxSessionsPerCaller);
    this.#compaction = new CompactionAfterBursts(options.compactHeap, this.#maxSessions);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): S | undefined {
    return this.#entries.get(id)?.session;
  }

  /**
   * Makes room for one more session of `principal`, before it is opened; returns why not when
   * there is none. Past its own cap a caller's least recently active idle session is closed
   * (never another caller's); at the gateway's cap, the least recently active idle session of
   * anyone. When every session that could go is busy, nothing is closed and the new one is
   * refused. The owner (`undefined`) has no cap of its own: a single-user gateway's clients all
   * share the owner token, so one would cap the whole gateway lower; and the owner is the
   * administrator, who may take the room of idle sessions as anyone may at the gateway's cap.
   * A closed session's next request finds no session (404), and a client re-initializes.
   *
   * Sessions being opened are not counted until added: a burst of initializes admitted together
   * may pass a cap by their number, and the next admission makes up for it.
   */
  admit(principal: Principal | undefined): SessionRefusal | undefined {
    const caller = callerKey(principal);
    const own = caller === undefined ? undefined : this.#callers.get(caller);
    const ownExcess = own ? own.count + 1 - this.#maxPerCaller : 0;
    if (own && ownExcess > own.idle.size) return refusal("caller", this.#maxPerCaller);
    // The caller's own evictions count towards the gateway's too: they are idle sessions as well.
    if (this.#entries.size + 1 - this.#maxSessions > this.#idle.size) return refusal("gateway", this.#maxSessions);
    while (own && own.count + 1 > this.#maxPerCaller) void this.#close(first(own.idle)!, "caller-cap");
    while (this.#entries.size + 1 > this.#maxSessions) void this.#close(first(this.#idle)!, "session-cap");
    return undefined;
  }

  /** Registers a session; it starts idle, so one that never sends anything is reaped too. */
  add(session: S): void {
    const entry: Entry<S> = { session, caller: callerKey(session.principal), active: 0, idleSince: 0 };
    this.#entries.set(session.id, entry);
    this.#options.events?.opened(session.kind);
    if (entry.caller !== undefined) {
      const own = this.#callers.get(entry.caller) ?? { count: 0, idle: new Map() };
      own.count++;
      this.#callers.set(entry.caller, own);
    }
    if (this.#closed) void this.#close(entry, "shutdown");
    else this.#idleFrom(entry);
  }

  /** Forgets a session (it has closed). Idempotent. */
  delete(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#idle.delete(id);
    this.#options.events?.closed(entry.session.kind);
    if (entry.caller === undefined) return;
    const own = this.#callers.get(entry.caller);
    if (!own) return;
    own.idle.delete(id);
    if (--own.count === 0) this.#callers.delete(entry.caller);
  }

  /**
   * Marks the session busy until the returned function is called (idempotent). Calls on a
   * session already gone are harmless.
   */
  busy(id: string): () => void {
    const entry = this.#entries.get(id);
    if (!entry) return () => {};
    if (entry.active++ === 0) {
      this.#idle.delete(id);
      if (entry.caller !== undefined) this.#callers.get(entry.caller)?.idle.delete(id);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      entry.active--;
      if (entry.active === 0 && this.#entries.get(id) === entry) this.#idleFrom(entry);
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
    this.#compaction.stop();
    clearTimeout(this.#reaper);
    this.#reaper = undefined;
    await Promise.all([...this.#entries.values()].map((entry) => this.#close(entry, "shutdown")));
  }

  /** Puts an idle session at the end of the idle order, and makes sure the reaper will come. */
  #idleFrom(entry: Entry<S>): void {
    entry.idleSince = performance.now();
    this.#idle.set(entry.session.id, entry);
    if (entry.caller !== undefined) this.#callers.get(entry.caller)?.idle.set(entry.session.id, entry);
    this.#armReaper();
  }

  #armReaper(): void {
    if (this.#reaper !== undefined || this.#closed) return;
    const oldest = first(this.#idle);
    if (!oldest) return;
    this.#reaper = setTimeout(
      () => {
        this.#reaper = undefined;
        this.#reap();
      },
      Math.max(0, oldest.idleSince + this.#options.idleMs - performance.now()),
    );
    // Idle sessions must not keep the process alive.
    this.#reaper.unref();
  }

  /** Closes the sessions idle for `idleMs` or longer: the oldest ones, up to the first that is not. */
  #reap(): void {
    const now = performance.now();
    for (const entry of this.#idle.values()) {
      if (entry.idleSince + this.#options.idleMs > now) break;
      void this.#close(entry, "idle-timeout");
    }
    this.#armReaper();
  }

  /** Forgets the session at once (its slot is free, its id unknown) and closes it. */
  async #close(entry: Entry<S>, reason: AbandonReason | "shutdown"): Promise<void> {
    const { session } = entry;
    this.delete(session.id);
    if (reason !== "shutdown") {
      this.#options.events?.abandoned(session.kind, reason);
      // One line for every idle session closed, whether its time ran out or its room was needed.
      const subject = session.principal?.subject;
      this.#options.logger.info("closing an abandoned session", {
        sessionId: session.id,
        transport: session.kind,
        reason,
        ...(subject === undefined ? {} : { subject }),
        ...(reason === "idle-timeout" ? { idleMs: this.#options.idleMs } : {}),
      });
      this.#compaction.closed();
    }
    try {
      await session.close();
    } catch (error) {
      this.#options.logger.warn("closing a session failed", { sessionId: session.id, reason, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function refusal(cap: SessionRefusal["cap"], limit: number): SessionRefusal {
  return { cap, limit, retryAfterSeconds: SESSION_RETRY_AFTER_SECONDS };
}

/** The first (least recently active) entry of an idle order. */
function first<V>(map: Map<string, V>): V | undefined {
  return map.values().next().value;
}

function cap(name: string, value: number | undefined): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(value) || value < 1) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `${name} must be a whole number of at least 1, not ${value}`);
  return value;
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
