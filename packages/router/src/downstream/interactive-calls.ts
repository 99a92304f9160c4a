import { randomUUID } from "node:crypto";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { CLIENT_CAPABILITIES_META_KEY, inputRequired } from "@modelcontextprotocol/server";
import type { ServerContext } from "@modelcontextprotocol/server";

/** A server→client request an upstream made during a call. */
interface Question {
  key: string;
  method: string;
  params: unknown;
  answer: (result: unknown) => void;
}

/** An upstream call held open across a stateless client's retries. */
interface Held {
  outcome: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
  question: Question | undefined;
  /** Wakes whoever waits for the next question or the outcome. */
  wake: () => void;
  changed: Promise<void>;
  /** The round now in progress: progress notifications go to it. */
  ctx: ServerContext;
  controller: AbortController;
  timer: NodeJS.Timeout;
  asked: number;
}

/** The client capability each server→client request needs. */
const CAPABILITY_OF: Readonly<Record<string, string>> = { "sampling/createMessage": "sampling", "elicitation/create": "elicitation", "roots/list": "roots" };

/** The capability `method` needs that the request's client did not declare, if any. */
function undeclaredCapability(ctx: ServerContext, method: string): string | undefined {
  const needed = CAPABILITY_OF[method];
  const declared = (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as Record<string, unknown> | undefined;
  return needed !== undefined && declared?.[needed] === undefined ? needed : undefined;
}

/** How long a held call waits for the client's next retry. */
const HOLD_MS = 10 * 60_000;

/**
 * Bridges server→client requests (sampling, elicitation, roots) to clients of the stateless
 * 2026-07-28 era, where a server cannot push a request: the upstream call is held open, the
 * client gets an `input_required` result carrying the question and an opaque `requestState`,
 * and its retry with the answer resumes the held call. 2025-era sessions do not need this:
 * their requests are pushed on the session.
 */
export class InteractiveCalls {
  readonly #held = new Map<string, Held>();

  /**
   * Runs `call` (or resumes it, when the request carries our `requestState`) and returns its
   * result, or an `input_required` result while the upstream waits for the client.
   * `call` gets the signal to pass upstream, an `ask` for server→client requests, and the
   * context of the round in progress (for progress notifications).
   */
  async run(
    ctx: ServerContext,
    call: (signal: AbortSignal, ask: (method: string, params: unknown) => Promise<unknown>, current: () => ServerContext) => Promise<unknown>,
  ): Promise<unknown> {
    const token = ctx.mcpReq.requestState?.() as string | undefined;
    const resumed = token ? this.#held.get(token) : undefined;
    if (resumed && token) {
      resumed.ctx = ctx;
      const question = resumed.question;
      const answer = question ? ctx.mcpReq.inputResponses?.[question.key] : undefined;
      if (question && answer === undefined) return this.#ask(token, question);
      if (question) {
        resumed.question = undefined;
        question.answer(answer);
      }
      return this.#next(token, resumed);
    }
    const id = randomUUID();
    const controller = new AbortController();
    let wake!: () => void;
    const held: Held = {
      outcome: Promise.resolve({ ok: true, value: undefined }),
      question: undefined,
      wake: () => wake(),
      changed: new Promise<void>((resolve) => (wake = resolve)),
      ctx,
      controller,
      timer: setTimeout(() => this.#drop(id, "the client did not answer in time"), HOLD_MS),
      asked: 0,
    };
    held.timer.unref();
    const ask = (method: string, params: unknown) => {
      // A question the client said it cannot answer is refused to the server alone: the call
      // goes on (server-everything, for one, asks for roots on its first call, and copes).
      const missing = undeclaredCapability(held.ctx, method);
      if (missing) return Promise.reject(new GatewayError(ErrorCode.METHOD_NOT_FOUND, `the client does not support ${method}: it did not declare the "${missing}" capability`));
      return new Promise<unknown>((answer) => {
        held.question = { key: `q${++held.asked}`, method, params, answer };
        held.wake();
      });
    };
    held.outcome = call(controller.signal, ask, () => held.ctx).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    void held.outcome.then(() => held.wake());
    this.#held.set(id, held);
    return this.#next(id, held);
  }

  async #next(id: string, held: Held): Promise<unknown> {
    const settled = await Promise.race([held.outcome.then((o) => o), held.changed.then(() => undefined)]);
    // Re-arm the wake-up for the round after this one.
    held.changed = new Promise<void>((resolve) => (held.wake = resolve));
    if (held.question) return this.#ask(id, held.question);
    const outcome = settled ?? (await held.outcome);
    this.#drop(id);
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  #ask(id: string, question: Question): unknown {
    return inputRequired({ inputRequests: { [question.key]: embedded(question.method, question.params) }, requestState: id });
  }

  #drop(id: string, reason?: string): void {
    const held = this.#held.get(id);
    if (!held) return;
    this.#held.delete(id);
    clearTimeout(held.timer);
    if (reason) held.controller.abort(new GatewayError(ErrorCode.TIMEOUT, reason));
  }
}

function embedded(method: string, params: unknown) {
  // The SDK types each question's params; a server's question goes to the client as it wrote it,
  // unvalidated, hence the casts below.
  const p = (params ?? {}) as Record<string, unknown>;
  switch (method) {
    case "sampling/createMessage":
      return inputRequired.createMessage(p as never);
    case "elicitation/create":
      return p.mode === "url" ? inputRequired.elicitUrl(p as never) : inputRequired.elicit(p as never);
    case "roots/list":
      return inputRequired.listRoots();
    default:
      throw new GatewayError(ErrorCode.METHOD_NOT_FOUND, `cannot ask a 2026-07-28 client for ${method}`);
  }
}
