import type { Access, Principal, SessionInfo } from "@mcpgw/core";
import { CLIENT_CAPABILITIES_META_KEY, Server, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";
import type { ClientCapabilities, RequestMethod, ServerContext } from "@modelcontextprotocol/server";
import type { CallMiddleware, ToolCall } from "../calls/call-pipeline.js";
import { runCall } from "../calls/call-pipeline.js";
import type { ExposedItem, ExposedView, ListKind, Offerings } from "../lists/offerings.js";
import type { Subscriptions } from "../subscriptions.js";
import type { UpstreamPool } from "../upstream/pool.js";
import type { CancelSignal } from "../calls/cancellation.js";
import type { RequestOptions } from "../upstream/json-rpc-session.js";
import type { Upstream } from "../upstream/upstream.js";
import type { AuthorizationWaits, AuthorizingClient } from "./authorization-retry.js";
import { withAuthorization } from "./authorization-retry.js";
import type { InteractiveCalls } from "./interactive-calls.js";
import type { Lookup } from "./lookup.js";
import { findItem, findResourceOwner, listPage, page, sharedPage } from "./lookup.js";
import { invalidParams, toProtocolError } from "./protocol-error.js";
import { ErrorCode, GatewayError, grant, intersectAccess, unionAccess } from "@mcpgw/core";
import type { DynamicToolsOptions, SessionTools } from "./dynamic-tools.js";
import { GATEWAY_TOOL_ITEMS, isGatewayTool, roomFor, searchLimit, sessionTools, stringArgument, ToolSelection, toolResult } from "./dynamic-tools.js";
import type { FastLane, FastLaneOptions, LaneCallIO } from "./fast-lane.js";
import { createFastLane } from "./fast-lane.js";
import { callSpan, upstreamSpan } from "./spans.js";
import { activeTraceContext, inSpan } from "../calls/tracing.js";

/** What a session's server needs from the router: to list, find, ensure, call and subscribe. */
export interface SessionServerDeps {
  /** The version mcpgw reports to clients. */
  version: string;
  /** What the servers offer, the exposed views and the union of their capabilities. */
  offerings: Pick<Offerings, "view" | "capabilityUnion">;
  /** The upstreams: one for a call, one kept for a subscription, the connected ones. */
  pool: Pick<UpstreamPool, "use" | "get" | "connected">;
  /** What a caller may reach under the current policy, within the session's profile if it has one. */
  accessOf(principal: Principal | undefined, profile: string | undefined): Access;
  /** The exposed view once every server's list of `kind` is known (servers start for it). */
  ensure(kind: ListKind, access: Access): Promise<ExposedView>;
  /** The exposed view when every list of `kind` it depends on is known already; else undefined. */
  listed(kind: ListKind, access: Access): ExposedView | undefined;
  subscriptions: Subscriptions<Upstream>;
  /** Every tool call goes through these, in order, before it reaches its server. */
  callMiddleware: readonly CallMiddleware[];
  /** Told of each request, by method, whichever way it is served (the Server or the fast lane). */
  onRequest?: (method: string) => void;
  /** Calls of 2026-07-28 clients held open while their server waits for an answer. */
  interactive: InteractiveCalls;
  /** Longest a request may wait for its server's answer. */
  callTimeoutMs: number;
  /** Authorizations the gateway started for remote servers, for calls that wait on one. */
  authorizations?: AuthorizationWaits;
  /** Runs the authorize tool of a server that waits for its OAuth authorization; answers with the tool's result. */
  authorize(server: string, client: AuthorizingClient): Promise<unknown>;
  /**
   * `--dynamic-tools` and `--tool-budget` for a session of `profile` (a profile's own settings
   * first): the gateway's own tools, and how many tools the session is first shown; `undefined`
   * when neither is on for it.
   */
  dynamicFor(profile: string | undefined): DynamicToolsOptions | undefined;
  /** What the policy alone lets a caller reach, in a session of `profile` (what mcp-find may show it, catalog-wide). */
  policyAccess(principal: Principal | undefined, profile: string | undefined): Access;
  /** Whether the gateway serves this server (it is among its specs, configured or added by a session). */
  serves(server: string): boolean;
  /** Makes a catalog server the gateway does not serve servable for the sessions that add it (see DynamicToolsOptions.resolve). */
  addServer(server: string): Promise<void>;
  /** Starts these servers if their tools are not known yet, and records their lists. */
  warm(servers: readonly string[]): Promise<void>;
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
  /** The client's JSON-RPC id of the request, for its span. */
  requestId?: string | number;
}

/** The client request's own channel back (2025-era sessions: pushed, tied to the request). */
function pushedIo(ctx: ServerContext, acceptsUrlElicitation: boolean): CallIO {
  return {
    signal: ctx.mcpReq.signal,
    acceptsUrlElicitation,
    // The server's question goes to the client as the server wrote it.
    ask: (method, params) => ctx.mcpReq.send({ method: method as RequestMethod, params: params as Record<string, unknown> | undefined }),
    notify: (notification) => ctx.mcpReq.notify(notification),
    requestId: ctx.mcpReq.id,
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

/** A request handler of the session server: the session's routes, the request's params and context. */
type Route = (routes: SessionRoutes, params: Params, ctx: ServerContext) => Promise<unknown>;

/**
 * What one session's handlers share: the session, its deps, and how a request is routed. One
 * object per session, its handlers bound to it: an idle session holds no closure per method.
 */
class SessionRoutes implements Lookup {
  /** Stateless requests share upstreams; sessions own their `session`-mode ones. */
  readonly session: string | undefined;
  readonly deps: SessionServerDeps;
  readonly info: SessionInfo;
  readonly server: Server;

  /** The session's dynamic tools and budget, if it has them. */
  readonly dynamic: DynamicToolsOptions | undefined;

  constructor(deps: SessionServerDeps, info: SessionInfo, server: Server) {
    this.deps = deps;
    this.info = info;
    this.server = server;
    this.dynamic = deps.dynamicFor(info.profile);
    this.session = info.era === "2026-07-28" ? undefined : info.id;
  }

  /** What the caller may reach: resolved once per principal and policy, looked up per request, with the servers this session added. */
  access(): Access {
    const base = this.deps.accessOf(this.info.principal, this.info.profile);
    const added = this.#selection?.added;
    if (!added || added.size === 0) return base;
    // Remade only when the policy's access or the selection changed, not per call.
    if (this.#addedAccess?.base !== base || this.#addedAccess.version !== this.#version) {
      this.#addedAccess = { base, version: this.#version, access: unionAccess(base, this.serversAccess(added)) };
    }
    return this.#addedAccess.access;
  }

  #addedAccess: { base: Access; version: number; access: Access } | undefined;

  /** These whole servers, as far as the policy lets the caller reach them (what mcp-add gives). */
  serversAccess(servers: Iterable<string>): Access {
    return intersectAccess(grant([...servers].map((server) => `${server}:*`), []), this.deps.policyAccess(this.info.principal, this.info.profile));
  }

  view(access: Access): ExposedView {
    return this.deps.offerings.view(access);
  }

  ensure(kind: ListKind, access: Access): Promise<ExposedView> {
    return this.deps.ensure(kind, access);
  }

  /** Runs a route; its failures reach the client as JSON-RPC errors with codes. */
  async handle(route: Route, request: { params?: unknown }, ctx: ServerContext): Promise<unknown> {
    try {
      return await route(this, (request.params ?? {}) as Params, ctx);
    } catch (error) {
      throw toProtocolError(error);
    }
  }

  /** Whether the client of this request declared URL elicitation: per request in the stateless era, at initialize before. */
  acceptsUrl(ctx: ServerContext): boolean {
    const declared = this.info.era === "2026-07-28" ? ((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) : this.server.getClientCapabilities();
    return declared?.elicitation?.url !== undefined;
  }

  io(ctx: ServerContext): CallIO {
    return pushedIo(ctx, this.acceptsUrl(ctx));
  }

  /** A call that needs an OAuth authorization first may wait for the client to give it, then go again. */
  forward(name: string, method: string, params: Params, io: CallIO): Promise<unknown> {
    return withAuthorization(() => this.deps.pool.use(name, this.session, (upstream) => this.request(upstream, method, params, io)), io, this.deps.authorizations);
  }

  request(upstream: Upstream, method: string, params: Params, io: CallIO): Promise<unknown> {
    const tool = method === "tools/call" ? String(params.name) : undefined;
    return inSpan(upstreamSpan(upstream, method, tool), () => {
      const options: RequestOptions = { signal: io.signal, timeoutMs: this.deps.callTimeoutMs };
      // The server's request continues the gateway's span (its own trace context replaces the client's).
      const { progressToken, ...meta } = { ...params._meta, ...activeTraceContext() };
      if (progressToken !== undefined) options.onProgress = (p) => void io.notify({ method: "notifications/progress", params: { ...p, progressToken } }).catch(() => {});
      const forwarded = Object.keys(meta).length > 0 ? { ...params, _meta: meta } : withoutMeta(params);
      return upstream.request(method, forwarded, options, { session: this.info.id, ask: io.ask });
    });
  }

  async list(kind: "tools" | "prompts", cursor: unknown): Promise<unknown> {
    const dynamic = this.dynamic;
    if (kind === "prompts" || !dynamic) return listPage(await this.deps.ensure(kind, this.access()), kind, cursor);
    // Under a budget, listing never starts a server: what is not known yet is for mcp-find.
    const shown = this.shownTools(dynamic.budget === undefined ? await this.deps.ensure("tools", this.access()) : undefined);
    return page([...(shown.gatewayTools ? GATEWAY_TOOL_ITEMS : []), ...[...shown.tools.values()].map((t) => t.item)], cursor, "tools");
  }

  /** What mcp-add and mcp-remove changed of this session's tools (made with the first change). */
  #selection: ToolSelection | undefined;
  #shown: { view: ExposedView; version: number; tools: SessionTools } | undefined;
  #version = 0;

  get selection(): ToolSelection {
    return (this.#selection ??= new ToolSelection());
  }

  /** The session's selection changed: its tools are computed again, and its client told. */
  selectionChanged(): void {
    this.#version++;
    void this.server.sendToolListChanged().catch(() => {});
  }

  /** The tools this session is shown (under `--tool-budget`, with the gateway's own): of `view`, or the view known now. */
  shownTools(view: ExposedView = this.view(this.access())): SessionTools {
    const cached = this.#shown;
    if (cached && cached.view === view && cached.version === this.#version) return cached.tools;
    const tools = sessionTools(view, this.dynamic!, this.#selection ?? EMPTY_SELECTION);
    this.#shown = { view, version: this.#version, tools };
    return tools;
  }

  /** The revision the client speaks: its session's era when stateless, else the one initialize negotiated. */
  protocolVersion(): string | undefined {
    return this.info.era === "2026-07-28" ? this.info.era : this.server.getNegotiatedProtocolVersion();
  }

  /** One tool call, whichever way it came: the Server's handler or the fast lane. */
  callTool(target: Pick<ExposedItem, "server" | "original" | "authorizes">, params: Params, io: CallIO): Promise<unknown> {
    if (target.authorizes) return this.deps.authorize(target.server, { ...io, notify: (n) => io.notify(n as ClientNotification) });
    const call: ToolCall = { server: target.server, tool: target.original, arguments: params.arguments, session: this.info.id };
    if (this.info.principal?.subject !== undefined) call.subject = this.info.principal.subject;
    return inSpan(callSpan(this.info, { server: target.server, tool: String(params.name), meta: params._meta, requestId: io.requestId, protocolVersion: this.protocolVersion() }), () =>
      runCall(this.deps.callMiddleware, call, () => this.forward(call.server, "tools/call", { ...params, name: call.tool, arguments: call.arguments }, io)),
    );
  }

  /** The tool a fast-lane call names, when the lane may take it: one the session already sees, with well-formed params. */
  laneTarget(params: Record<string, unknown>): ExposedItem | undefined {
    if (typeof params.name !== "string" || !isPlainObject(params.arguments ?? {}) || !isPlainObject(params._meta ?? {})) return undefined;
    const target = (this.dynamic ? this.shownTools().tools : this.deps.offerings.view(this.access()).tools).get(params.name);
    return target && !target.authorizes ? target : undefined;
  }
}

/** The fast lane's view of a 2025-11-25 session (see fast-lane.ts). */
class SessionLaneOptions implements FastLaneOptions {
  readonly #routes: SessionRoutes;

  constructor(routes: SessionRoutes) {
    this.#routes = routes;
  }

  accepts(params: Record<string, unknown>): boolean {
    return this.#routes.laneTarget(params) !== undefined;
  }

  // A tools/list the lists known already answer, serialized once for every session that sees
  // the same view; one that needs a server started, or the SDK's encoding for older clients
  // (see sharedPage), goes to the Server.
  list(params: Record<string, unknown>): unknown {
    // A session's own selection of tools is listed by the Server.
    if (this.#routes.dynamic) return undefined;
    const view = this.#routes.deps.listed("tools", this.#routes.access());
    const answer = view && sharedPage(view, "tools", params.cursor);
    // Counted here only when answered here: what the lane passes on, the Server counts.
    if (answer !== undefined) this.#routes.deps.onRequest?.("tools/list");
    return answer;
  }

  call(params: Record<string, unknown>, io: LaneCallIO): Promise<unknown> {
    const routes = this.#routes;
    routes.deps.onRequest?.("tools/call");
    const target = routes.laneTarget(params);
    if (!target) return Promise.reject(new GatewayError(ErrorCode.INVALID_ARGUMENT, `unknown tool: ${String(params.name)}`, { data: { name: params.name } }));
    const acceptsUrlElicitation = routes.server.getClientCapabilities()?.elicitation?.url !== undefined;
    return routes.callTool(target, params as Params, { signal: io.signal, acceptsUrlElicitation, ask: io.ask, notify: io.notify, requestId: io.requestId });
  }
}

// The routes, shared by every session: each takes the session's routes first.
const listTools: Route = (routes, params) => routes.list("tools", params.cursor);

const callTool: Route = async (routes, params, ctx) => {
  const name = String(params.name);
  if (routes.dynamic) {
    const shown = routes.shownTools();
    if (shown.gatewayTools && isGatewayTool(name)) return callGatewayTool(routes, name, isPlainObject(params.arguments) ? (params.arguments as Record<string, unknown>) : {}, ctx);
    // A tool the session is not shown is called with mcp-exec; by its name it is unknown here.
    const shownTarget = shown.tools.get(name);
    if (!shownTarget) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `unknown tool: ${name}`, { data: { name } });
    return runTool(routes, shownTarget, params, ctx);
  }
  return runTool(routes, await findItem(routes, "tools", name, routes.access()), params, ctx);
};

const runTool = (routes: SessionRoutes, target: Pick<ExposedItem, "server" | "original" | "authorizes">, params: Params, ctx: ServerContext): Promise<unknown> => {
  // A stateless (2026-07-28) client cannot take pushed requests: the call is held open and
  // questions go out as input_required results; the client's retry resumes it.
  if (routes.info.era === "2026-07-28") {
    return routes.deps.interactive.run(ctx, (signal, ask, current) => routes.callTool(target, params, { signal, acceptsUrlElicitation: routes.acceptsUrl(ctx), ask, notify: (n) => current().mcpReq.notify(n), requestId: ctx.mcpReq.id }));
  }
  return routes.callTool(target, params, routes.io(ctx));
};

/** An empty selection, for sessions that changed nothing. */
const EMPTY_SELECTION = new ToolSelection();

/** One of the gateway's own tools (see dynamic-tools.ts), called by a session shown them. */
async function callGatewayTool(routes: SessionRoutes, name: string, args: Record<string, unknown>, ctx: ServerContext): Promise<unknown> {
  switch (name) {
    case "mcp-find":
      return findTools(routes, stringArgument(args, "query"), searchLimit(args.limit));
    case "mcp-add": {
      const server = stringArgument(args, "server");
      if (routes.info.era === "2026-07-28") throw statelessSelection();
      // A server the caller may not reach is unknown to it, exactly like one that does not exist.
      if (!routes.deps.policyAccess(routes.info.principal, routes.info.profile).anyTool(server)) throw notServed(server);
      if (!routes.deps.serves(server)) {
        if (!routes.dynamic?.resolve) throw notServed(server);
        await routes.deps.addServer(server);
      }
      await routes.deps.warm([server]);
      const count = [...routes.view(unionAccess(routes.access(), routes.serversAccess([server]))).tools.values()].filter((item) => item.server === server).length;
      const room = roomFor(routes.dynamic!);
      if (count > room) {
        throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `${server} has ${count} tools, more than this session's tool budget leaves room for (${room})`, {
          data: { server, tools: count, room },
          suggestion: "Call its tools with mcp-exec, or run the gateway with a larger --tool-budget.",
        });
      }
      routes.selection.add(server);
      routes.selectionChanged();
      const tools = [...routes.shownTools().tools].filter(([, item]) => item.server === server).map(([exposed]) => exposed);
      return toolResult(`Added ${server} to this session: ${tools.length} tools (${tools.join(", ") || "none listed yet"}).`, { server, tools });
    }
    case "mcp-remove": {
      const server = stringArgument(args, "server");
      if (routes.info.era === "2026-07-28") throw statelessSelection();
      routes.selection.remove(server);
      routes.selectionChanged();
      return toolResult(`Removed ${server} from this session.`, { server });
    }
    default: {
      const tool = stringArgument(args, "tool");
      const callArgs = args.arguments ?? {};
      if (!isPlainObject(callArgs)) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "arguments must be an object");
      // Any tool the session's caller may call, shown or not: the policy and the profile decide, not the budget.
      const target = await findItem(routes, "tools", tool, routes.access());
      const meta = (ctx.mcpReq._meta as Params["_meta"]) ?? undefined;
      return runTool(routes, target, { name: tool, arguments: callArgs, ...(meta ? { _meta: meta } : {}) }, ctx);
    }
  }
}

/** mcp-find: ranked tools and servers of every catalog the caller's policy lets it reach. */
function findTools(routes: SessionRoutes, query: string, limit: number): unknown {
  const policy = routes.deps.policyAccess(routes.info.principal, routes.info.profile);
  const shown = routes.shownTools();
  const exposedName = new Map([...shown.tools].map(([exposed, item]) => [`${item.server}\0${item.original}`, exposed]));
  const served = routes.view(routes.access());
  const servedName = new Map([...served.tools].map(([exposed, item]) => [`${item.server}\0${item.original}`, exposed]));
  const search = routes.dynamic?.search;
  const hits = search
    ? search.find(query, { limit, filter: (server, tool) => policy.tool(server, tool) })
    : findServed(served, query, limit);
  const tools = hits.map(({ server, tool }) => {
    const key = `${server}\0${tool}`;
    const name = exposedName.get(key) ?? servedName.get(key);
    const status = exposedName.has(key) ? "shown" : servedName.has(key) ? "served" : routes.deps.serves(server) ? "served" : "not served";
    const description = served.tools.get(name ?? "")?.item.description;
    return { server, tool, ...(name ? { name } : {}), status, ...(typeof description === "string" ? { description } : {}) };
  });
  const servers = search ? search.findServers(query, { limit: Math.min(limit, 5), filter: (server) => policy.anyTool(server) }).map(({ server, tools: best }) => ({ server, status: routes.deps.serves(server) ? "served" : "not served", tools: [...best] })) : [];
  const lines = tools.map((t) => `- ${t.name ?? t.tool} (server ${t.server}): ${t.status === "shown" ? "in this session" : t.status === "served" ? `call it with mcp-exec, or mcp-add ${t.server}` : "not served by this gateway"}${t.description ? ` — ${t.description}` : ""}`);
  const text = tools.length === 0 ? `No tool matches "${query}".` : `Tools matching "${query}":\n${lines.join("\n")}`;
  return toolResult(text, { tools, servers });
}

/** Without a catalog search: the served tools whose name or description holds the query's words, most words first. */
function findServed(view: ExposedView, query: string, limit: number): { server: string; tool: string; score: number }[] {
  const words = query.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return [...view.tools.values()]
    .map((item) => {
      const text = `${item.original} ${String(item.item.title ?? "")} ${String(item.item.description ?? "")}`.toLowerCase();
      return { server: item.server, tool: item.original, score: words.filter((w) => text.includes(w)).length };
    })
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

function notServed(server: string): GatewayError {
  return new GatewayError(ErrorCode.NOT_FOUND, `${server} is not a server this gateway serves you`, {
    data: { server },
    suggestion: "mcp-find names the servers of every catalog; one is enabled for everyone with `mcpgw server enable NAME` (or `mcpgw profile server add`).",
  });
}

function statelessSelection(): GatewayError {
  return new GatewayError(ErrorCode.UNSUPPORTED, "a stateless (2026-07-28) request has no session whose tools could change", { suggestion: "Call the tool with mcp-exec." });
}

const listPrompts: Route = (routes, params) => routes.list("prompts", params.cursor);

const getPrompt: Route = async (routes, params, ctx) => {
  const target = await findItem(routes, "prompts", String(params.name), routes.access());
  return routes.forward(target.server, "prompts/get", { ...params, name: target.original }, routes.io(ctx));
};

const complete: Route = async (routes, params, ctx) => {
  const ref = params.ref as { type: string; name?: string; uri?: string };
  if (ref.type === "ref/prompt") {
    const target = await findItem(routes, "prompts", ref.name ?? "", routes.access());
    return routes.forward(target.server, "completion/complete", { ...params, ref: { ...ref, name: target.original } }, routes.io(ctx));
  }
  const owner = await findResourceOwner(routes, ref.uri ?? "", routes.access());
  return routes.forward(owner, "completion/complete", params, routes.io(ctx));
};

const setLevel: Route = async (routes, params, ctx) => {
  const { deps, session } = routes;
  const upstreams = deps.pool.connected().filter((u) => (u.owner === undefined || u.owner === session) && u.capabilities?.logging && routes.access().server(u.name));
  await Promise.all(upstreams.map((u) => routes.request(u, "logging/setLevel", params, routes.io(ctx)).catch(() => {})));
  return {};
};

const listResources: Route = async (routes, params) => {
  const view = await routes.ensure("resources", routes.access());
  return page([...view.resources.values()].map((r) => r.item), params.cursor, "resources");
};

const listResourceTemplates: Route = async (routes, params) => {
  const view = await routes.ensure("resourceTemplates", routes.access());
  return page(view.templates.map((t) => t.item), params.cursor, "resourceTemplates");
};

const readResource: Route = async (routes, params, ctx) => {
  const owner = await findResourceOwner(routes, String(params.uri), routes.access());
  return routes.forward(owner, "resources/read", params, routes.io(ctx));
};

const subscribe: Route = async (routes, params, ctx) => {
  const uri = String(params.uri);
  const upstream = routes.deps.pool.get(await findResourceOwner(routes, uri, routes.access()), routes.session);
  // The upstream is subscribed once, for its first listener.
  if (!routes.deps.subscriptions.watched(upstream, uri)) await routes.request(upstream, "resources/subscribe", params, routes.io(ctx));
  routes.deps.subscriptions.add(upstream, uri, routes.info.id);
  return {};
};

const unsubscribe: Route = async (routes, params, ctx) => {
  for (const upstream of routes.deps.subscriptions.remove(String(params.uri), routes.info.id)) {
    await routes.request(upstream, "resources/unsubscribe", params, routes.io(ctx)).catch(() => {});
  }
  return {};
};

const rootsChanged = async (routes: SessionRoutes): Promise<void> => {
  const session = routes.session;
  for (const upstream of routes.deps.pool.connected().filter((u) => u.owner === session && session !== undefined)) {
    await upstream.notify("notifications/roots/list_changed");
  }
};

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
  const routes = new SessionRoutes(deps, info, server);
  // The SDK types each method's request and result; results here are the upstream's own, passed
  // through unvalidated, so handlers are given to the SDK untyped.
  const on = (method: RequestMethod, route: Route) =>
    server.setRequestHandler(method, ((request: { params?: unknown }, ctx: ServerContext) => (deps.onRequest?.(method), routes.handle(route, request, ctx))) as never);

  on("tools/list", listTools);
  on("tools/call", callTool);
  // Calls of a 2025-11-25 session to a tool it already sees skip the Server (see fast-lane.ts).
  if (info.era !== "2026-07-28") lanes.set(server, createFastLane(new SessionLaneOptions(routes)));

  // The SDK refuses handlers for capabilities not declared: register what the union offers.
  if (capabilities.prompts) {
    on("prompts/list", listPrompts);
    on("prompts/get", getPrompt);
  }
  if (capabilities.resources) {
    on("resources/list", listResources);
    on("resources/templates/list", listResourceTemplates);
    on("resources/read", readResource);
    on("resources/subscribe", subscribe);
    on("resources/unsubscribe", unsubscribe);
  }
  if (capabilities.completions) on("completion/complete", complete);
  if (capabilities.logging) on("logging/setLevel", setLevel);
  server.setNotificationHandler("notifications/roots/list_changed", rootsChanged.bind(undefined, routes));
  return server;
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
