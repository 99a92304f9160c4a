import type { Connector, Logger, ServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, definedOnly } from "@mcpgw/core";
import type { UpstreamHooks } from "./upstream.js";
import { Upstream } from "./upstream.js";

export interface PoolOptions {
  connectors: readonly Connector[];
  logger: Logger;
  hooks: UpstreamHooks;
  clientVersion: string;
  initializeTimeoutMs: number;
}

/**
 * The upstreams, by sharing mode: `shared` (one for every session), `session` (one per client
 * session, closed with it), `call` (a fresh one per call, closed after it). How many servers
 * may run at once is the connectors' cap; idle ones are stopped by them.
 */
export class UpstreamPool {
  readonly #options: PoolOptions;
  readonly #specs = new Map<string, ServerSpec>();
  readonly #upstreams = new Map<string, Upstream>();

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** The configured servers, in order. */
  get specs(): ServerSpec[] {
    return [...this.#specs.values()];
  }

  spec(server: string): ServerSpec | undefined {
    return this.#specs.get(server);
  }

  /** Replaces the configured servers; upstreams of removed or changed servers are closed. */
  async setSpecs(specs: readonly ServerSpec[], changed: ReadonlySet<string>): Promise<void> {
    this.#specs.clear();
    for (const spec of specs) this.#specs.set(spec.name, spec);
    const stale = [...this.#upstreams].filter(([, u]) => !this.#specs.has(u.name) || changed.has(u.name));
    for (const [key] of stale) this.#upstreams.delete(key);
    await Promise.all(stale.map(([, u]) => u.close()));
  }

  /** The upstream a session uses for a server (not for `call` servers: see `forCall`). */
  get(server: string, session: string | undefined): Upstream {
    const spec = this.#require(server);
    const owner = spec.sharing === "session" && session ? session : undefined;
    const key = owner ? `${server}\0${owner}` : server;
    let upstream = this.#upstreams.get(key);
    if (!upstream) {
      upstream = this.#create(spec, owner);
      this.#upstreams.set(key, upstream);
    }
    return upstream;
  }

  /**
   * Runs `fn` with the right upstream: for `call` servers, and for `session` servers asked
   * outside a session (listing), a fresh one that is closed afterwards.
   */
  use<T>(server: string, session: string | undefined, fn: (upstream: Upstream) => Promise<T>): Promise<T> {
    try {
      const spec = this.#require(server);
      const temporary = spec.sharing === "call" || (spec.sharing === "session" && session === undefined);
      // A kept upstream is used as it is: no promise of this method's own around the call.
      if (!temporary) return fn(this.get(server, session));
      return this.#useOnce(this.#create(spec, session), fn);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #useOnce<T>(upstream: Upstream, fn: (upstream: Upstream) => Promise<T>): Promise<T> {
    try {
      return await fn(upstream);
    } finally {
      void upstream.close();
    }
  }

  /** Upstreams that are connected now, optionally of one server. */
  connected(server?: string): Upstream[] {
    return [...this.#upstreams.values()].filter((u) => u.connected && (server === undefined || u.name === server));
  }

  /** Closes the upstreams a session owned. */
  async closeSession(session: string): Promise<void> {
    const owned = [...this.#upstreams].filter(([, u]) => u.owner === session);
    for (const [key] of owned) this.#upstreams.delete(key);
    await Promise.all(owned.map(([, u]) => u.close()));
  }

  async closeAll(): Promise<void> {
    const all = [...this.#upstreams.values()];
    this.#upstreams.clear();
    await Promise.all(all.map((u) => u.close()));
  }

  #require(server: string): ServerSpec {
    const spec = this.#specs.get(server);
    if (!spec) throw new GatewayError(ErrorCode.NOT_FOUND, `no server "${server}" is enabled`);
    return spec;
  }

  #create(spec: ServerSpec, owner: string | undefined): Upstream {
    const connector = this.#options.connectors.find((c) => c.kinds.includes(spec.kind));
    if (!connector) throw new GatewayError(ErrorCode.UNSUPPORTED, `no runtime for ${spec.kind} servers is configured (server "${spec.name}")`);
    return new Upstream({
      spec,
      connector,
      logger: this.#options.logger,
      hooks: this.#options.hooks,
      clientVersion: this.#options.clientVersion,
      initializeTimeoutMs: this.#options.initializeTimeoutMs,
      ...definedOnly({ owner }),
    });
  }
}
