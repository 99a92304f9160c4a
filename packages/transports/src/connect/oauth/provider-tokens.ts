// The tokens of OAuth providers while the gateway starts container and process servers with
// them (Docker's `oauth.providers` form): each start asks for a provider's current access token,
// read from the store and refreshed first when it is about to expire.
import type { Logger } from "@mcpgw/core";
import type { PreRegisteredClient } from "./client-registration.js";
import type { OAuthFetch } from "./oauth-fetch.js";
import { createOAuthFetches } from "./oauth-fetch.js";
import type { OAuthStore } from "./oauth-store.js";
import { TokenKeeper } from "./token-keeper.js";

/** Options of {@link createProviderTokens}. */
export interface ProviderTokensOptions {
  store: OAuthStore;
  logger: Logger;
  /** Let refreshes reach private, loopback and link-local addresses (`--allow-private-remotes`). */
  allowPrivateNetworks?: boolean;
  /** A fetch of your own for every refresh; default the SSRF-guarded one. */
  fetch?: OAuthFetch;
  now?: () => number;
}

/** Whose token: a provider of one server. */
export interface ProviderTokenRequest {
  /** The server that starts with it, named in messages. */
  server: string;
  /** The provider: its tokens are stored under its name. */
  provider: string;
  /** The catalog's pre-registered client (its secret authenticates refreshes). */
  preRegistered?: PreRegisteredClient;
}

/** The providers' tokens of one gateway. */
export interface ProviderTokens {
  /**
   * The provider's access token to start the server with, refreshed first when about to expire;
   * `undefined` when there is none to use (never authorized, revoked, or a refresh that failed).
   */
  current(request: ProviderTokenRequest): Promise<string | undefined>;
  /** Closes the sockets of the refreshes' fetches. */
  close(): void;
}

/**
 * The providers' tokens over the home's OAuth store.
 * @example
 * const tokens = createProviderTokens({ store, logger });
 * const token = await tokens.current({ server: "github", provider: "github" });
 */
export function createProviderTokens(options: ProviderTokensOptions): ProviderTokens {
  const keepers = new Map<string, { keeper: TokenKeeper; client: PreRegisteredClient | undefined }>();
  const fetches = createOAuthFetches(options);

  const fetchFor = (server: string): OAuthFetch => fetches.fetchFor(server);

  // One keeper per server and provider, so concurrent starts share one refresh; a new one when
  // a reload changed the client.
  const keeperFor = ({ server, provider, preRegistered }: ProviderTokenRequest): TokenKeeper => {
    const key = JSON.stringify([server, provider]);
    const kept = keepers.get(key);
    if (kept && kept.client?.clientId === preRegistered?.clientId && kept.client?.clientSecret === preRegistered?.clientSecret) return kept.keeper;
    const keeper = new TokenKeeper({
      name: provider,
      server,
      store: options.store,
      fetch: fetchFor(server),
      logger: options.logger,
      ...(preRegistered ? { preRegistered } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    keepers.set(key, { keeper, client: preRegistered });
    return keeper;
  };

  return {
    current: (request) => keeperFor(request).current(),
    close() {
      fetches.close();
      keepers.clear();
    },
  };
}
