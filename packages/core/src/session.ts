// What a downstream session is, as the serving side (transports) and the routing side (router)
// both see it: the one definition they share.
import type { Principal } from "./principal.js";

/** The wire a downstream session arrived on. */
export type SessionTransport = "stdio" | "streamable-http" | "sse";

/**
 * The MCP era of a downstream session: `2025-11-25` covers every revision that opens with
 * `initialize` (2024-11-05 … 2025-11-25); `2026-07-28` is the stateless, per-request era.
 */
export type SessionEra = "2025-11-25" | "2026-07-28";

/** One client session as the serving side describes it when it asks the router for its server. */
export interface SessionInfo {
  /**
   * Unique per server made. For a 2025-11-25 Streamable HTTP session it is the
   * `Mcp-Session-Id`, for legacy SSE the `sessionId` of its message endpoint.
   */
  id: string;
  transport: SessionTransport;
  era: SessionEra;
  /** Who the caller proved to be; the authorization policy decides from it. None: the owner. */
  principal?: Principal;
  /** The profile the session is served (`/mcp/<profile>`, `gateway run --profile`); none: the gateway's own servers. */
  profile?: string;
}
