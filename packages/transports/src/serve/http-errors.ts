// The HTTP answers the gateway itself gives (as opposed to those the SDK transports give): a
// JSON-RPC error body with `id: null`, the shape the SDK's own rejections have, so a client
// reads both the same way.

/** JSON-RPC error codes used on HTTP rejections. */
export const HTTP_ERROR_CODES = {
  /** The SDK's generic server error, used for transport-level rejections. */
  SERVER_ERROR: -32000,
  /** The SDK's "Session not found". */
  SESSION_NOT_FOUND: -32001,
  PARSE_ERROR: -32700,
  INTERNAL_ERROR: -32603,
} as const;

/** A JSON-RPC error response with HTTP `status`. */
export function httpError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}
