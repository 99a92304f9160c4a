import type { CallbackPage } from "../connect/oauth/callback-waiters.js";
import { callbackPageHtml } from "../connect/oauth/callback-waiters.js";
import { OAUTH_CALLBACK_PATH } from "../connect/oauth/oauth-broker.js";
import { randomUUID } from "node:crypto";
import { ErrorCode, GatewayError, definedOnly, silentLogger } from "@mcpgw/core";
import type { Logger, Principal } from "@mcpgw/core";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { createMcpHandler } from "@modelcontextprotocol/server";
import { Hono } from "hono";
import type { Context, MiddlewareHandler } from "hono";
import { createHttpAuth } from "./auth/index.js";
import type { OAuthResourceOptions, StaticToken } from "./auth/index.js";
import { HTTP_ERROR_CODES, httpError } from "./http-errors.js";
import { HTTP_STATUS } from "./http-status.js";
import { allowedHostnames, allowedOriginHostnames, hostAndOriginGuards, jsonBodyGuard } from "./http-guards.js";
import type { HttpSession } from "./http-session.js";
import { openSseSession, postSseMessage } from "./legacy-sse.js";
import { createWatchedServer } from "./server-end.js";
import type { SessionFactory } from "./session-factory.js";
import { SessionRegistry } from "./session-registry.js";
import { createMcpEndpoint } from "./mcp-endpoint.js";
import { writeRejection } from "./node/node-http.js";
import { StatelessRequests } from "./stateless-request.js";
import type { MetricsEndpoint } from "./metrics-route.js";
import { mountMetrics } from "./metrics-route.js";
import type { HttpAppEnv } from "./http-app-env.js";
import type { SessionEvents, SessionRefusal } from "./session-registry.js";
import { withClientTraceContext } from "./trace-context.js";

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /**
   * The gateway token: its holder is the owner (no principal). `undefined` with neither `tokens`
   * nor `oauth` turns authentication off (the gateway's `--allow-unauthenticated`); with either,
   * only those are accepted. Never logged.
   */
  authToken: string | undefined;
  /**
   * Named static tokens; a request bearing one gets the principal `{ via: "token", subject:
   * name, scopes }`. Given (even empty), authentication is on. Checked after the gateway token.
   */
  tokens?: readonly StaticToken[];
  /**
   * Accept OAuth 2.1 access tokens (JWTs) of this issuer, checked last; serves the RFC 9728
   * metadata at `/.well-known/oauth-protected-resource` (and its `/mcp`-suffixed form).
   */
  oauth?: OAuthResourceOptions;
  /** Told when sessions open and close, and why the gateway closed idle ones (for metrics). */
  sessionEvents?: SessionEvents;
  /** Serve `GET /metrics` from this, protected like `/mcp` unless it is public. None: no `/metrics`. */
  metrics?: MetricsEndpoint;
  /** `/health` answers 503 until this returns true. Default: always ready. */
  ready?: () => boolean;
  /**
   * Answers the browser's return from a remote server's authorization at `/oauth/callback`
   * (the gateway behind `--public-url`). Public, as a redirect target must be: the `state` it
   * carries is what ties it to a flow.
   */
  oauthCallback?: (query: URLSearchParams) => CallbackPage;
  /**
   * The address the server will be bound to; decides the default Host check. Bound to loopback
   * (the default, 127.0.0.1), `Host` must be localhost, 127.0.0.1 or [::1] (plus `allowedHosts`);
   * bound elsewhere, only `allowedHosts` are checked, when given.
   */
  host?: string;
  /** More hostnames (or `host:port`) a `Host` header may name. */
  allowedHosts?: readonly string[];
  /**
   * Profiles served besides the gateway's own servers, each at `/mcp/<name>` and `/sse/<name>`
   * (names of `[A-Za-z0-9_-]`, up to 64). Asked per request, so that profiles added or removed
   * while the gateway runs are served or refused at once; a name it does not have gets 404.
   */
  profiles?: { has(name: string): boolean };
  /** More origins (or hostnames) a browser `Origin` may have besides the loopback ones. */
  allowedOrigins?: readonly string[];
  /** The largest request body accepted; larger ones get 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /** A session (2025-11-25 or SSE) with no request and no open stream for this long is closed. Default 30 min. */
  sessionIdleMs?: number;
  /**
   * At most this many sessions (2025-11-25 and SSE together). At the cap, an initialize closes
   * the least recently active idle session to make room; only when every session is busy does
   * it get 503 with `Retry-After`. Default 1000.
   */
  maxSessions?: number;
  /**
   * At most this many sessions of one caller with a principal (a named token's or an OAuth
   * subject's); past it the caller's own least recently active idle session is closed, never
   * another's, and when all of its sessions are busy it gets 429 with `Retry-After`. The owner
   * has no cap of its own (see `SessionRegistry.admit`). Default 100.
   */
  maxSessionsPerCaller?: number;
  logger?: Logger;
}

export type { HttpAppEnv } from "./http-app-env.js";

/** Which endpoints' clients a change concerns: `/mcp` (`default`) and those of these profiles. */
export interface ListChangeScope {
  default: boolean;
  profiles: ReadonlySet<string>;
}

/** What {@link createHttpApp} returns. */
export interface HttpApp {
  /** Serves `/sse`, `/messages`, `/health` and the metadata and callback routes; `/mcp` is {@link HttpApp.serveMcp}. */
  readonly app: Hono<HttpAppEnv>;
  /** Serves `/mcp` (or, given `profile`, `/mcp/<profile>`) on Node's own request and response objects. */
  serveMcp(req: IncomingMessage, res: ServerResponse, profile?: string): Promise<void>;
  /** The Node request listener of the whole app: `/mcp` to {@link HttpApp.serveMcp}, the rest to the Hono app. */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Ends every session and open stream; afterwards the MCP routes answer 503. */
  closeAll(): Promise<void>;
  /** Live sessions (2025-11-25 Streamable HTTP and legacy SSE); stateless requests do not count. */
  sessionCount(): number;
  /**
   * Tells 2026-07-28 clients (their `subscriptions/listen` streams) that a list changed: those of
   * the endpoints `scope` names, or all. 2025 sessions get theirs from their own Server, which the
   * router notifies.
   */
  notifyListChanged(kind: "tools" | "prompts" | "resources", scope?: ListChangeScope): void;
  /** Tells 2026-07-28 clients subscribed to `uri` that it changed. */
  notifyResourceUpdated(uri: string): void;
}

/** What a profile's name may be: it is a path segment (`/mcp/<profile>`). */
const PROFILE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const UNKNOWN_PROFILE = "Not Found: no such profile is served here";

const DEFAULTS = { host: "127.0.0.1", maxBodyBytes: 4 * 1024 * 1024, sessionIdleMs: 30 * 60_000, maxSessions: 1_000, maxSessionsPerCaller: 100 };

/**
 * The HTTP face of the gateway:
 * - `/mcp` (`serveMcp`, on Node's own request and response objects; see mcp-endpoint.ts):
 *   Streamable HTTP for both eras. A request with `Mcp-Session-Id`, or an `initialize`, is
 *   served by that 2025-11-25 session (its own Server and transport); a request carrying the
 *   2026-07-28 `_meta` envelope by a Server of its own, on Node's objects when its headers
 *   plainly agree with its body (stateless-request.ts), else by the SDK's stateless
 *   `createMcpHandler` (`subscriptions/listen` streams among them).
 * - the rest in a Hono app:
 * - `/sse` and `/messages?sessionId=…`: the legacy 2024-11-05 HTTP+SSE transport (Node only).
 * - `/health`: 200 `{status:"ok"}` once `ready()`, else 503.
 * - `/metrics`: the gateway's metrics, when `metrics` is given.
 * - `/.well-known/oauth-protected-resource[/mcp]`: RFC 9728 metadata, when `oauth` is given.
 *
 * Every MCP route checks Host and Origin (403), the caller's token (401, or 403 for missing
 * scopes) and the body size (413). A session keeps the principal that opened it: a request on
 * it from another caller is answered as if the session did not exist (404).
 *
 * @example
 * const http = createHttpApp(factory, { authToken: process.env.MCP_GATEWAY_AUTH_TOKEN, ready: () => loaded });
 * const server = await listen(http, { port: 8811 }); // or createServer(http.listener)
 */
export function createHttpApp(factory: SessionFactory, options: HttpAppOptions): HttpApp {
  const logger = options.logger ?? silentLogger;
  const servesProfile = (name: string) => PROFILE_NAME.test(name) && options.profiles?.has(name) === true;
  const unknownProfile = () => httpError(HTTP_STATUS.PROFILE_NOT_FOUND, HTTP_ERROR_CODES.SERVER_ERROR, UNKNOWN_PROFILE);
  const auth = createHttpAuth({ gatewayToken: options.authToken, tokens: options.tokens, oauth: options.oauth, logger });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const registry = new SessionRegistry<HttpSession>({
    idleMs: options.sessionIdleMs ?? DEFAULTS.sessionIdleMs,
    maxSessions: options.maxSessions ?? DEFAULTS.maxSessions,
    maxSessionsPerCaller: options.maxSessionsPerCaller ?? DEFAULTS.maxSessionsPerCaller,
    logger,
    ...(options.sessionEvents ? { events: options.sessionEvents } : {}),
  });
  const context = { factory, registry, logger, maxBodyBytes };
  let closed = false;

  // Who sent each stateless request, for its Server: the SDK hands the factory the very Request
  // it was given. A request missing here did not pass the guards, and gets no Server.
  const callers = new WeakMap<Request, { principal: Principal | undefined; profile: string | undefined }>();
  // `legacy: 'reject'`: 2025-era traffic never reaches it, it goes to the sessions below. One
  // handler per endpoint (`/mcp`, each `/mcp/<profile>`), made on its first request: each has its
  // own `subscriptions/listen` streams, so a profile's list changes reach its clients only.
  const moderns = new Map<string | undefined, ReturnType<typeof createMcpHandler>>();
  const modernFor = (profile: string | undefined) => {
    let handler = moderns.get(profile);
    if (!handler) {
      handler = createMcpHandler(
        ({ requestInfo }) => {
          const caller = requestInfo && callers.get(requestInfo);
          if (!caller) throw new GatewayError(ErrorCode.INTERNAL, "a stateless MCP request arrived without its caller");
          return createWatchedServer(factory, { id: randomUUID(), transport: "streamable-http", era: "2026-07-28", ...definedOnly({ principal: caller.principal, profile: caller.profile }) }, logger);
        },
        {
          legacy: "reject",
          maxRequestBodySize: maxBodyBytes,
          onerror: (error) => logger.debug("stateless MCP request rejected or failed", { error: error.message }),
        },
      );
      moderns.set(profile, handler);
    }
    return handler;
  };
  /** The handlers of the endpoints `scope` names (all of them without one). */
  const modernsIn = (scope: ListChangeScope | undefined) => [...moderns].filter(([profile]) => !scope || (profile === undefined ? scope.default : scope.profiles.has(profile))).map(([, handler]) => handler);
  const stateless = new StatelessRequests(factory, logger);
  const app = new Hono<HttpAppEnv>();
  app.onError((error) => {
    logger.error("serving an HTTP request failed", { error: error.message });
    return httpError(HTTP_STATUS.INTERNAL_ERROR, HTTP_ERROR_CODES.INTERNAL_ERROR, "Internal error");
  });
  app.get("/health", (c) => ((options.ready?.() ?? true) ? c.json({ status: "ok" }) : c.json({ status: "starting" }, HTTP_STATUS.NOT_READY)));
  const oauthCallback = options.oauthCallback;
  if (oauthCallback) {
    app.get(OAUTH_CALLBACK_PATH, (c) => {
      const page = oauthCallback(new URL(c.req.url).searchParams);
      return c.html(callbackPageHtml(page), page.status as 200, { "cache-control": "no-store" });
    });
  }
  const metadata = auth.metadata;
  // Public, like the authorization server's own metadata: any origin may read it.
  if (metadata) for (const path of metadata.paths) app.get(path, (c) => c.json(metadata.document, 200, { "access-control-allow-origin": "*" }));

  const guards = hostAndOriginGuards({ host: options.host ?? DEFAULTS.host, ...pick(options, "allowedHosts", "allowedOrigins") });
  if (options.metrics) mountMetrics(app, options.metrics, { hostAndOrigin: [...guards], auth: auth.guard as MiddlewareHandler | undefined });
  if (auth.guard) guards.push(auth.guard);
  for (const path of ["/sse", "/sse/:profile", "/messages"]) {
    app.use(path, ...guards, jsonBodyGuard(maxBodyBytes), async (c, next) => {
      if (closed) return httpError(HTTP_STATUS.SHUTTING_DOWN, HTTP_ERROR_CODES.SERVER_ERROR, "Service Unavailable: the gateway is shutting down");
      await next();
    });
  }

  // Before a session is opened: room is made for it at the caps, or it is refused.
  const admitSession = (principal: Principal | undefined) => {
    const refusal = registry.admit(principal);
    return refusal && refusalAnswer(refusal);
  };
  const sessionLimitReached = (principal: Principal | undefined) => {
    const refused = admitSession(principal);
    return refused && httpError(refused.status, HTTP_ERROR_CODES.SERVER_ERROR, refused.message, refused.headers);
  };

  const hostPolicy = { host: options.host ?? DEFAULTS.host, ...pick(options, "allowedHosts", "allowedOrigins") };
  const serveMcp = createMcpEndpoint({
    ...context,
    allowedHosts: allowedHostnames(hostPolicy),
    allowedOrigins: allowedOriginHostnames(hostPolicy),
    authenticate: auth.authenticate,
    serveModern: (request, principal, parsedBody, profile) => {
      callers.set(request, { principal, profile });
      return modernFor(profile).fetch(request, parsedBody === undefined ? undefined : { parsedBody });
    },
    serveStateless: (route, message, res, principal, profile) => stateless.serve(route, message, res, principal, profile),
    admitSession,
    closed: () => closed,
  });
  const honoListener = getRequestListener(app.fetch, { overrideGlobalObjects: false });

  const openSse = async (c: Context<HttpAppEnv>, profile: string | undefined) => {
    const outgoing = c.env?.outgoing;
    if (!outgoing) return httpError(HTTP_STATUS.SSE_NEEDS_NODE, HTTP_ERROR_CODES.SERVER_ERROR, "Not Implemented: legacy SSE needs the Node HTTP server (listen())");
    const limited = sessionLimitReached(c.get("principal"));
    if (limited) return limited;
    // Relative to where the app is mounted: `/base/sse` and `/base/sse/dev` post to `/base/messages`.
    const endpoint = c.req.path.replace(/sse(\/[^/]+)?$/, "messages");
    return openSseSession(context, outgoing, endpoint, c.get("principal"), profile);
  };
  app.get("/sse", (c: Context<HttpAppEnv>) => openSse(c, undefined));
  app.get("/sse/:profile", (c: Context<HttpAppEnv>) => {
    const profile = c.req.param("profile") ?? "";
    return servesProfile(profile) ? openSse(c, profile) : unknownProfile();
  });
  app.post("/messages", (c: Context<HttpAppEnv>) => postSseMessage(context, c.req.query("sessionId"), c.req.raw, c.get("parsedBody"), c.get("principal")));

  return {
    app,
    serveMcp,
    listener: (req, res) =>
      withClientTraceContext(req.headers, () => {
        const url = req.url ?? "/";
        const path = url.includes("?") ? url.slice(0, url.indexOf("?")) : url;
        if (path === "/mcp") void serveMcp(req, res);
        else if (path.startsWith("/mcp/")) {
          const profile = path.slice(5);
          if (servesProfile(profile)) void serveMcp(req, res, profile);
          else writeRejection(res, HTTP_STATUS.PROFILE_NOT_FOUND, HTTP_ERROR_CODES.SERVER_ERROR, UNKNOWN_PROFILE);
        } else void honoListener(req, res);
      }),
    async closeAll() {
      closed = true;
      await Promise.all([...[...moderns.values()].map((handler) => handler.close()), stateless.closeAll(), registry.closeAll()]);
    },
    sessionCount: () => registry.size,
    notifyListChanged(kind, scope) {
      for (const modern of modernsIn(scope)) {
        if (kind === "tools") modern.notify.toolsChanged();
        else if (kind === "prompts") modern.notify.promptsChanged();
        else modern.notify.resourcesChanged();
      }
    },
    notifyResourceUpdated: (uri) => {
      for (const modern of moderns.values()) modern.notify.resourceUpdated(uri);
    },
  };
}

/** The answer to an initialize refused at a session cap: 503 at the gateway's, 429 at the caller's own. */
/** The answer to a refused session: its status, message and `Retry-After`. */
function refusalAnswer(refusal: SessionRefusal): { status: number; message: string; headers: Record<string, string> } {
  const headers = { "retry-after": String(refusal.retryAfterSeconds) };
  if (refusal.cap === "caller") {
    // 429, not 503: the limit is this caller's own, and the gateway serves everyone else; a 503
    // would read as the service being down (to monitors and load balancers too).
    return { status: HTTP_STATUS.TOO_MANY_CALLER_SESSIONS, message: `Too Many Requests: this caller already has ${refusal.limit} sessions, all busy`, headers };
  }
  return { status: HTTP_STATUS.TOO_MANY_SESSIONS, message: `Service Unavailable: all ${refusal.limit} sessions of the gateway are busy`, headers };
}

function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}
