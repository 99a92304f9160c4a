// The one place that touches the MCP SDK's client transports. They come from the v2 client
// package (@modelcontextprotocol/client), which runs on Node 20 and speaks both 2025-11-25 and
// 2026-07-28 (it derives the 2026 `Mcp-Method`/`Mcp-Name` headers from the message itself), so
// a gateway passing messages through gets both eras without knowing which it carries.
import { SSEClientTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { JSONRPCMessage } from "@modelcontextprotocol/client";
import type { JsonRpcMessage } from "@mcpgw/core";
import { definedOnly } from "@mcpgw/core";

/** Per-message hooks; only Streamable HTTP has a stream per request to use them on. */
export interface SdkSendOptions {
  /** Aborts this request's own response stream (a timed-out or cancelled request). */
  requestSignal?: AbortSignal;
  /** Called when this request's response stream has ended, answered or not. */
  onRequestStreamEnd?: () => void;
}

/** The SDK transport of either kind behind one shape. */
export interface SdkTransport {
  readonly kind: "streamable-http" | "sse";
  /** The server's session id (Streamable HTTP, once initialized). */
  readonly sessionId: string | undefined;
  onmessage?: (message: JsonRpcMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  start(): Promise<void>;
  send(message: JsonRpcMessage, options?: SdkSendOptions): Promise<void>;
  setProtocolVersion(version: string): void;
  /** Ends the server's session (HTTP DELETE) where there is one; a no-op for SSE. */
  terminateSession(): Promise<void>;
  close(): Promise<void>;
}

export interface SdkTransportOptions {
  headers: Record<string, string>;
  fetch?: typeof fetch;
}

// Resumption after a dropped response stream is tried briefly: a server that is gone must turn
// into an error for the request within a second, not after the SDK's default of several.
const RECONNECTION = { initialReconnectionDelay: 200, maxReconnectionDelay: 1_000, reconnectionDelayGrowFactor: 2, maxRetries: 2 };

/** A fresh SDK client transport of `kind` for `url`, not yet started. */
export function createSdkTransport(kind: "streamable-http" | "sse", url: URL, options: SdkTransportOptions): SdkTransport {
  const common = { requestInit: { headers: options.headers }, ...definedOnly({ fetch: options.fetch }) };
  return kind === "sse" ? wrapSse(new SSEClientTransport(url, common)) : wrapStreamable(new StreamableHTTPClientTransport(url, { ...common, reconnectionOptions: RECONNECTION }));
}

// Messages pass through unvalidated on purpose (the gateway does not re-check what it relays),
// so the SDK's strict JSONRPCMessage and core's loose JsonRpcMessage are converted by a cast.
const toSdk = (message: JsonRpcMessage): JSONRPCMessage => message as unknown as JSONRPCMessage;
const fromSdk = (message: JSONRPCMessage): JsonRpcMessage => message as unknown as JsonRpcMessage;

function wrapStreamable(inner: StreamableHTTPClientTransport): SdkTransport {
  const adapter: SdkTransport = {
    kind: "streamable-http",
    get sessionId() {
      return inner.sessionId;
    },
    start: () => inner.start(),
    send: (message, options) => inner.send(toSdk(message), options),
    setProtocolVersion: (version) => inner.setProtocolVersion(version),
    terminateSession: () => inner.terminateSession(),
    close: () => inner.close(),
  };
  inner.onmessage = (message) => adapter.onmessage?.(fromSdk(message));
  inner.onerror = (error) => adapter.onerror?.(error);
  inner.onclose = () => adapter.onclose?.();
  return adapter;
}

function wrapSse(inner: SSEClientTransport): SdkTransport {
  const adapter: SdkTransport = {
    kind: "sse",
    sessionId: undefined,
    start: () => inner.start(),
    send: (message) => inner.send(toSdk(message)),
    setProtocolVersion: (version) => inner.setProtocolVersion(version),
    // Legacy SSE has no session to end: closing the stream ends it.
    terminateSession: async () => {},
    close: () => inner.close(),
  };
  inner.onmessage = (message) => adapter.onmessage?.(fromSdk(message));
  inner.onerror = (error) => adapter.onerror?.(error);
  inner.onclose = () => adapter.onclose?.();
  return adapter;
}
