import { createHash } from "node:crypto";
import type { Access, AccessPolicy, Connector, Logger, Principal, ProfileScope, ServerSpec, SessionInfo } from "@mcpgw/core";
import { createToolFilter, ErrorCode, FULL_ACCESS, GatewayError, grant, intersectAccess, resolveAccess, scopeAccess, silentLogger } from "@mcpgw/core";
import type { LoggingMessageNotification, RequestMethod, Server } from "@modelcontextprotocol/server";
import type { CallMiddleware } from "./calls/call-pipeline.js";
import type { AuthorizationWaits, AuthorizingClient } from "./downstream/authorization-retry.js";
import { authorizationNeeded, withAuthorization } from "./downstream/authorization-retry.js";
import { askClient } from "./downstream/client-requests.js";
import { InteractiveCalls } from "./downstream/interactive-calls.js";
import type { FastLane } from "./downstream/fast-lane.js";
import { createSessionServer, fastLaneOf } from "./downstream/session-server.js";
import type { SessionServerDeps } from "./downstream/session-server.js";
import type { DynamicToolsOptions } from "./downstream/dynamic-tools.js";
import type { ListCache, ServerLists } from "./lists/list-cache.js";
import { createMemoryListCache } from "./lists/list-cache.js";
import type { PrefixMode } from "./lists/naming.js";
import type { ExposedView, ListKind } from "./lists/offerings.js";
import { Offerings } from "./lists/offerings.js";
import { Subscriptions } from "./subscriptions.js";
import { UpstreamPool } from "./upstream/pool.js";
import type { Upstream, UpstreamHooks } from "./upstream/upstream.js";

export interface RouterOptions {
  specs: readonly ServerSpec[];
  /** The runtimes, by the spec kinds they serve. */
  connectors: readonly Connector[];
  logger?: Logger;
  /** `--tool-prefix`; default `auto`. */
  toolPrefix?: PrefixMode;
  /** `--tools` patterns (`*`, `tool`, `server:tool`, `server:*`). */
  tools?: readonly string[];
  /** Who may list and call what; none: every caller sees everything `tools` lets through. */
  policy?: AccessPolicy;
  /**
   * The profiles sessions may be served (`SessionInfo.profile`), by name: each sees only its
   * servers and tools, under the policy too. A session of a profile not here sees nothing.
   */
  profiles?: ReadonlyMap<string, ProfileScope>;
  /**
   * What a session served no profile sees (`gateway run --profile`, or the registry's servers
   * when profiles add others to the gateway); none: every server.
   */
  defaultScope?: ProfileScope;
  /**
   * `--dynamic-tools` and `--tool-budget`: sessions are first shown the servers that fit the
   * budget, and the gateway's own tools (mcp-find, mcp-add, mcp-remove, mcp-exec) reach the rest.
   */
  dynamicTools?: DynamicToolsOptions;
  /** Tool (and prompt, resource) lists between runs; in memory by default. */
  cache?: ListCache;
  /**
   * What every tool call goes through, in order, before its server: the call log, the secret
   * guard, interceptors. None: calls go straight to their servers.
   */
  callMiddleware?: readonly CallMiddleware[];
  /** The version mcpgw reports to clients and servers. */
  version?: string;
  /** Told of each request a client session makes, by its MCP method (one the gateway serves), for metrics. */
  onRequest?: (method: string) => void;
  /** Longest a request may wait for its server's answer (tool calls included). */
  callTimeoutMs: number;
  /** Longest a server may take to answer initialize once started. */
  initializeTimeoutMs: number;
  /**
   * Authorizations the gateway starts for remote servers (its OAuth broker): a call that fails
   * for want of one asks a client that takes URL elicitations to complete it, then goes again.
   */
  authorizations?: AuthorizationWaits;
}

/** Changes of what the gateway offers, for serving sides that broadcast (2026-07-28 streams). */
export type ListChange = "tools" | "prompts" | "resources";

/** Whose lists a change concerns: sessions of no profile (`default`) and of these profiles; none given: everyone's. */
export interface ListChangeScope {
  default: boolean;
  profiles: ReadonlySet<string>;
}

/** The gateway core: sessions in, upstreams out. */
export interface Router {
  /** A configured MCP server for one client session (a request, in the stateless era). */
  createServer(session: SessionInfo): Server;
  /**
   * The fast lane of a Server `createServer` made, for the transport to put in front of it:
   * routed calls then skip the Server (2025-11-25 sessions only; `undefined` otherwise).
   */
  fastLane(server: Server): FastLane | undefined;
  /** A session ended: its own upstreams stop, its subscriptions end. */
  sessionClosed(sessionId: string): void;
  /** New configuration: changed servers restart on next use; clients hear list_changed. */
  update(specs: readonly ServerSpec[]): Promise<void>;
  /** A new access policy (or none) for every session, open ones included; clients hear list_changed. */
  setPolicy(policy: AccessPolicy | undefined): void;
  /**
   * New profiles (and default scope): the sessions of each profile that changed, and only those,
   * hear list_changed.
   */
  setProfiles(profiles: ReadonlyMap<string, ProfileScope>, defaultScope?: ProfileScope): void;
  onListChanged(listener: (change: ListChange, scope?: ListChangeScope) => void): () => void;
  /**
   * Starts those of these servers whose tools are known from neither catalog nor cache, and
   * records what they list (in the cache too), so that a client's first list shows them; rejects
   * with the first one's error when one cannot start. The servers keep running like any other.
   */
  warm(servers: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

interface Session {
  info: SessionInfo;
  server: Server;
}

/** Creates the router. No server starts here: they start on first use. */
export function createRouter(options: RouterOptions): Router {
  return new GatewayRouter(options);
}

class GatewayRouter implements Router {
  readonly #logger: Logger;
  readonly #pool: UpstreamPool;
  readonly #offerings: Offerings;
  readonly #sessions = new Map<string, Session>();
  readonly #subscriptions = new Subscriptions<Upstream>();
  /** What every session's server is given. */
  readonly #deps: SessionServerDeps;
  readonly #listeners = new Set<(change: ListChange, scope?: ListChangeScope) => void>();
  readonly #refreshing = new Map<Upstream, Promise<void>>();
  readonly #authorizations: AuthorizationWaits | undefined;
  #fingerprints = new Map<string, string>();
  #policy: AccessPolicy | undefined;
  /** Each principal's access, resolved once (a session keeps its principal object). */
  #access = new WeakMap<Principal, Access>();
  /** The servers the configuration gives (`update`), and those sessions added (mcp-add) besides. */
  #configured: ServerSpec[] = [];
  readonly #added = new Map<string, ServerSpec>();
  /** What every session may reach while servers were added: the configured ones (none: no such limit). */
  #servedScope: Access | undefined;
  readonly #dynamic: DynamicToolsOptions | undefined;
  /** Each profile's access, and its scope as last set (to tell which changed). */
  #profiles = new Map<string, { scope: ProfileScope; access: Access }>();
  /** What sessions of no profile may reach, when they are scoped. */
  #defaultScope: Access | undefined;
  /** Access by profile, then by principal: what a profile's session may reach under the policy. */
  #profileAccess = new Map<string, WeakMap<Principal, Access>>();

  constructor(options: RouterOptions) {
    this.#logger = options.logger ?? silentLogger;
    const version = options.version ?? "0.0.0";
    this.#policy = options.policy;
    this.#authorizations = options.authorizations;
    if (options.profiles) this.#profiles = profileAccesses(options.profiles);
    if (options.defaultScope) this.#defaultScope = scopeAccess(options.defaultScope);
    this.#dynamic = options.dynamicTools;
    const filter = createToolFilter(options.tools ?? []);
    this.#offerings = new Offerings({
      prefix: options.toolPrefix ?? "auto",
      cache: options.cache ?? createMemoryListCache(),
      allowTool: (spec, tool) => filter(spec.name, tool) && (spec.enabledTools === undefined || spec.enabledTools.includes(tool)),
    });
    this.#pool = new UpstreamPool({
      connectors: options.connectors,
      logger: this.#logger,
      hooks: this.#hooks(),
      clientVersion: version,
      initializeTimeoutMs: options.initializeTimeoutMs,
    });
    this.#deps = {
      version,
      offerings: this.#offerings,
      pool: this.#pool,
      accessOf: (principal, profile) => this.#accessOf(principal, profile),
      ensure: (kind, access) => this.#ensure(kind, access),
      listed: (kind, access) => (this.#unknownTo(kind, access).length === 0 ? this.#offerings.view(access) : undefined),
      subscriptions: this.#subscriptions,
      callMiddleware: options.callMiddleware ?? [],
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
      interactive: new InteractiveCalls(),
      callTimeoutMs: options.callTimeoutMs,
      ...(options.authorizations ? { authorizations: options.authorizations } : {}),
      authorize: (server, client) => this.#authorize(server, client),
      dynamicFor: (profile) => this.#dynamicFor(profile),
      policyAccess: (principal, profile) => this.#policyAccess(principal, profile),
      serves: (server) => this.#fingerprints.has(server),
      warm: (servers) => this.warm(servers),
      addServer: (server) => this.#addServer(server),
    };
    void this.update(options.specs);
  }

  createServer(info: SessionInfo): Server {
    const server = createSessionServer(this.#deps, info);
    // Stateless requests get no notifications of their own: serving sides broadcast those.
    if (info.era !== "2026-07-28") this.#sessions.set(info.id, { info, server });
    return server;
  }

  fastLane(server: Server): FastLane | undefined {
    return fastLaneOf(server);
  }

  sessionClosed(sessionId: string): void {
    if (!this.#sessions.delete(sessionId)) return;
    for (const { upstream, uri } of this.#subscriptions.sessionClosed(sessionId)) {
      void upstream.request("resources/unsubscribe", { uri }).catch(() => {});
    }
    void this.#pool.closeSession(sessionId);
  }

  async update(specs: readonly ServerSpec[]): Promise<void> {
    this.#configured = [...specs];
    // Servers sessions added stay, unless the configuration now has them itself.
    for (const spec of specs) this.#added.delete(spec.name);
    this.#servedScope = undefined;
    this.#profileAccess.clear();
    const { membership, changed } = await this.#apply([...specs, ...this.#added.values()]);
    if (membership || changed.size > 0) this.#emit(["tools", "prompts", "resources"]);
  }

  /** Serves these specs: servers whose spec changed restart on next use. */
  async #apply(specs: readonly ServerSpec[]): Promise<{ membership: boolean; changed: Set<string> }> {
    const next = new Map(specs.map((s) => [s.name, fingerprint(s)]));
    const changed = new Set([...next].filter(([name, print]) => this.#fingerprints.has(name) && this.#fingerprints.get(name) !== print).map(([n]) => n));
    const membership = next.size !== this.#fingerprints.size || [...next.keys()].some((n) => !this.#fingerprints.has(n));
    this.#fingerprints = next;
    this.#offerings.setSpecs(specs, changed);
    await this.#pool.setSpecs(specs, changed);
    return { membership, changed };
  }

  /**
   * Makes a catalog server servable for the sessions that add it (mcp-add): resolved by the
   * gateway, served beside the configured ones, seen by no other session.
   */
  async #addServer(server: string): Promise<void> {
    if (this.#fingerprints.has(server)) return;
    const resolve = this.#dynamic?.resolve;
    if (!resolve) throw new GatewayError(ErrorCode.NOT_FOUND, `${server} is not served by this gateway`);
    const spec = await resolve(server);
    if (this.#fingerprints.has(server)) return;
    this.#added.set(server, spec);
    this.#servedScope = undefined;
    this.#profileAccess.clear();
    // Other sessions' lists do not change: no list_changed.
    await this.#apply([...this.#configured, ...this.#added.values()]);
  }

  setPolicy(policy: AccessPolicy | undefined): void {
    if (JSON.stringify(policy) === JSON.stringify(this.#policy)) return;
    this.#policy = policy;
    this.#access = new WeakMap();
    this.#profileAccess.clear();
    this.#offerings.forgetViews();
    this.#emit(["tools", "prompts", "resources"]);
  }

  setProfiles(profiles: ReadonlyMap<string, ProfileScope>, defaultScope?: ProfileScope): void {
    const next = profileAccesses(profiles);
    const changed = new Set([...new Set([...next.keys(), ...this.#profiles.keys()])].filter((name) => next.get(name)?.access.key !== this.#profiles.get(name)?.access.key));
    const nextDefault = defaultScope && scopeAccess(defaultScope);
    const defaultChanged = nextDefault?.key !== this.#defaultScope?.key;
    this.#profiles = next;
    this.#defaultScope = nextDefault;
    for (const name of changed) this.#profileAccess.delete(name);
    if (defaultChanged) this.#profileAccess.delete(DEFAULT_SCOPE);
    if (changed.size === 0 && !defaultChanged) return;
    this.#emit(["tools", "prompts", "resources"], { default: defaultChanged, profiles: changed });
  }

  /** The dynamic tools of a session of `profile`: its profile's settings over the gateway's; none when off. */
  #dynamicFor(profile: string | undefined): DynamicToolsOptions | undefined {
    const own = profile === undefined ? undefined : this.#profiles.get(profile)?.scope.dynamicTools;
    const base = this.#dynamic;
    if (!own) return base && (base.enabled || base.budget !== undefined) ? base : undefined;
    const enabled = own.enabled ?? base?.enabled ?? false;
    const budget = own.budget ?? base?.budget;
    if (!enabled && budget === undefined) return undefined;
    return { ...base, enabled, ...(budget === undefined ? {} : { budget }) };
  }

  /** What a session's caller may reach under the current policy, within its profile if it has one. */
  #accessOf(principal: Principal | undefined, profile?: string): Access {
    const given = profile === undefined ? this.#defaultScope : (this.#profiles.get(profile)?.access ?? NOTHING);
    // Servers a session added are that session's alone (see SessionRoutes.access).
    const served = this.#added.size === 0 ? undefined : (this.#servedScope ??= grant(this.#configured.map((s) => `${s.name}:*`), []));
    const scope = given && served ? intersectAccess(given, served) : (given ?? served);
    if (!scope) return this.#callerAccess(principal);
    const name = profile ?? DEFAULT_SCOPE;
    let byPrincipal = this.#profileAccess.get(name);
    if (!byPrincipal) this.#profileAccess.set(name, (byPrincipal = new WeakMap()));
    const key = principal ?? OWNER;
    let access = byPrincipal.get(key);
    if (!access) {
      access = intersectAccess(scope, this.#policyAccess(principal, profile));
      byPrincipal.set(key, access);
    }
    return access;
  }

  /** What the policy alone lets a caller reach in a session of `profile`: rules that name profiles apply in their sessions only. */
  #policyAccess(principal: Principal | undefined, profile: string | undefined): Access {
    return profile === undefined || !principal || !this.#policy ? this.#callerAccess(principal) : resolveAccess(this.#policy, principal, profile);
  }

  #callerAccess(principal: Principal | undefined): Access {
    if (!principal || !this.#policy) return FULL_ACCESS;
    let access = this.#access.get(principal);
    if (!access) {
      access = resolveAccess(this.#policy, principal);
      this.#access.set(principal, access);
    }
    return access;
  }

  onListChanged(listener: (change: ListChange, scope?: ListChangeScope) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#sessions.clear();
    await this.#pool.closeAll();
  }

  /**
   * The exposed view once every server's list of `kind` is known (servers that fail are left
   * out). Only servers the access could show anything of are started for it.
   */
  async #ensure(kind: ListKind, access: Access): Promise<ExposedView> {
    const unknown = this.#unknownTo(kind, access);
    await Promise.all(
      unknown.map((spec) =>
        this.#list(spec.name).catch((error: Error) => {
          if (!authorizationNeeded(error)) return this.#logger.warn("could not list a server's offerings", { server: spec.name, error: error.message });
          // A server that needs an OAuth authorization is offered its authorize tool meanwhile.
          if (this.#offerings.setAwaitingAuthorization(spec.name, true)) {
            this.#logger.warn("a server needs authorization before it can list its tools; offering its authorize tool", { server: spec.name, command: `mcpgw oauth authorize ${spec.name}` });
          }
        }),
      ),
    );
    return this.#offerings.view(access);
  }

  /** The servers whose list of `kind` is not known yet and could show the access something. */
  #unknownTo(kind: ListKind, access: Access): ServerSpec[] {
    return this.#offerings.unknown(kind).filter((spec) => (kind === "tools" ? access.anyTool(spec.name) : access.server(spec.name)));
  }

  /**
   * The authorize tool of a server waiting for OAuth: a client that takes URL elicitation is
   * asked to authorize, and the server then lists its tools; another gets the URL to open, and
   * the tools are listed (with list_changed) once the authorization completes.
   */
  async #authorize(server: string, client: AuthorizingClient): Promise<unknown> {
    const text = (message: string) => ({ content: [{ type: "text", text: message }] });
    try {
      await withAuthorization(() => this.#list(server), client, this.#authorizations);
      return text(`mcpgw is authorized to use "${server}"; its tools are listed now.`);
    } catch (error) {
      const needed = authorizationNeeded(error);
      if (!needed) throw error;
      void this.#authorizations
        ?.completion(needed.elicitationId)
        .then(() => this.#list(server))
        .catch(() => {});
      return text(`To let mcpgw use "${server}", open this URL, sign in and allow access:\n${needed.url}\n\nOr run \`mcpgw oauth authorize ${server}\`. Its tools are listed once that is done.`);
    }
  }

  async warm(servers: readonly string[]): Promise<void> {
    const wanted = new Set(servers);
    await Promise.all(this.#offerings.unknown("tools").flatMap((spec) => (wanted.has(spec.name) ? [this.#list(spec.name)] : [])));
  }

  /** Starts a server (or finds it running) and records what it lists. */
  #list(server: string): Promise<void> {
    return this.#pool.use(server, undefined, async (upstream) => {
      await upstream.ensure();
      await this.#refresh(upstream);
    });
  }

  /** Asks a running server for its lists and tells clients what changed. */
  #refresh(upstream: Upstream): Promise<void> {
    let running = this.#refreshing.get(upstream);
    if (!running) {
      running = this.#fetchLists(upstream)
        .then((lists) => this.#emit(this.#offerings.update(upstream.spec, lists)))
        .catch((error: Error) => this.#logger.warn("could not refresh a server's lists", { server: upstream.name, error: error.message }))
        .finally(() => this.#refreshing.delete(upstream));
      this.#refreshing.set(upstream, running);
    }
    return running;
  }

  /** Tells every session (or those of `scope`), and broadcasting serving sides, that lists changed. */
  #emit(kinds: readonly (ListKind | ListChange)[], scope?: ListChangeScope): void {
    const changes = new Set(kinds.map((k) => (k === "resourceTemplates" ? "resources" : k)) as ListChange[]);
    for (const change of changes) {
      for (const { info, server } of this.#sessions.values()) {
        if (scope && !(info.profile === undefined ? scope.default : scope.profiles.has(info.profile))) continue;
        const send = change === "tools" ? server.sendToolListChanged() : change === "prompts" ? server.sendPromptListChanged() : server.sendResourceListChanged();
        void send.catch(() => {});
      }
      for (const listener of this.#listeners) listener(change, scope);
    }
  }

  async #fetchLists(upstream: Upstream): Promise<ServerLists> {
    const capabilities = upstream.capabilities ?? {};
    const lists: ServerLists = { capabilities };
    const all = async (method: string, key: string) => {
      const items: Record<string, unknown>[] = [];
      let cursor: string | undefined;
      do {
        const page = (await upstream.request(method, cursor ? { cursor } : undefined)) as Record<string, unknown>;
        items.push(...((page[key] as Record<string, unknown>[] | undefined) ?? []));
        cursor = typeof page.nextCursor === "string" && page.nextCursor !== "" ? page.nextCursor : undefined;
      } while (cursor);
      return items;
    };
    if (capabilities.tools) lists.tools = await all("tools/list", "tools");
    if (capabilities.prompts) lists.prompts = await all("prompts/list", "prompts");
    if (capabilities.resources) {
      lists.resources = await all("resources/list", "resources");
      lists.resourceTemplates = await all("resources/templates/list", "resourceTemplates").catch(() => []);
    }
    return lists;
  }

  #hooks(): UpstreamHooks {
    return {
      onReady: (upstream) => void this.#refresh(upstream),
      onNotification: (upstream, method, params) => this.#onUpstreamNotification(upstream, method, params),
      onRequest: (upstream, method, params) =>
        askClient(upstream, method, params, (owner, method, params) =>
          this.#sessions.get(owner)?.server.request({ method: method as RequestMethod, params: params as Record<string, unknown> | undefined }),
        ),
    };
  }

  #onUpstreamNotification(upstream: Upstream, method: string, params: unknown): void {
    switch (method) {
      case "notifications/tools/list_changed":
      case "notifications/prompts/list_changed":
      case "notifications/resources/list_changed":
        void this.#refresh(upstream);
        return;
      case "notifications/resources/updated": {
        const uri = (params as { uri?: string } | undefined)?.uri ?? "";
        for (const session of this.#subscriptions.targets(upstream, uri)) {
          void this.#sessions.get(session)?.server.sendResourceUpdated({ ...(params as object), uri }).catch(() => {});
        }
        return;
      }
      case "notifications/message": {
        // A session hears a server's log messages only when it may reach that server.
        const targets = (upstream.owner ? [this.#sessions.get(upstream.owner)] : [...this.#sessions.values()]).filter(
          (target) => target !== undefined && this.#accessOf(target.info.principal, target.info.profile).server(upstream.name),
        );
        // The server's log message goes to the client as the server wrote it.
        for (const target of targets) void target?.server.sendLoggingMessage(params as LoggingMessageNotification["params"]).catch(() => {});
        return;
      }
      default:
        this.#logger.debug("dropped an upstream notification", { server: upstream.name, method });
    }
  }
}

/** A spec's identity for change detection, secrets included (hashed, never kept). */
function fingerprint(spec: ServerSpec): string {
  const secrets = Object.entries(spec.secretEnv).map(([k, v]) => [k, v.reveal()]);
  return createHash("sha256").update(JSON.stringify([spec, secrets])).digest("hex");
}

/** The stand-in key of the owner (no principal) in a WeakMap of accesses. */
const OWNER: Principal = { via: "token", subject: "", scopes: [] };

/** The key of sessions of no profile among the profiles' accesses: no profile can be named so. */
const DEFAULT_SCOPE = "";

/** What a session of an unknown profile may reach. */
const NOTHING = grant([], []);

function profileAccesses(profiles: ReadonlyMap<string, ProfileScope>): Map<string, { scope: ProfileScope; access: Access }> {
  return new Map([...profiles].map(([name, scope]) => [name, { scope, access: scopeAccess(scope) }]));
}
