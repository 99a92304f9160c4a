// `/mcp` on Node's own request and response objects. A call on a 2025-11-25 session, the hot
// path, goes from the socket to the session's transport with no web-standard Request, Response
// or stream made for it: the Host, Origin and token checks read raw headers, the body is read
// once, and the answer is written once. So is a stateless 2026-07-28 request whose headers
// plainly agree with its body (stateless-request.ts); the era's other requests (subscription
// streams, notifications, encoded or missing headers) go to the SDK's web-standard handler,
// converted at this edge.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger, Principal } from "@mcpgw/core";
import type { InboundModernRoute, JSONRPCRequest } from "@modelcontextprotocol/server";
import { classifyInboundRequest, isInitializeRequest, isJsonContentType, validateHostHeader, validateOriginHeader } from "@modelcontextprotocol/server";
import type { Authentication } from "./auth/http-auth.js";
import { samePrincipal } from "./auth/index.js";
import { HTTP_ERROR_CODES } from "./http-errors.js";
import type { HttpSession } from "./http-session.js";
import { HTTP_STATUS } from "./http-status.js";
import { readBody, toWebRequest, writeRejection, writeWebResponse } from "./node/node-http.js";
import type { SessionRegistry } from "./session-registry.js";
import { isModernRevision, nativelyServed, standardHeaders } from "./stateless-request.js";
import type { StreamableSessionContext } from "./streamable-session.js";
import { openStreamableSession } from "./streamable-session.js";

/** Everything `/mcp` needs from the app. */
export interface McpEndpointContext extends StreamableSessionContext {
  registry: SessionRegistry<HttpSession>;
  logger: Logger;
  maxBodyBytes: number;
  /** Hostnames a `Host` header may name; `undefined`: not checked. */
  allowedHosts: readonly string[] | undefined;
  allowedOrigins: readonly string[];
  /** The bearer check; `undefined` when the gateway is unauthenticated. */
  authenticate: ((authorization: string | undefined) => Promise<Authentication>) | undefined;
  /** The SDK's stateless handler, for 2026-07-28 requests; `principal` is who sent them, to `profile`. */
  serveModern(request: Request, principal: Principal | undefined, parsedBody: unknown, profile: string | undefined): Promise<Response>;
  /** Serves a stateless request natively (see `nativelyServed`); `false`: not served, `res` untouched. */
  serveStateless(route: InboundModernRoute, message: JSONRPCRequest, res: ServerResponse, principal: Principal | undefined, profile: string | undefined): Promise<boolean>;
  /** An answer refusing a new session (cap reached), or `undefined` to admit it. */
  admitSession(principal: Principal | undefined): { status: number; message: string; headers: Record<string, string> } | undefined;
  /** The app is shutting down. */
  closed(): boolean;
}

/** The request listener of `/mcp` and of `/mcp/<profile>` (given `profile`). Never rejects: failures become a 500 answer. */
export function createMcpEndpoint(context: McpEndpointContext): (req: IncomingMessage, res: ServerResponse, profile?: string) => Promise<void> {
  const { registry, logger } = context;
  // Host and Origin headers repeat on every request of a client: their verdicts are kept.
  const verdicts = new Map<string, string | undefined>();
  const checkHeaders = (req: IncomingMessage): string | undefined => {
    const key = `${req.headers.host ?? ""}\n${req.headers.origin ?? ""}`;
    if (verdicts.has(key)) return verdicts.get(key);
    const host = context.allowedHosts ? validateHostHeader(req.headers.host, [...context.allowedHosts]) : { ok: true as const };
    const origin = validateOriginHeader(req.headers.origin, [...context.allowedOrigins]);
    const problem = !host.ok ? host.message : !origin.ok ? origin.message : undefined;
    if (verdicts.size >= 1_024) verdicts.clear();
    verdicts.set(key, problem);
    return problem;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, profile: string | undefined): Promise<void> => {
    if (context.closed()) return writeRejection(res, HTTP_STATUS.SHUTTING_DOWN, HTTP_ERROR_CODES.SERVER_ERROR, "Service Unavailable: the gateway is shutting down");
    const forbidden = checkHeaders(req);
    if (forbidden !== undefined) return writeRejection(res, HTTP_STATUS.HOST_OR_ORIGIN_FORBIDDEN, HTTP_ERROR_CODES.SERVER_ERROR, forbidden);
    let principal: Principal | undefined;
    if (context.authenticate) {
      const auth = await context.authenticate(req.headers.authorization);
      if (!auth.ok) return writeWebResponse(res, auth.response);
      principal = auth.principal;
    }
    const method = req.method ?? "GET";
    let text: string | undefined;
    let body: unknown;
    if (method === "POST" && isJsonContentType(req.headers["content-type"])) {
      const read = await readBody(req, context.maxBodyBytes);
      if (!read.ok) {
        return read.tooLarge
          ? writeRejection(res, HTTP_STATUS.BODY_TOO_LARGE, HTTP_ERROR_CODES.SERVER_ERROR, `Payload Too Large: the request body must not exceed ${context.maxBodyBytes} bytes`)
          : writeRejection(res, HTTP_STATUS.BODY_INVALID, HTTP_ERROR_CODES.PARSE_ERROR, "Parse error: the request body could not be read");
      }
      text = read.text;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        return writeRejection(res, HTTP_STATUS.BODY_INVALID, HTTP_ERROR_CODES.PARSE_ERROR, "Parse error: the request body is not valid JSON");
      }
    } else if (method === "POST") {
      text = await readBody(req, context.maxBodyBytes).then((r) => (r.ok ? r.text : ""));
    }

    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = registry.get(sessionId);
      // Another caller's session is not theirs to use, nor to learn exists; nor is one of another profile.
      if (!session || session.kind !== "streamable-http" || !samePrincipal(session.principal, principal) || session.profile !== profile) {
        return writeRejection(res, HTTP_STATUS.SESSION_NOT_FOUND, HTTP_ERROR_CODES.SESSION_NOT_FOUND, "Session not found");
      }
      if (method !== "POST" && method !== "GET" && method !== "DELETE") return notAllowed(res);
      session.handle(req, res, body);
      return;
    }
    // Built once, and only off the hot path: a request without a session id.
    let web: Request | undefined;
    const webRequest = () => (web ??= toWebRequest(req, res, text));
    const modern = () => context.serveModern(webRequest(), principal, body, profile).then((response) => writeWebResponse(res, response));
    if (method === "POST") {
      // Not JSON: the SDK answers 415.
      if (body === undefined) return modern();
      const route = classifyInboundRequest({ httpMethod: method, ...standardHeaders(req.headers), body });
      if (route.kind === "modern") {
        const message = nativelyServed(route, req.headers);
        if (message && (await context.serveStateless(route, message, res, principal, profile))) return;
        return modern();
      }
      if (route.kind === "reject") return modern();
      if (isInitializeRequest(body) || (Array.isArray(body) && body.some((message) => isInitializeRequest(message)))) {
        const refused = context.admitSession(principal);
        if (refused) return writeRejection(res, refused.status, HTTP_ERROR_CODES.SERVER_ERROR, refused.message, refused.headers);
        return openStreamableSession(context, req, res, body, principal, profile);
      }
      return writeRejection(res, HTTP_STATUS.SESSION_ID_MISSING, HTTP_ERROR_CODES.SERVER_ERROR, "Bad Request: Mcp-Session-Id header is required");
    }
    if (method === "GET" || method === "DELETE") {
      // The stateless era has no GET or DELETE: the SDK answers such a request (405).
      const version = req.headers["mcp-protocol-version"];
      if (isModernRevision(typeof version === "string" ? version : undefined)) return modern();
      return writeRejection(res, HTTP_STATUS.SESSION_ID_MISSING, HTTP_ERROR_CODES.SERVER_ERROR, "Bad Request: Mcp-Session-Id header is required");
    }
    return notAllowed(res);
  };

  return async (req, res, profile) => {
    try {
      await serve(req, res, profile);
    } catch (error) {
      logger.error("serving an HTTP request failed", { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) writeRejection(res, HTTP_STATUS.INTERNAL_ERROR, HTTP_ERROR_CODES.INTERNAL_ERROR, "Internal error");
      else res.end();
    }
  };
}

function notAllowed(res: ServerResponse): void {
  writeRejection(res, HTTP_STATUS.METHOD_NOT_ALLOWED, HTTP_ERROR_CODES.SERVER_ERROR, "Method not allowed.", { allow: "GET, POST, DELETE" });
}
