import type { CallMiddleware } from "./call-pipeline.js";
import { errorCode } from "../downstream/protocol-error.js";
import { definedOnly } from "@mcpgw/core";

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
  /** The JSON-RPC error code of a failure, as the client got it. */
  errorCode?: number;
}

/**
 * The call log (`--log-calls`) as call middleware: put it first, so it sees every call, what
 * the rest of the pipeline made of it and how long that took.
 * @example
 * createRouter({ ..., callMiddleware: [createCallLog((entry) => logger.info("call", { ...entry }))] });
 */
export function createCallLog(record: (entry: CallLogEntry) => void): CallMiddleware {
  return async (call, next) => {
    const started = Date.now();
    const entry = (outcome: CallLogEntry["outcome"], code?: number): CallLogEntry => ({
      time: new Date(started).toISOString(),
      session: call.session,
      ...definedOnly({ subject: call.subject }),
      server: call.server,
      tool: call.tool,
      durationMs: Date.now() - started,
      outcome,
      ...definedOnly({ errorCode: code }),
    });
    try {
      const result = await next();
      record(entry((result as { isError?: boolean } | undefined)?.isError ? "tool-error" : "ok"));
      return result;
    } catch (error) {
      record(entry("error", errorCode(error)));
      throw error;
    }
  };
}
