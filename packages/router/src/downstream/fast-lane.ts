// The fast lane of a 2025-11-25 session: a `tools/call` for a tool the session can already see
// goes from the transport to its upstream without the SDK Server: no schema parse of the
// request, no per-request context, the answer written once. It runs the same call as the
// Server's handler (call middleware, policy, OAuth retry, progress, cancellation, questions to
// the client), so only the path differs. Anything else, or anything unusual about a call (a
// tool not yet listed, the authorize tool, malformed params), is left to the Server.
import { toJsonRpcError, UpstreamError } from "@mcpgw/core";
import type { CancelSignal } from "../calls/cancellation.js";
import { CallCancellation } from "../calls/cancellation.js";

type Id = string | number;
type Message = Record<string, unknown> & { jsonrpc: "2.0" };

/** Sends a message on the session, tied to a client request when `relatedRequestId` is given. */
export type Reply = (message: Message, relatedRequestId?: Id) => void;

/** How a lane call reaches back to its client. */
export interface LaneCallIO {
  signal: CancelSignal;
  ask(method: string, params: unknown): Promise<unknown>;
  notify(notification: { method: string; params?: Record<string, unknown> }): Promise<void>;
  /** The call's JSON-RPC id. */
  requestId: Id;
}

/** What the session gives its lane. */
export interface FastLaneOptions {
  /** Whether the lane may take a call of this tool now; `false` leaves it to the Server. */
  accepts(params: Record<string, unknown>): boolean;
  /** Runs the call, as the Server's handler would, and gives its result. */
  call(params: Record<string, unknown>, io: LaneCallIO): Promise<unknown>;
  /** The answer to a `tools/list` when it is ready now; `undefined` leaves it to the Server. */
  list?(params: Record<string, unknown>): unknown;
}

/** A session's fast lane, in front of its Server. */
export interface FastLane {
  /**
   * Takes a message the Server need not see: a `tools/call` it accepts, a `tools/list` it can
   * answer at once, the client's answer to
   * a question one of its calls asked, a cancellation of one of its calls. Returns `false` for
   * anything else, which then goes to the Server.
   */
  take(message: Message, reply: Reply): boolean;
  /** Ends every call in flight (the session closed). */
  close(): void;
}

/** The ids the lane asks the client with: never a number, so never one of the Server's own. */
const ASK_PREFIX = "mcpgw-lane-";

export function createFastLane(options: FastLaneOptions): FastLane {
  return new SessionFastLane(options);
}

/** The lane itself: its calls and questions are kept only while there are any (an idle session holds none). */
class SessionFastLane implements FastLane {
  readonly #options: FastLaneOptions;
  #calls: Map<Id, CallCancellation> | undefined;
  #questions: Map<string, { resolve(value: unknown): void; reject(error: unknown): void }> | undefined;
  #asked = 0;
  #closed = false;

  constructor(options: FastLaneOptions) {
    this.#options = options;
  }

  take(message: Message, reply: Reply): boolean {
    if (this.#closed) return false;
    const method = message.method;
    if (method === "tools/call") {
      const id = message.id;
      const params = message.params;
      if ((typeof id !== "string" && typeof id !== "number") || this.#calls?.has(id) || !isObject(params) || !this.#options.accepts(params)) return false;
      this.#run(id, params, reply);
      return true;
    }
    if (method === "tools/list") {
      const id = message.id;
      const params = message.params ?? {};
      if ((typeof id !== "string" && typeof id !== "number") || !isObject(params)) return false;
      const result = this.#options.list?.(params);
      if (result === undefined) return false;
      reply({ jsonrpc: "2.0", id, result: result as Record<string, unknown> });
      return true;
    }
    if (method === "notifications/cancelled") {
      const requestId = isObject(message.params) ? message.params.requestId : undefined;
      const call = (typeof requestId === "string" || typeof requestId === "number") && this.#calls?.get(requestId);
      if (!call) return false;
      // The client's reason goes on to the server, as the SDK's Server passes it.
      call.abort((message.params as { reason?: unknown }).reason);
      return true;
    }
    if (method === undefined && typeof message.id === "string" && message.id.startsWith(ASK_PREFIX)) {
      const question = this.#questions?.get(message.id);
      if (!question) return true;
      this.#questions!.delete(message.id);
      if ("error" in message && isObject(message.error)) question.reject(new UpstreamError(message.error as { code: number; message: string; data?: unknown }));
      else question.resolve(message.result);
      return true;
    }
    return false;
  }

  close(): void {
    this.#closed = true;
    const calls = this.#calls;
    this.#calls = undefined;
    for (const call of calls?.values() ?? []) call.abort("the client's session was closed");
  }

  #run(id: Id, params: Record<string, unknown>, reply: Reply): void {
    const signal = new CallCancellation();
    const calls = (this.#calls ??= new Map());
    calls.set(id, signal);
    const io: LaneCallIO = {
      signal,
      ask: (method, questionParams) =>
        new Promise((resolve, reject) => {
          const questionId = `${ASK_PREFIX}${++this.#asked}`;
          const questions = (this.#questions ??= new Map());
          questions.set(questionId, { resolve, reject });
          signal.addEventListener("abort", () => questions.delete(questionId) && reject(signal.reason), { once: true });
          reply({ jsonrpc: "2.0", id: questionId, method, ...(questionParams === undefined ? {} : { params: questionParams }) }, id);
        }),
      notify: async (notification) => reply({ jsonrpc: "2.0", ...notification }, id),
      requestId: id,
    };
    this.#options.call(params, io).then(
      (result) => {
        this.#calls?.delete(id);
        if (!signal.aborted) reply({ jsonrpc: "2.0", id, result: result as Record<string, unknown> });
      },
      (error: unknown) => {
        this.#calls?.delete(id);
        // A cancelled request is not answered (MCP); one the session's end cut short neither.
        if (!signal.aborted) reply({ jsonrpc: "2.0", id, error: toJsonRpcError(error) as unknown as Record<string, unknown> });
      },
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
