import type { Server } from "@modelcontextprotocol/server";
import type { Logger, SessionInfo } from "@mcpgw/core";
import type { SessionFactory } from "./session-factory.js";

/**
 * Asks the factory for a Server and arranges for `sessionClosed` (then `onEnded`) to be called
 * exactly once when it ends, however that happens.
 *
 * Where an SDK entry owns the transport (`createMcpHandler`, `serveStdio`) the only signals are
 * on the Server: `onclose` fires when its transport closes, but a Server that was never
 * connected (the SDK builds one for `subscriptions/listen` only to read its capabilities, then
 * calls `close()`) never fires it. So both are watched: `onclose` (chained, the SDK does the
 * same) and the instance's `close()` (wrapped).
 */
export function createWatchedServer(factory: SessionFactory, session: SessionInfo, logger: Logger, onEnded?: () => void): Server {
  const server = factory.createServer(session);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    // After the SDK's own teardown of the Server, which runs right after `onclose`.
    queueMicrotask(() => {
      notifyClosed(factory, session.id, logger);
      onEnded?.();
    });
  };
  const previous = server.onclose;
  server.onclose = () => {
    try {
      previous?.();
    } finally {
      end();
    }
  };
  const close = server.close.bind(server);
  server.close = async () => {
    try {
      await close();
    } finally {
      end();
    }
  };
  return server;
}

/** Calls `factory.sessionClosed`, keeping a throwing router from breaking the transport. */
function notifyClosed(factory: SessionFactory, sessionId: string, logger: Logger): void {
  try {
    factory.sessionClosed?.(sessionId);
  } catch (error) {
    logger.error("sessionClosed threw", { sessionId, error: error instanceof Error ? error.message : String(error) });
  }
}
