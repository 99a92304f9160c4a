// The router's spans, through OpenTelemetry's API only: without an SDK registered (the gateway
// registers one when tracing is on) every call here is a no-op. Names and attributes follow
// OpenTelemetry's MCP semantic conventions; argument and result values are never recorded.
import type { Attributes, Context, Span, TextMapGetter } from "@opentelemetry/api";
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { GatewayError, toJsonRpcError } from "@mcpgw/core";

const TRACER = "@mcpgw/router";

/** Reads `traceparent` and `tracestate` from a request's `_meta`. */
const META_GETTER: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => (typeof carrier[key] === "string" ? carrier[key] : undefined),
};

/**
 * The context a client request continues: the W3C trace context in its `_meta` when it sends
 * one, else the active one (where the HTTP transport put the `traceparent` header's).
 */
export function requestParent(meta: Record<string, unknown> | undefined): Context {
  const active = context.active();
  return meta && typeof meta.traceparent === "string" ? propagation.extract(active, meta, META_GETTER) : active;
}

/** The active span's trace context (`traceparent`, `tracestate`), empty when there is none, for a forwarded request's `_meta`. */
export function activeTraceContext(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** What a span is for: its name, kind and attributes. */
export interface SpanStart {
  name: string;
  kind: "server" | "client" | "internal";
  attributes: Attributes;
  /** The parent; default: the active context. */
  parent?: Context;
}

const KINDS = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL } as const;

/**
 * Runs `work` in a span that is active while it runs: a failure sets `error.type` (the
 * JSON-RPC code, or the gateway's error code) and the span's status, a tool's error result
 * sets `error.type` to `tool_error`.
 */
export function inSpan<T>(start: SpanStart, work: (span: Span) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer(TRACER);
  const span = tracer.startSpan(start.name, { kind: KINDS[start.kind], attributes: start.attributes }, start.parent ?? context.active());
  return context.with(trace.setSpan(start.parent ?? context.active(), span), () => work(span)).then(
    (result) => {
      if (isToolError(result)) span.setAttribute("error.type", "tool_error");
      span.end();
      return result;
    },
    (error: unknown) => {
      const type = errorType(error);
      span.setAttribute("error.type", type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: type });
      span.end();
      throw error;
    },
  );
}

function isToolError(result: unknown): boolean {
  return typeof result === "object" && result !== null && (result as { isError?: unknown }).isError === true;
}

/** The error's JSON-RPC code as the convention's `error.type` (e.g. `-32602`), the gateway's code when it has one. */
function errorType(error: unknown): string {
  if (error instanceof GatewayError) return error.code;
  return String(toJsonRpcError(error).code);
}
