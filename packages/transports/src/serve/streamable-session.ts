// 2025-11-25 Streamable HTTP sessions: one SDK WebStandardStreamableHTTPServerTransport and one
// Server per `Mcp-Session-Id`. The SDK transport does the protocol's HTTP rules itself (406 on
// a wrong Accept, 415 on a wrong Content-Type, 400 on an unsupported MCP-Protocol-Version and
// 2025-03-26 when it is absent, one GET stream per session with 409 for a second, DELETE).
import { randomUUID } from "node:crypto";
import type { Logger, Principal } from "@mcpgw/core";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import { createWatchedServer } from "./server-end.js";
import type { SessionFactory } from "./session-factory.js";
import type { HttpSession, StreamableSession } from "./http-session.js";
import type { SessionRegistry } from "./session-registry.js";
import { definedOnly } from "@mcpgw/core";

export interface StreamableSessionContext {
  factory: SessionFactory;
  registry: SessionRegistry<HttpSession>;
  logger: Logger;
  maxBodyBytes: number;
}

/**
 * Serves an `initialize` that came without a session id: makes the session's Server and
 * transport, and keeps them only if the transport accepted the initialize (it may refuse it
 * with 406, 415 or 400, and then no session exists). `principal` is who sent the initialize.
 */
export async function openStreamableSession(context: StreamableSessionContext, request: Request, parsedBody: unknown, principal: Principal | undefined): Promise<Response> {
  const { factory, registry, logger } = context;
  // The id is chosen before the Server is made, so the router knows it from the start.
  const id = randomUUID();
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => id, maxRequestBodySize: context.maxBodyBytes });
  // Set before connect: the Server chains its own close handling after it.
  transport.onclose = () => registry.delete(id);
  transport.onerror = (error) => logger.debug("streamable HTTP session error", { sessionId: id, error: error.message });
  const server = createWatchedServer(factory, { id, transport: "streamable-http", era: "2025-11-25", ...definedOnly({ principal }) }, logger);
  const session: StreamableSession = {
    id,
    kind: "streamable-http",
    principal,
    handle: (incoming, body) => registry.serve(id, () => transport.handleRequest(incoming, { parsedBody: body })),
    close: () => server.close(),
  };
  try {
    await server.connect(transport);
  } catch (error) {
    await server.close().catch(() => {});
    throw error;
  }
  registry.add(session);
  let response: Response;
  try {
    response = await session.handle(request, parsedBody);
  } catch (error) {
    await server.close().catch(() => {});
    throw error;
  }
  if (transport.sessionId === undefined) {
    await server.close();
  } else {
    logger.debug("session opened", { sessionId: id, transport: "streamable-http" });
  }
  return response;
}
