// The legacy HTTP+SSE transport (protocol 2024-11-05): `GET /sse` opens a stream whose first
// event names the message endpoint; POSTs there get 202 and their answers come on the stream.
//
// The v2 server SDK does not serve this transport; its frozen v1 copy in
// @modelcontextprotocol/server-legacy does, on Node's IncomingMessage/ServerResponse only. So
// the stream is written to the Node response that @hono/node-server passes as `c.env.outgoing`,
// and messages are handed to `handleMessage` (its `handlePostMessage` would want Node objects
// too, and would read the body without our size limit).
import { isJsonContentType } from "@modelcontextprotocol/server";
import type { Logger, Principal } from "@mcpgw/core";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { ServerResponse } from "node:http";
import { samePrincipal } from "./auth/index.js";
import { HTTP_ERROR_CODES, httpError } from "./http-errors.js";
import { HTTP_STATUS } from "./http-status.js";
import { createWatchedServer } from "./server-end.js";
import type { SessionFactory } from "./session-factory.js";
import type { HttpSession, SseSession } from "./http-session.js";
import type { SessionRegistry } from "./session-registry.js";
import { definedOnly } from "@mcpgw/core";

/** SSE comments keep proxies from timing the stream out and reveal a peer that is gone. */
const KEEPALIVE_MS = 15_000;

export interface SseContext {
  factory: SessionFactory;
  registry: SessionRegistry<HttpSession>;
  logger: Logger;
}

/**
 * Opens a legacy SSE session on `outgoing` and answers for it: the returned Response only tells
 * @hono/node-server that the answer is already being written. `principal` is who opened it,
 * `profile` the profile it was opened on.
 */
export async function openSseSession(context: SseContext, outgoing: ServerResponse, endpoint: string, principal: Principal | undefined, profile: string | undefined): Promise<Response> {
  const { factory, registry, logger } = context;
  // Loaded on the first legacy session: the frozen v1 SDK brings its own copy of the protocol's
  // schemas, which a gateway that never meets a legacy client need not parse or keep.
  const { SSEServerTransport } = await import("@modelcontextprotocol/server-legacy/sse");
  const transport = new SSEServerTransport(endpoint, outgoing);
  const id = transport.sessionId;
  const keepalive = setInterval(() => {
    if (outgoing.headersSent && !outgoing.writableEnded) outgoing.write(": keepalive\n\n");
  }, KEEPALIVE_MS);
  keepalive.unref();
  let streamDone = () => {};
  // The transport reports its end twice (its own close() and the response's "close" event);
  // everything below is idempotent.
  transport.onclose = () => {
    clearInterval(keepalive);
    streamDone();
    registry.delete(id);
  };
  transport.onerror = (error) => logger.debug("legacy SSE session error", { sessionId: id, error: error.message });
  const server = createWatchedServer(factory, { id, transport: "sse", era: "2025-11-25", ...definedOnly({ principal, profile }) }, logger);
  const session: SseSession = {
    id,
    kind: "sse",
    principal,
    profile,
    deliver: (message, request) => transport.handleMessage(message, { request }),
    close: () => server.close(),
  };
  registry.add(session);
  // The open stream is what keeps an SSE session alive; it ends with the stream.
  streamDone = registry.busy(id);
  try {
    await server.connect(transport);
  } catch (error) {
    clearInterval(keepalive);
    await server.close().catch(() => {});
    throw error;
  }
  logger.debug("session opened", { sessionId: id, transport: "sse" });
  return RESPONSE_ALREADY_SENT;
}

/** Serves a POST to the message endpoint of session `id`, from `principal` (who must have opened it). */
export async function postSseMessage(context: SseContext, id: string | undefined, request: Request, parsedBody: unknown, principal: Principal | undefined): Promise<Response> {
  if (!id) return httpError(HTTP_STATUS.SESSION_ID_MISSING, HTTP_ERROR_CODES.SERVER_ERROR, "Bad Request: the sessionId query parameter is required");
  const session = context.registry.get(id);
  if (!session || session.kind !== "sse" || !samePrincipal(session.principal, principal)) return httpError(HTTP_STATUS.SESSION_NOT_FOUND, HTTP_ERROR_CODES.SESSION_NOT_FOUND, "Session not found");
  if (!isJsonContentType(request.headers.get("content-type"))) {
    return httpError(HTTP_STATUS.UNSUPPORTED_CONTENT_TYPE, HTTP_ERROR_CODES.SERVER_ERROR, "Unsupported Media Type: Content-Type must be application/json");
  }
  const done = context.registry.busy(id);
  try {
    await session.deliver(parsedBody, request);
  } catch {
    return httpError(HTTP_STATUS.BODY_INVALID, HTTP_ERROR_CODES.PARSE_ERROR, "Invalid message: not a JSON-RPC message");
  } finally {
    done();
  }
  return new Response("Accepted", { status: HTTP_STATUS.MESSAGE_ACCEPTED });
}
