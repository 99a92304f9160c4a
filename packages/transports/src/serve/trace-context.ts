// The W3C trace context a client sends as HTTP headers (`traceparent`, `tracestate`), made the
// active context while its request is handled, so the router's span of it is the client's span's
// child. OpenTelemetry's API only: without an SDK registered nothing is read.
import type { IncomingHttpHeaders } from "node:http";
import type { TextMapGetter } from "@opentelemetry/api";
import { context, propagation } from "@opentelemetry/api";

const HEADER_GETTER: TextMapGetter<IncomingHttpHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key.toLowerCase()],
};

/** Runs `handle` with the trace context of `headers` active, or as it is when they carry none. */
export function withClientTraceContext<T>(headers: IncomingHttpHeaders, handle: () => T): T {
  if (headers.traceparent === undefined) return handle();
  return context.with(propagation.extract(context.active(), headers, HEADER_GETTER), handle);
}
