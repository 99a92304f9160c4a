// The gateway's side of OAuth for remote servers: each connection asks it for the token to
// send and tells it when the server refused one. When no token will do, it starts an
// authorization the user can complete from a browser (the URL goes out in the error, or in a
// URL elicitation to a client that takes one) and finishes it when the browser comes back,
// to a loopback callback or to the gateway's own `/oauth/callback` behind `--public-url`.
import { randomUUID } from "node:crypto";
import type { Logger } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { beginAuthorization } from "./authorize-server.js";
import type { CallbackListener, CallbackPage } from "./callback-waiters.js";
import { CallbackWaiters, listenForCallbacks } from "./callback-waiters.js";
import type { PreRegisteredClient } from "./client-registration.js";
import type { OAuthFetch } from "./oauth-fetch.js";
import { createOAuthFetches } from "./oauth-fetch.js";
import type { OAuthStore } from "./oauth-store.js";
import { createState } from "./pkce.js";
import { TokenKeeper } from "./token-keeper.js";
import type { BearerChallenge } from "./www-authenticate.js";

/** The path of the gateway's callback route when it runs behind a public URL. */
export const OAUTH_CALLBACK_PATH = "/oauth/callback";

/** Options of {@link createOAuthBroker}. */
export interface OAuthBrokerOptions {
  store: OAuthStore;
  logger: Logger;
  /**
   * Where the browser comes back: a URL of the gateway's own (its {@link OAUTH_CALLBACK_PATH}
   * route hands the query to {@link OAuthBroker.callback}) when it has a public one, else a
   * loopback listener on 127.0.0.1:`callbackPort` (0: any free one), open while an
   * authorization waits; when that port is taken, any free one is used.
   */
  redirectUri?: string;
  callbackPort: number;
  /** Let OAuth requests reach private, loopback and link-local addresses (`--allow-private-remotes`). */
  allowPrivateNetworks?: boolean;
  /** A fetch of your own for every OAuth request; default the SSRF-guarded one. */
  fetch?: OAuthFetch;
  /** How long a started authorization waits for the browser. Default 10 min. */
  pendingTtlMs?: number;
  now?: () => number;
}

/** A remote server whose connection the broker authorizes. */
export interface OAuthTarget {
  name: string;
  /** Its MCP endpoint. */
  url: string;
  /** The scopes the catalog asks for; default the server's challenge or metadata. */
  scopes?: readonly string[];
  preRegistered?: PreRegisteredClient;
}

/** How one remote connection gets and renews its bearer token. */
export interface RemoteAuthorization {
  /** The token to send, `undefined` when there is none yet (the server's 401 then says how to get one). */
  token(): Promise<string | undefined>;
  /** The server answered 401 to `sent`: a token to retry with once, or `undefined`. */
  renew(sent: string | undefined): Promise<string | undefined>;
  /** The error for a 401 that no token cures, with an authorization URL to complete. */
  required(challenge: BearerChallenge | undefined): Promise<GatewayError>;
  /** The error for a 403 `insufficient_scope`: a new authorization with the wider scope, a bounded number of times in a row. */
  stepUp(challenge: BearerChallenge): Promise<GatewayError>;
  /** The server accepted a request: the step-up count starts again. */
  accepted(): void;
}

/** The gateway's OAuth broker. */
export interface OAuthBroker {
  /** The authorization of one remote server's connections. */
  forServer(target: OAuthTarget): RemoteAuthorization;
  /** Settles when the authorization `id` (an error's `data.elicitationId`) has stored its tokens; rejects when it failed or expired. */
  completion(id: string, signal?: AbortSignal): Promise<void>;
  /** A browser's return to the public callback URL; the page to show it. */
  callback(query: URLSearchParams): CallbackPage;
  close(): Promise<void>;
}

/** Step-ups in a row, without an accepted request between them, before the server is given up on. */
const MAX_STEP_UPS = 2;
const DEFAULT_PENDING_TTL_MS = 10 * 60_000;

interface Pending {
  id: string;
  server: string;
  url: URL;
  /** The scopes asked for, sorted and joined: a request for the same reuses the pending one. */
  scopeKey: string;
  state: string;
  done: Promise<void>;
  timer: NodeJS.Timeout;
}

/**
 * The broker of one gateway.
 * @example
 * const broker = createOAuthBroker({ store, logger, callbackPort: oauthCallbackPort() });
 * const connector = createRemoteConnector({ authorization: (spec) => broker.forServer({ name: spec.name, url: spec.url }) });
 */
export function createOAuthBroker(options: OAuthBrokerOptions): OAuthBroker {
  const waiters = new CallbackWaiters();
  const pending = new Map<string, Pending>();
  const byServer = new Map<string, Pending>();
  /** Authorizations being started, by server and scopes: 401s that arrive together share one. */
  const starting = new Map<string, Promise<Pending>>();
  /** One keeper per server, shared by all its connections: a rotated refresh token works only once. */
  const keepers = new Map<string, { keeper: TokenKeeper; preRegistered: PreRegisteredClient | undefined }>();
  const fetches = createOAuthFetches(options);
  const ttl = options.pendingTtlMs ?? DEFAULT_PENDING_TTL_MS;
  let listener: Promise<CallbackListener> | undefined;

  const fetchFor = (server: string): OAuthFetch => fetches.fetchFor(server);

  const redirectUri = async (): Promise<string> => {
    if (options.redirectUri !== undefined) return options.redirectUri;
    listener ??= listenForCallbacks(options.callbackPort, waiters).catch((error: unknown) => {
      if (options.callbackPort === 0) throw error;
      options.logger.warn("the OAuth callback port is taken; using any free one", { port: options.callbackPort });
      return listenForCallbacks(0, waiters);
    });
    try {
      return (await listener).redirectUri;
    } catch (error) {
      listener = undefined;
      throw error;
    }
  };

  /** Closes the loopback listener once no authorization waits for it or is being started. */
  const settleListener = () => {
    if (waiters.size > 0 || starting.size > 0 || !listener) return;
    const closing = listener;
    listener = undefined;
    void closing.then((l) => l.close(), () => undefined);
  };

  /** The server's pending authorization for these scopes, started once however many ask for it. */
  const begin = (target: OAuthTarget, challenge: BearerChallenge | undefined, scopes: readonly string[] | undefined): Promise<Pending> => {
    const scopeKey = [...(scopes ?? [])].sort().join(" ");
    const existing = byServer.get(target.name);
    if (existing && existing.scopeKey === scopeKey) return Promise.resolve(existing);
    const key = `${target.name}\n${scopeKey}`;
    let started = starting.get(key);
    if (!started) {
      started = start(target, challenge, scopes, scopeKey).finally(() => {
        starting.delete(key);
        // One that failed leaves nothing waiting on the listener it opened.
        settleListener();
      });
      starting.set(key, started);
    }
    return started;
  };

  const start = async (target: OAuthTarget, challenge: BearerChallenge | undefined, scopes: readonly string[] | undefined, scopeKey: string): Promise<Pending> => {
    const state = createState();
    const uri = await redirectUri();
    const fetch = fetchFor(target.name);
    const started = await beginAuthorization(
      {
        server: target.name,
        url: target.url,
        registrations: options.store.registrations,
        redirectUri: uri,
        state,
        ...(challenge ? { challenge } : {}),
        ...(scopes && scopes.length > 0 ? { scopes } : {}),
        ...(target.preRegistered ? { preRegistered: target.preRegistered } : {}),
      },
      fetch,
    );
    const id = randomUUID();
    const code = waiters.wait(state);
    const timer = setTimeout(() => waiters.cancel(state, new GatewayError(ErrorCode.TIMEOUT, `the authorization of remote server "${target.name}" was not completed within ${Math.round(ttl / 60_000)} min`)), ttl);
    timer.unref();
    const done = code.then(async (value) => {
      const tokens = await started.finish(value);
      await options.store.saveTokens(target.name, tokens);
      options.logger.info("authorized a remote server", { server: target.name, ...(tokens.scope ? { scopes: tokens.scope.join(" ") } : {}) });
    });
    const entry: Pending = { id, server: target.name, url: started.url, scopeKey, state, done, timer };
    pending.set(id, entry);
    // One authorization per server at a time: one for other scopes replaces it.
    const replaced = byServer.get(target.name);
    if (replaced) waiters.cancel(replaced.state, new GatewayError(ErrorCode.CANCELLED, `an authorization for other scopes of remote server "${target.name}" replaced this one`));
    byServer.set(target.name, entry);
    void done
      .catch((error: unknown) => options.logger.warn("an authorization from a client did not complete", { server: target.name, reason: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        clearTimeout(timer);
        pending.delete(id);
        if (byServer.get(target.name) === entry) byServer.delete(target.name);
        settleListener();
      });
    return entry;
  };

  const keeperFor = (target: OAuthTarget): TokenKeeper => {
    const known = keepers.get(target.name);
    const { clientId, clientSecret } = target.preRegistered ?? {};
    if (known && known.preRegistered?.clientId === clientId && known.preRegistered?.clientSecret === clientSecret) return known.keeper;
    const keeper = new TokenKeeper({ name: target.name, store: options.store, fetch: fetchFor(target.name), logger: options.logger, ...(target.preRegistered ? { preRegistered: target.preRegistered } : {}), ...(options.now ? { now: options.now } : {}) });
    keepers.set(target.name, { keeper, preRegistered: target.preRegistered });
    return keeper;
  };

  const authorizationError = async (target: OAuthTarget, challenge: BearerChallenge | undefined, scopes: readonly string[] | undefined, wider: boolean): Promise<GatewayError> => {
    const command = `mcpgw oauth authorize ${target.name}`;
    const what = wider ? `needs a wider authorization (scopes ${scopes?.join(" ") ?? "?"})` : "needs authorization";
    try {
      const started = await begin(target, challenge, scopes);
      return new GatewayError(ErrorCode.AUTHORIZATION_REQUIRED, `remote server "${target.name}" ${what}: run \`${command}\`, or open the URL in this error's data.url`, {
        data: { server: target.name, url: started.url.href, elicitationId: started.id, command, ...(scopes ? { scopes: [...scopes] } : {}) },
        suggestion: command,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return new GatewayError(ErrorCode.AUTHORIZATION_REQUIRED, `remote server "${target.name}" ${what}: run \`${command}\` (an authorization could not be started here: ${reason})`, {
        data: { server: target.name, command },
        suggestion: command,
        cause: error,
      });
    }
  };

  return {
    forServer(target) {
      const keeper = keeperFor(target);
      let stepUps = 0;
      return {
        token: () => keeper.current(),
        renew: (sent) => keeper.renew(sent),
        required: (challenge) => authorizationError(target, challenge, target.scopes, false),
        async stepUp(challenge) {
          stepUps += 1;
          if (stepUps > MAX_STEP_UPS) {
            return new GatewayError(
              ErrorCode.REFUSED,
              `remote server "${target.name}" still refuses the request for want of scope (${challenge.scope?.join(" ") ?? "none named"}) after ${MAX_STEP_UPS} wider authorizations; giving up`,
              { data: { server: target.name, ...(challenge.scope ? { scopes: challenge.scope } : {}) } },
            );
          }
          // The wider scope keeps what was granted: a step-up must not lose the scopes other tools need.
          const wanted = [...new Set([...(await keeper.grantedScope()), ...(target.scopes ?? []), ...(challenge.scope ?? [])])];
          return authorizationError(target, challenge, wanted, true);
        },
        accepted() {
          stepUps = 0;
        },
      };
    },

    completion(id, signal) {
      const entry = pending.get(id);
      if (!entry) return Promise.reject(new GatewayError(ErrorCode.NOT_FOUND, `no authorization ${id} is waiting (it completed, failed or expired)`));
      if (!signal) return entry.done;
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(new GatewayError(ErrorCode.CANCELLED, "stopped waiting for the authorization", { cause: signal.reason }));
        if (signal.aborted) return onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
        entry.done.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      });
    },

    callback: (query) => waiters.settle(query),

    async close() {
      for (const entry of pending.values()) waiters.cancel(entry.state, new GatewayError(ErrorCode.CANCELLED, "the gateway stopped before the authorization completed"));
      const open = listener;
      listener = undefined;
      await open?.then((l) => l.close(), () => undefined);
      fetches.close();
      keepers.clear();
    },
  };
}
