// The boundary between serving and routing: the router hands the transports a SessionFactory,
// and every downstream session (stdio, a 2025-11-25 Streamable HTTP session, a legacy SSE
// stream, or one stateless 2026-07-28 request) is served by a Server it makes.
import type { Principal } from "@mcpgw/core";
import type { Server } from "@modelcontextprotocol/server";

/** The wire a downstream session arrived on. */
export type SessionTransport = "stdio" | "streamable-http" | "sse";

/**
 * The MCP era of a downstream session: `2025-11-25` covers every revision that opens with
 * `initialize` (2024-11-05 … 2025-11-25); `2026-07-28` is the stateless, per-request era.
 */
export type SessionEra = "2025-11-25" | "2026-07-28";

/** What the transports know about a downstream session when they ask for its Server. */
export interface SessionInfo {
  /**
   * Unique per Server made. For a 2025-11-25 Streamable HTTP session it is the
   * `Mcp-Session-Id`, for legacy SSE the `sessionId` of its message endpoint.
   */
  id: string;
  transport: SessionTransport;
  era: SessionEra;
  /** Who the caller proved to be, when the HTTP layer knows more than "holds the gateway token". */
  principal?: Principal;
}

/** Made by the router: one configured low-level Server per downstream session. */
export interface SessionFactory {
  /**
   * A configured v2 low-level `Server` (from @modelcontextprotocol/server) for one downstream
   * session, not yet connected; the transports connect it. For the stateless 2026-07-28 era it
   * is called per request.
   */
  createServer(session: SessionInfo): Server;
  /**
   * The session ended (DELETE, disconnect, idle reaping, shutdown; for the 2026-07-28 era, its
   * request finished). Called exactly once for each Server `createServer` returned, once that Server has closed.
   */
  sessionClosed?(sessionId: string): void;
}
