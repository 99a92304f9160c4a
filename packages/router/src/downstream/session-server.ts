import type { Access, Principal, SessionInfo } from "@mcpgw/core";
import { CLIENT_CAPABILITIES_META_KEY, Server, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";
import type { ClientCapabilities, RequestMethod, ServerContext } from "@modelcontextprotocol/server";
import type { CallMiddleware, ToolCall } from "../calls/call-pipeline.js";
import { runCall } from "../calls/call-pipeline.js";
import type { ExposedView, ListKind, Offerings } from "../lists/offerings.js";
import type { Subscriptions } from "../subscriptions.js";
import type { UpstreamPool } from "../upstream/pool.js";
import type { CancelSignal } from "../calls/cancellation.js";
import type { RequestOptions } from "../upstream/json-rpc-session.js";
import type { Upstream } from "../upstream/upstream.js";
import type { AuthorizationWaits, AuthorizingClient } from "./authorization-retry.js";
import { withAuthorization } from "./authorization-retry.js";
import type { InteractiveCalls } from "./interactive-calls.js";
import { findItem, findResourceOwner, listPage, page, sharedPage } from "./lookup.js";
import { invalidParams, toProtocolError } from "./protocol-error.js";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { ExposedItem } from "../lists/offerings.js";
import type { FastLane } from "./fast-lane.js";
import { createFastLane } from "./fast-lane.js";

/** What a session's server needs from the router: to list, find, ensure, call and subscribe. */
export interface SessionServerDeps {
  /** The version mcpgw reports to clients. */
  version: string;
  /** What the servers offer, the exposed views and the union of their capabilities. */
  offerings: Pick<Offerings, "view" | "capabilityUnion">;
  /** The upstreams: one for a call, one kept for a subscription, the connected ones. */
  pool: Pick<UpstreamPool, "use" | "get" | "connected">;
  /** What a caller may reach under the current policy. */
  accessOf(principal: Principal | undefined): Access;
  /** The exposed view once every server's list of `kind` is known (servers start for it). */
  ensure(kind: ListKind, access: Access): Promise<ExposedView>;
  /** The exposed view when every list of `kind` it depends on is known already; else undefined. */
  listed(kind: ListKind, access: Access): ExposedView | undefined;
  subscriptions: Subscriptions<Upstream>;
  /** Every tool call goes through these, in order, before it reaches its server. */
  callMiddleware: readonly CallMiddleware[];
  /** Calls of 2026-07-28 clients held open while their server waits for an answer. */
  interactive: InteractiveCalls;
  /** Longest a request may wait for its server's answer. */
  callTimeoutMs: number;
  /** Authorizations the gateway started for remote servers, for calls that wait on one. */
  authorizations?: AuthorizationWaits;
  /** Runs the authorize tool of a server that waits for its OAuth authorization; answers with the tool's result. */
  authorize(server: string, client: AuthorizingClient): Promise<unknown>;
}

type Params = Record<string, unknown> & { _meta?: Record<string, unknown> };

/** A notification to a client, as the SDK takes it. */
type ClientNotification = Parameters<ServerContext["mcpReq"]["notify"]>[0];

/** How a forwarded request reaches back to its client: cancellation, questions, progress. */
interface CallIO {
  signal: CancelSignal;
  /** The client declared URL elicitation: it can be asked to open an authorization URL. */
  acceptsUrlElicitation: boolean;
  ask: (method: string, params: unknown) => Promise<unknown>;
  notify: (notification: ClientNotification) => Promise<void>;
}

/** The client request's own channel back (2025-era sessions: pushed, tied to the request). */
function pushedIo(ctx: ServerContext, acceptsUrlElicitation: boolean): CallIO {
  return {
    signal: ctx.mcpReq.signal,
    acceptsUrlElicitation,
    // The server's question goes to the client as the server wrote it.
    ask: (method, params) => ctx.mcpReq.send({ method: method as RequestMethod, params: params as Record<string, unknown> | undefined }),
    notify: (notification) => ctx.mcpReq.notify(notification),
  };
}

/**
 * The SDK's low-level Server, except that a request whose params fail the SDK's own schema check
 * is answered with -32602 (invalid params), as JSON-RPC asks, instead of -32603: the SDK throws
 * a bare `Error` for it, while what this file's handlers throw is already a ProtocolError.
 */
class SessionServer extends Server {
  protected override _wrapHandler(method: string, handler: Parameters<Server["_wrapHandler"]>[1]): ReturnType<Server["_wrapHandler"]> {
    const wrapped = super._wrapHandler(method, handler);
    return async (request, ctx) => {
      try {
        return await wrapped(request, ctx);
      } catch (error) {
        throw error instanceof Error && error.constructor === Error ? invalidParams(method, error) : error;
      }
    };
  }
}

/**
 * One client session's MCP server: lists come from the exposed view, everything else is routed
 * to the upstream that owns the name or URI. Tool schemas and results pass through as the
 * upstream wrote them.
 */
export function createSessionServer(deps: SessionServerDeps, info: SessionInfo): Server {
  const capabilities = deps.offerings.capabilityUnion();
  // A stateless request's Server lists its revision, so that a per-request transport binds it to
  // that era whatever serves it (the SDK's handler adds it the same way, at the end).
  const versions = info.era === "2026-07-28" ? { supportedProtocolVersions: [...SUPPORTED_PROTOCOL_VERSIONS, info.era] } : {};
  const server = new SessionServer({ name: "mcpgw", version: deps.version }, { capabilities: structuredClone(capabilities), ...versions });
  // Stateless requests share upstreams; sessions own their `session`-mode ones.
  const session = info.era === "2026-07-28" ? undefined : info.id;
  const sessionName = info.id;
  // What the caller may reach: resolved once per principal and policy, looked up per request.
  const access = () => deps.accessOf(info.principal);
  const lookup = { view: (a: Access) => deps.offerings.view(a), ensure: deps.ensure };

  /**
   * Registers a handler whose failures reach the client as JSON-RPC errors with codes. The SDK
   * types each method's request and result; results here are the upstream's own, passed
   * through unvalidated, so the handler is given to the SDK untyped.
   */
  const on = (method: RequestMethod, handle: (params: Params, ctx: ServerContext) => Promise<unknown>) => {
    const handler = async (request: { params?: unknown }, ctx: ServerContext) => {
      try {
        return await handle((request.params ?? {}) as Params, ctx);
      } catch (error) {
        throw toProtocolError(error);
      }
    };
    server.setRequestHandler(method, handler as never);
  };

  /** Whether the client of this request declared URL elicitation: per request in the stateless era, at initialize before. */
  const acceptsUrl = (ctx: ServerContext): boolean => {
    const declared = info.era === "2026-07-28" ? ((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) : server.getClientCapabilities();
    return declared?.elicitation?.url !== undefined;
  };
  const ioOf = (ctx: ServerContext) => pushedIo(ctx, acceptsUrl(ctx));

  // A call that needs an OAuth authorization first may wait for the client to give it, then go again.
  const forward = (name: string, method: string, params: Params, io: CallIO) =>
    withAuthorization(() => deps.pool.use(name, session, (upstream) => request(upstream, method, params, io)), io, deps.authorizations);

  const request = (upstream: Upstream, method: string, params: Params, io: CallIO): Promise<unknown> => {
    const options: RequestOptions = { signal: io.signal, timeoutMs: deps.callTimeoutMs };
    let forwarded = params;
    if (params._meta !== undefined) {
      const { progressToken, ...meta } = params._meta;
      if (progressToken !== undefined) options.onProgress = (p) => void io.notify({ method: "notifications/progress", params: { ...p, progressToken } }).catch(() => {});
      forwarded = Object.keys(meta).length > 0 ? { ...params, _meta: meta } : withoutMeta(params);
    }
    return upstream.request(method, forwarded, options, { session: sessionName, ask: io.ask });
  };

  const list = async (kind: "tools" | "prompts", cursor: unknown) => listPage(await deps.ensure(kind, access()), kind, cursor);

  on("tools/list", async (params) => list("tools", params.cursor));

  /** One tool call, whichever way it came: the Server's handler or the fast lane. */
  const callTool = (target: Pick<ExposedItem, "server" | "original" | "authorizes">, params: Params, io: CallIO): Promise<unknown> => {
    if (target.authorizes) return deps.authorize(target.server, { ...io, notify: (n) => io.notify(n as ClientNotification) });
    const call: ToolCall = { server: target.server, tool: target.original, arguments: params.arguments, session: sessionName };
    if (info.principal?.subject !== undefined) call.subject = info.principal.subject;
    return runCall(deps.callMiddleware, call, () => forward(call.server, "tools/call", { ...params, name: call.tool, arguments: call.arguments }, io));
  };

  on("tools/call", async (params, ctx) => {
    const target = await findItem(lookup, "tools", String(params.name), access());
    // A stateless (2026-07-28) client cannot take pushed requests: the call is held open and
    // questions go out as input_required results; the client's retry resumes it.
    if (info.era === "2026-07-28") {
      return deps.interactive.run(ctx, (signal, ask, current) => callTool(target, params, { signal, acceptsUrlElicitation: acceptsUrl(ctx), ask, notify: (n) => current().mcpReq.notify(n) }));
    }
    return callTool(target, params, ioOf(ctx));
  });

  // Calls of a 2025-11-25 session to a tool it already sees skip the Server (see fast-lane.ts).
  if (info.era !== "2026-07-28") {
    const laneTarget = (params: Record<string, unknown>) => {
      if (typeof params.name !== "string" || !isPlainObject(params.arguments ?? {}) || !isPlainObject(params._meta ?? {})) return undefined;
      const target = deps.offerings.view(access()).tools.get(params.name);
      return target && !target.authorizes ? target : undefined;
    };
    lanes.set(
      server,
      createFastLane({
        accepts: (params) => laneTarget(params) !== undefined,
        // A tools/list the lists known already answer, serialized once for every session that
        // sees the same view; one that needs a server started, or the SDK's encoding for older
        // clients (see sharedPage), goes to the Server.
        list: (params) => {
          const view = deps.listed("tools", access());
          return view && sharedPage(view, "tools", params.cursor);
        },
        call: (params, io) => {
          const target = laneTarget(params);
          if (!target) return Promise.reject(new GatewayError(ErrorCode.INVALID_ARGUMENT, `unknown tool: ${String(params.name)}`, { data: { name: params.name } }));
          const acceptsUrlElicitation = server.getClientCapabilities()?.elicitation?.url !== undefined;
          return callTool(target, params as Params, { signal: io.signal, acceptsUrlElicitation, ask: io.ask, notify: io.notify });
        },
      }),
    );
  }

  // The SDK refuses handlers for capabilities not declared: register what the union offers.
  if (capabilities.prompts) {
    on("prompts/list", async (params) => list("prompts", params.cursor));
    on("prompts/get", async (params, ctx) => {
      const target = await findItem(lookup, "prompts", String(params.name), access());
      return forward(target.server, "prompts/get", { ...params, name: target.original }, ioOf(ctx));
    });
  }

  if (capabilities.resources) registerResources();

  if (capabilities.completions) {
    on("completion/complete", async (params, ctx) => {
      const ref = params.ref as { type: string; name?: string; uri?: string };
      if (ref.type === "ref/prompt") {
        const target = await findItem(lookup, "prompts", ref.name ?? "", access());
        return forward(target.server, "completion/complete", { ...params, ref: { ...ref, name: target.original } }, ioOf(ctx));
      }
      const owner = await findResourceOwner(lookup, ref.uri ?? "", access());
      return forward(owner, "completion/complete", params, ioOf(ctx));
    });
  }

  if (capabilities.logging) {
    on("logging/setLevel", async (params, ctx) => {
      const upstreams = deps.pool.connected().filter((u) => (u.owner === undefined || u.owner === session) && u.capabilities?.logging && access().server(u.name));
      await Promise.all(upstreams.map((u) => request(u, "logging/setLevel", params, ioOf(ctx)).catch(() => {})));
      return {};
    });
  }

  server.setNotificationHandler("notifications/roots/list_changed", async () => {
    for (const upstream of deps.pool.connected().filter((u) => u.owner === session && session !== undefined)) {
      await upstream.notify("notifications/roots/list_changed");
    }
  });

  return server;

  function registerResources() {
    on("resources/list", async (params) => {
      const view = await deps.ensure("resources", access());
      return page([...view.resources.values()].map((r) => r.item), params.cursor, "resources");
    });

    on("resources/templates/list", async (params) => {
      const view = await deps.ensure("resourceTemplates", access());
      return page(view.templates.map((t) => t.item), params.cursor, "resourceTemplates");
    });

    on("resources/read", async (params, ctx) => {
      const owner = await findResourceOwner(lookup, String(params.uri), access());
      return forward(owner, "resources/read", params, ioOf(ctx));
    });

    on("resources/subscribe", async (params, ctx) => {
      const uri = String(params.uri);
      const upstream = deps.pool.get(await findResourceOwner(lookup, uri, access()), session);
      // The upstream is subscribed once, for its first listener.
      if (!deps.subscriptions.watched(upstream, uri)) await request(upstream, "resources/subscribe", params, ioOf(ctx));
      deps.subscriptions.add(upstream, uri, sessionName);
      return {};
    });

    on("resources/unsubscribe", async (params, ctx) => {
      for (const upstream of deps.subscriptions.remove(String(params.uri), sessionName)) {
        await request(upstream, "resources/unsubscribe", params, ioOf(ctx)).catch(() => {});
      }
      return {};
    });
  }
}

/** The fast lane of each session's Server, for the transports to put in front of it. */
const lanes = new WeakMap<Server, FastLane>();

/** The fast lane of a Server made by {@link createSessionServer}, if its session has one. */
export function fastLaneOf(server: Server): FastLane | undefined {
  return lanes.get(server);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function withoutMeta(params: Params): Params {
  if (!("_meta" in params)) return params;
  const { _meta: _ignored, ...rest } = params;
  return rest;
}
