/**
 * One `tools/call` on its way through the pipeline, its name already resolved in the caller's
 * view. The same object goes all the way: a middleware rewrites the call by changing it (e.g.
 * `arguments`), and sees after `next()` what the ones after it made of it.
 */
export interface ToolCall {
  /** The server that offers the tool. */
  server: string;
  /** The tool's own name on that server (not the exposed, maybe prefixed, one). */
  tool: string;
  arguments: unknown;
  /** The downstream session that called. */
  session: string;
  /** Who called, when the session's transport proved it. */
  subject?: string;
  /**
   * A result decided before the server was asked (a `before` interceptor's answer): the server
   * is not called, but the middleware after the one that set it still run, and see the result.
   */
  answer?: unknown;
}

/** The rest of the pipeline, from a middleware's point of view: it resolves with the call's result. */
export type CallNext = () => Promise<unknown>;

/**
 * One step of every tool call, for both MCP eras and every transport: it may look at or change
 * the call, call `next()` (once) and return its result or another one, or throw to fail the
 * call (a GatewayError, so the client gets a code).
 * @example
 * const timing: CallMiddleware = async (call, next) => {
 *   const started = Date.now();
 *   try { return await next(); } finally { metrics.observe(call.tool, Date.now() - started); }
 * };
 */
export type CallMiddleware = (call: ToolCall, next: CallNext) => Promise<unknown>;

/**
 * Runs `call` through `middleware` in order, and then `last` (the server itself), unless a
 * middleware answered the call.
 * @example
 * const result = await runCall([createCallLog(record)], call, () => forward(call));
 */
export function runCall(middleware: readonly CallMiddleware[], call: ToolCall, last: CallNext): Promise<unknown> {
  const step = (index: number): Promise<unknown> => {
    const current = middleware[index];
    if (current) return current(call, () => step(index + 1));
    return call.answer !== undefined ? Promise.resolve(call.answer) : last();
  };
  return step(0);
}
