// Spans of the call middleware the gateway puts in every tool call (interceptors, the secret
// guard), each a child of the call's span and covering that step's own work only: a step that
// works before `next()` ends its span when it calls `next()`, one that works on the result
// starts its span when `next()` settles. The rest of the pipeline runs in the call's context,
// so the upstream's span is the call's child too, not the step's.
import type { Context, Span } from "@opentelemetry/api";
import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import type { CallMiddleware } from "@mcpgw/router";
import { toJsonRpcError } from "@mcpgw/core";

const TRACER = "@mcpgw/gateway";

/** Which part of the call a step works on: the arguments on the way in, or the result on the way out. */
export type MiddlewareSide = "arguments" | "result";

/** `middleware` with a span named `name` around its own work on `side`. */
export function tracedMiddleware(name: string, side: MiddlewareSide, middleware: CallMiddleware): CallMiddleware {
  return (call, next) => {
    const parent = context.active();
    const start = (): Span => trace.getTracer(TRACER).startSpan(name, { attributes: { "mcpgw.server": call.server, "gen_ai.tool.name": call.tool } }, parent);
    let span = side === "arguments" ? start() : undefined;
    // A failure of the rest of the pipeline that the step only passes on is not the step's.
    let passedOn: unknown;
    const settle = (error?: unknown) => {
      if (error !== undefined && error !== passedOn && span) {
        span.setAttribute("error.type", errorType(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(error) });
      }
      span?.end();
      span = undefined;
    };
    const traced = () => {
      if (side === "arguments") settle();
      return inContext(parent, next)
        .catch((error: unknown) => {
          passedOn = error;
          throw error;
        })
        .finally(() => {
          if (side === "result") span = start();
        });
    };
    const run = span ? context.with(trace.setSpan(parent, span), () => middleware(call, traced)) : middleware(call, traced);
    return run.then(
      (result) => (settle(), result),
      (error: unknown) => {
        settle(error);
        throw error;
      },
    );
  };
}

function inContext<T>(parent: Context, work: () => Promise<T>): Promise<T> {
  return context.with(parent, work);
}

function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : String(toJsonRpcError(error).code);
}
