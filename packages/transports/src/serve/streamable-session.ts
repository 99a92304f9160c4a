// 2025-11-25 Streamable HTTP sessions: one Server per `Mcp-Session-Id`, speaking through a
// NodeSessionTransport on Node's own request and response objects (node/node-session-transport.ts
// has the protocol's HTTP rules).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger, Principal } from "@mcpgw/core";
import { definedOnly } from "@mcpgw/core";
import type { HttpSession, StreamableSession } from "./http-session.js";
import { withFastLane } from "./fast-lane-transport.js";
import { NodeSessionTransport } from "./node/node-session-transport.js";
import { createWatchedServer } from "./server-end.js";
import type { SessionFactory } from "./session-factory.js";
import type { SessionRegistry } from "./session-registry.js";

export interface StreamableSessionContext {
  factory: SessionFactory;
  registry: SessionRegistry<HttpSession>;
  logger: Logger;
}

/**
 * Serves an `initialize` that came without a session id: makes the session's Server and
 * transport, and keeps them only if the transport accepted the initialize (it may refuse it
 * with 406, 415 or 400, and then no session exists). `principal` is who sent the initialize,
 * `profile` the profile it was sent to.
 */
export async function openStreamableSession(context: StreamableSessionContext, req: IncomingMessage, res: ServerResponse, body: unknown, principal: Principal | undefined, profile: string | undefined): Promise<void> {
  const { factory, registry, logger } = context;
  // The id is chosen before the Server is made, so the router knows it from the start.
  const id = randomUUID();
  const transport = new NodeSessionTransport(id);
  const server = createWatchedServer(factory, { id, transport: "streamable-http", era: "2025-11-25", ...definedOnly({ principal, profile }) }, logger);
  const wire = withFastLane(transport, factory.fastLane?.(server));
  // Set before connect: the Server chains its own close handling after it.
  wire.onclose = () => registry.delete(id);
  wire.onerror = (error) => logger.debug("streamable HTTP session error", { sessionId: id, error: error.message });
  const session: StreamableSession = {
    id,
    kind: "streamable-http",
    principal,
    profile,
    handle(request, response, parsed) {
      // Busy while the request is answered and any stream it opened stays open.
      const done = registry.busy(id);
      response.once("close", done);
      if (request.method === "POST") transport.handlePost(request, response, parsed);
      else if (request.method === "GET") transport.handleGet(request, response);
      else void transport.handleDelete(request, response);
    },
    close: () => server.close(),
  };
  try {
    await server.connect(wire);
  } catch (error) {
    await server.close().catch(() => {});
    throw error;
  }
  registry.add(session);
  session.handle(req, res, body);
  // A refused initialize (406, 415, 400) leaves no session behind.
  if (res.statusCode >= 400) {
    await server.close();
    return;
  }
  logger.debug("session opened", { sessionId: id, transport: "streamable-http" });
}
