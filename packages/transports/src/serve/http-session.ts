// The sessions the HTTP app keeps, as the app and the session modules see them: the modules
// implement these, and the registry holds either.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Principal } from "@mcpgw/core";
import type { LiveSession } from "./session-registry.js";

/** A live 2025-11-25 session. */
export interface StreamableSession extends LiveSession {
  readonly kind: "streamable-http";
  /** Who opened it; only they may use it. `undefined`: the owner. */
  readonly principal: Principal | undefined;
  /** The profile it was opened on (`/mcp/<profile>`); only that endpoint serves it. */
  readonly profile: string | undefined;
  /** Serves one request (POST, GET or DELETE) that carries this session's id; `body` is a POST's parsed JSON, `undefined` when it was not JSON. */
  handle(req: IncomingMessage, res: ServerResponse, body: unknown): void;
}

/** A live legacy SSE session. */
export interface SseSession extends LiveSession {
  readonly kind: "sse";
  /** Who opened the stream; only they may post to it. `undefined`: the owner. */
  readonly principal: Principal | undefined;
  /** The profile it was opened on (`/sse/<profile>`). */
  readonly profile: string | undefined;
  /** Delivers one posted message; rejects when it is not JSON-RPC. */
  deliver(message: unknown, request: Request): Promise<void>;
}

/** A session the HTTP app keeps: 2025-11-25 Streamable HTTP, or legacy SSE. */
export type HttpSession = StreamableSession | SseSession;
