// The boundary between serving and routing: the router hands the transports a SessionFactory,
// and every downstream session (stdio, a 2025-11-25 Streamable HTTP session, a legacy SSE
// stream, or one stateless 2026-07-28 request) is served by a Server it makes.
import type { SessionInfo } from "@mcpgw/core";
import type { Server } from "@modelcontextprotocol/server";

/** Made by the router: one configured low-level Server per downstream session. */
export interface SessionFactory {
  /**
   * A configured v2 low-level `Server` (from @modelcontextprotocol/server) for one downstream
   * session, not yet connected; the transports connect it. For the stateless 2026-07-28 era it
   * is called per request, and the Server should list that revision in its
   * `supportedProtocolVersions` (after the SDK's own, as the SDK's handler adds it): only such a
   * Server is served on Node's own objects; another goes through the SDK's web handler.
   */
  createServer(session: SessionInfo): Server;
  /**
   * The session ended (DELETE, disconnect, idle reaping, shutdown; for the 2026-07-28 era, its
   * request finished). Called exactly once for each Server `createServer` returned, once that Server has closed.
   */
  sessionClosed?(sessionId: string): void;
  /**
   * The fast lane of a Server `createServer` made: put in front of it, it takes the messages it
   * can serve without the Server (routed calls) and answers them on the same wire.
   */
  fastLane?(server: Server): FastLane | undefined;
}

/** A session's fast lane (the router's), as the transports put it in front of its Server. */
export interface FastLane {
  /** Takes a message the Server need not see, answering through `reply`; `false` leaves it to the Server. */
  take(message: Record<string, unknown> & { jsonrpc: "2.0" }, reply: (message: Record<string, unknown> & { jsonrpc: "2.0" }, relatedRequestId?: string | number) => void): boolean;
  /** The session ended: what the lane has in flight ends too. */
  close(): void;
}
