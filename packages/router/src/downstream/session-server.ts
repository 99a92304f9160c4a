import type { Access } from "@mcpgw/core";
import { ProtocolError, Server } from "@modelcontextprotocol/server";
import type { ServerContext } from "@modelcontextprotocol/server";
import { errorCode, toProtocolError } from "../errors.js";
import { runAfter, runBefore } from "../interceptors.js";
import type { ExposedView } from "../lists/offerings.js";
import type { GatewayRouter, SessionInfo } from "../router.js";
import type { InFlight, Upstream } from "../upstream/upstream.js";

// Large pages: many clients never follow cursors, and a page is cheap to build. Pagination
// still bounds a response when a catalog is huge.
const PAGE_SIZE = 5000;
const INVALID_PARAMS = -32602;
const RESOURCE_NOT_FOUND = -32002;

type Params = Record<string, unknown> & { _meta?: Record<string, unknown> };

/** How a forwarded request reaches back to its client: cancellation, questions, progress. */
interface CallIO {
  signal: AbortSignal;
  ask: (method: string, params: unknown) => Promise<unknown>;
  notify: (notification: { method: string; params?: unknown }) => Promise<void>;
}

/** The client request's own channel back (2025-era sessions: pushed, tied to the request). */
function ioOf(ctx: ServerContext): CallIO {
  return {
    signal: ctx.mcpReq.signal,
    ask: (method, params) => ctx.mcpReq.send({ method, params } as never) as Promise<unknown>,
    notify: (notification) => ctx.mcpReq.notify(notification as never),
  };
}

/**
 * The SDK's low-level Server, except that a request whose params fail the SDK's own schema check
 * is answered with -32602 (invalid params), as JSON-RPC asks, instead of -32603: the SDK throws
 * a bare `Error` for it, while everything this file's handlers throw is a ProtocolError, a
 * GatewayError or another subclass.
 */
class SessionServer extends Server {
  protected override _wrapHandler(method: string, handler: Parameters<Server["_wrapHandler"]>[1]): ReturnType<Server["_wrapHandler"]> {
    const wrapped = super._wrapHandler(method, handler);
    return async (request, ctx) => {
      try {
        return await wrapped(request, ctx);
      } catch (error) {
        if (error instanceof Error && error.constructor === Error) throw new ProtocolError(INVALID_PARAMS, `Invalid params for ${method}: ${error.message}`);
        throw error;
      }
    };
  }
}

/**
 * One client session's MCP server: lists come from the router's exposed view, everything else
 * is routed to the upstream that owns the name or URI. Tool schemas and results pass through
 * as the upstream wrote them.
 */
export function buildSessionServer(router: GatewayRouter, info: SessionInfo): Server {
  const capabilities = router.offerings.capabilityUnion();
  const server = new SessionServer({ name: "mcpgw", version: router.version }, { capabilities: structuredClone(capabilities) });
  // Stateless requests share upstreams; sessions own their `session`-mode ones.
  const session = info.era === "2026-07-28" ? undefined : info.id;
  const sessionName = info.id;
  // The call log names the caller; interceptors are told about the call only.
  const subject = info.principal?.subject;
  // What the caller may reach: resolved once per principal and policy, looked up per request.
  const access = () => router.accessOf(info.principal);

  const forward = async (server: string, method: string, params: Params, io: CallIO) =>
    router.pool.use(server, session, (upstream) => request(upstream, method, params, io));

  const request = (upstream: Upstream, method: string, params: Params, io: CallIO): Promise<unknown> => {
    const { progressToken, ...meta } = params._meta ?? {};
    const onProgress =
      progressToken === undefined
        ? undefined
        : (p: Record<string, unknown>) => void io.notify({ method: "notifications/progress", params: { ...p, progressToken } }).catch(() => {});
    const via: InFlight = { session: sessionName, ask: io.ask };
    const forwarded = Object.keys(meta).length > 0 ? { ...params, _meta: meta } : withoutMeta(params);
    return upstream.request(method, forwarded, { signal: io.signal, ...(onProgress ? { onProgress } : {}), timeoutMs: router.options.callTimeoutMs ?? 600_000 }, via);
  };

  const list = async <K extends "tools" | "prompts">(kind: K, cursor: unknown) => {
    const view = await router.ensure(kind, access());
    const items = [...view[kind].values()].map((e) => e.item);
    return page(items, cursor, kind);
  };

  server.setRequestHandler("tools/list", async (req) => list("tools", req.params?.cursor) as never);

  server.setRequestHandler("tools/call", async (req, ctx) => {
    const params = req.params as Params & { name: string; arguments?: unknown };
    const target = await find(router, "tools", params.name, access());
    const call = { server: target.server, tool: target.original, arguments: params.arguments, session: sessionName };
    const started = Date.now();
    const pipeline = async (io: CallIO) => {
      const interceptors = router.options.interceptors ?? [];
      const before = await runBefore(interceptors, call);
      const guard = router.options.guard;
      const args = guard ? guard.arguments(call, before.arguments) : before.arguments;
      const result =
        before.result !== undefined ? before.result : await forward(target.server, "tools/call", { ...params, name: target.original, arguments: args as never }, io);
      const after = await runAfter(interceptors, { ...call, arguments: args }, result);
      const final = guard ? guard.result(call, after) : after;
      log(router, call, subject, started, (final as { isError?: boolean })?.isError ? "tool-error" : "ok");
      return final;
    };
    try {
      // A stateless (2026-07-28) client cannot take pushed requests: the call is held open and
      // questions go out as input_required results; the client's retry resumes it.
      if (info.era === "2026-07-28") {
        return (await router.interactive.run(ctx, (signal, ask, current) =>
          pipeline({ signal, ask, notify: (n) => current().mcpReq.notify(n as never) }),
        )) as never;
      }
      return (await pipeline(ioOf(ctx))) as never;
    } catch (error) {
      log(router, call, subject, started, "error", errorCode(error));
      throw toProtocolError(error);
    }
  });

  // The SDK refuses handlers for capabilities not declared: register what the union offers.
  if (capabilities.prompts) registerPrompts();
  if (capabilities.resources) registerResources();
  if (capabilities.completions) registerCompletions();
  if (capabilities.logging) registerLogging();

  server.setNotificationHandler("notifications/roots/list_changed", async () => {
    for (const upstream of router.pool.connected().filter((u) => u.owner === session && session !== undefined)) {
      await upstream.notify("notifications/roots/list_changed");
    }
  });

  return server;

  function registerPrompts() {
    server.setRequestHandler("prompts/list", async (req) => list("prompts", req.params?.cursor) as never);

    server.setRequestHandler("prompts/get", async (req, ctx) => {
      const params = req.params as Params & { name: string };
      const target = await find(router, "prompts", params.name, access());
      return (await forward(target.server, "prompts/get", { ...params, name: target.original }, ioOf(ctx)).catch(rethrow)) as never;
    });

  }

  function registerResources() {
    server.setRequestHandler("resources/list", async (req) => {
      const view = await router.ensure("resources", access());
      return page([...view.resources.values()].map((r) => r.item), req.params?.cursor, "resources") as never;
    });

    server.setRequestHandler("resources/templates/list", async (req) => {
      const view = await router.ensure("resourceTemplates", access());
      return page(view.templates.map((t) => t.item), req.params?.cursor, "resourceTemplates") as never;
    });

    server.setRequestHandler("resources/read", async (req, ctx) => {
      const params = req.params as Params & { uri: string };
      const owner = await resourceOwner(router, params.uri, access());
      return (await forward(owner, "resources/read", params, ioOf(ctx)).catch(rethrow)) as never;
    });

    server.setRequestHandler("resources/subscribe", async (req, ctx) => {
      const params = req.params as Params & { uri: string };
      const owner = await resourceOwner(router, params.uri, access());
      const upstream = router.pool.get(owner, session);
      const uris = router.subscriptions.get(upstream) ?? new Map<string, Set<string>>();
      router.subscriptions.set(upstream, uris);
      const sessions = uris.get(params.uri) ?? new Set<string>();
      if (sessions.size === 0) await request(upstream, "resources/subscribe", params, ioOf(ctx)).catch(rethrow);
      sessions.add(sessionName);
      uris.set(params.uri, sessions);
      return {} as never;
    });

    server.setRequestHandler("resources/unsubscribe", async (req, ctx) => {
      const params = req.params as Params & { uri: string };
      for (const [upstream, uris] of router.subscriptions) {
        const sessions = uris.get(params.uri);
        if (!sessions?.delete(sessionName)) continue;
        if (sessions.size === 0) {
          uris.delete(params.uri);
          await request(upstream, "resources/unsubscribe", params, ioOf(ctx)).catch(() => {});
        }
      }
      return {} as never;
    });

  }

  function registerCompletions() {
    server.setRequestHandler("completion/complete", async (req, ctx) => {
      const params = req.params as Params & { ref: { type: string; name?: string; uri?: string } };
      if (params.ref.type === "ref/prompt") {
        const target = await find(router, "prompts", params.ref.name ?? "", access());
        return (await forward(target.server, "completion/complete", { ...params, ref: { ...params.ref, name: target.original } }, ioOf(ctx)).catch(rethrow)) as never;
      }
      const owner = await resourceOwner(router, params.ref.uri ?? "", access());
      return (await forward(owner, "completion/complete", params, ioOf(ctx)).catch(rethrow)) as never;
    });

  }

  function registerLogging() {
    server.setRequestHandler("logging/setLevel", async (req, ctx) => {
      const upstreams = router.pool.connected().filter((u) => (u.owner === undefined || u.owner === session) && u.capabilities?.logging && access().server(u.name));
      await Promise.all(upstreams.map((u) => request(u, "logging/setLevel", req.params as Params, ioOf(ctx)).catch(() => {})));
      return {} as never;
    });
  }
}

/** The item a name stands for in the caller's view. One it may not see is unknown, exactly like one that does not exist. */
async function find(router: GatewayRouter, kind: "tools" | "prompts", name: string, access: Access): Promise<{ server: string; original: string }> {
  let found = router.offerings.view(access)[kind].get(name);
  if (!found) found = (await router.ensure(kind, access))[kind].get(name);
  if (!found) throw new ProtocolError(INVALID_PARAMS, `unknown ${kind === "tools" ? "tool" : "prompt"}: ${name}`);
  return found;
}

async function resourceOwner(router: GatewayRouter, uri: string, access: Access): Promise<string> {
  const match = (view: ExposedView) => view.resources.get(uri)?.server ?? view.templates.find((t) => t.pattern.test(uri))?.server;
  const owner = match(router.offerings.view(access)) ?? match(await router.ensure("resources", access)) ?? match(await router.ensure("resourceTemplates", access));
  if (!owner) throw new ProtocolError(RESOURCE_NOT_FOUND, `no server offers the resource ${uri}`, { uri });
  return owner;
}

/** Our own cursors over the aggregated list: an offset, opaque to clients. */
function page(items: unknown[], cursor: unknown, key: string): Record<string, unknown> {
  const start = typeof cursor === "string" ? Number.parseInt(Buffer.from(cursor, "base64url").toString(), 10) || 0 : 0;
  const end = start + PAGE_SIZE;
  return { [key]: items.slice(start, end), ...(end < items.length ? { nextCursor: Buffer.from(String(end)).toString("base64url") } : {}) };
}

function log(router: GatewayRouter, call: { server: string; tool: string; session: string }, subject: string | undefined, started: number, outcome: "ok" | "tool-error" | "error", code?: number) {
  router.options.onCall?.({
    time: new Date(started).toISOString(),
    session: call.session,
    ...(subject !== undefined ? { subject } : {}),
    server: call.server,
    tool: call.tool,
    durationMs: Date.now() - started,
    outcome,
    ...(code !== undefined ? { errorCode: code } : {}),
  });
}

function withoutMeta(params: Params): Params {
  if (!("_meta" in params)) return params;
  const { _meta: _ignored, ...rest } = params;
  return rest;
}

function rethrow(error: unknown): never {
  throw toProtocolError(error);
}
