/** One tool call as the call log records it: never argument or result values. */
export interface CallLogEntry {
  /** ISO time the call started. */
  time: string;
  session: string;
  /** Who called, when the session's transport proved it (a token's name, an access token's subject). */
  subject?: string;
  server: string;
  tool: string;
  durationMs: number;
  /** `ok`, a result with `isError` (`tool-error`), or a failure (`error`). */
  outcome: "ok" | "tool-error" | "error";
  /** The JSON-RPC error code of a failure. */
  errorCode?: number;
}
