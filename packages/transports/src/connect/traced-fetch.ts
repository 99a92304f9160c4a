// A remote server's requests carry the active trace context (the gateway's span of the call) as
// W3C headers, so its own spans join the client's trace. OpenTelemetry's API only: without an
// SDK registered the headers stay as they are.
import { context, propagation } from "@opentelemetry/api";

/** `fetch` with `traceparent` (and `tracestate`) of the active span added to each request's headers. */
export function tracedFetch(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return (input, init) => {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    if (Object.keys(carrier).length === 0) return fetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    for (const [name, value] of Object.entries(carrier)) headers.set(name, value);
    return fetch(input, { ...init, headers });
  };
}
