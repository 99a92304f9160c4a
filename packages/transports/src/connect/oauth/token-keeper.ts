// One server's tokens while the gateway uses them: read from the OAuth store on every use (so
// `mcpgw oauth authorize` and `revoke` in another process take effect at once), refreshed
// shortly before they expire and once when the server refuses them, one refresh at a time; a
// refresh that fails marks them as needing authorization again.
import type { Logger } from "@mcpgw/core";
import { GatewayError } from "@mcpgw/core";
import type { PreRegisteredClient } from "./client-registration.js";
import { clientOfTokens } from "./client-registration.js";
import { issuerMetadata } from "./discovery.js";
import type { FetchLimits, OAuthFetch } from "./oauth-fetch.js";
import type { OAuthStore, StoredTokens } from "./oauth-store.js";
import { expiresSoon, refreshTokens } from "./tokens.js";

/** What a {@link TokenKeeper} needs. */
export interface TokenKeeperOptions {
  /** The name the tokens are stored under (the server, or a container server's provider). */
  name: string;
  /** The server named in messages and in the `mcpgw oauth authorize` they suggest; default `name`. */
  server?: string;
  store: OAuthStore;
  fetch: OAuthFetch;
  limits?: FetchLimits;
  /** The client the user registered, when the tokens were issued to it (its secret authenticates refreshes). */
  preRegistered?: PreRegisteredClient;
  logger: Logger;
  now?: () => number;
}

/** The stored tokens of one server, kept fresh. */
export class TokenKeeper {
  readonly #options: TokenKeeperOptions;
  #refreshing: Promise<StoredTokens | undefined> | undefined;

  constructor(options: TokenKeeperOptions) {
    this.#options = options;
  }

  /** The access token to send now, refreshed first when it is about to expire; `undefined` when there is none to use. */
  async current(): Promise<string | undefined> {
    const tokens = await this.#usable();
    if (!tokens) return undefined;
    if (!expiresSoon(tokens, this.#now())) return tokens.accessToken;
    return (await this.#refresh(tokens))?.accessToken;
  }

  /**
   * The server refused `sent`: a token to try instead (one stored since by someone else, or a
   * refreshed one), or `undefined` when there is none and the user must authorize.
   */
  async renew(sent: string | undefined): Promise<string | undefined> {
    const tokens = await this.#usable();
    if (!tokens) return undefined;
    if (tokens.accessToken !== sent) return tokens.accessToken;
    return (await this.#refresh(tokens))?.accessToken;
  }

  /** The scopes the stored tokens were granted. */
  async grantedScope(): Promise<string[]> {
    return (await this.#options.store.tokens(this.#options.name))?.scope ?? [];
  }

  async #usable(): Promise<StoredTokens | undefined> {
    const tokens = await this.#options.store.tokens(this.#options.name);
    return tokens && !tokens.needsAuthorization ? tokens : undefined;
  }

  /** One refresh at a time: concurrent callers share it, as a rotated refresh token works once. */
  #refresh(tokens: StoredTokens): Promise<StoredTokens | undefined> {
    this.#refreshing ??= this.#refreshOnce(tokens).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refreshOnce(tokens: StoredTokens): Promise<StoredTokens | undefined> {
    const { name, store, logger } = this.#options;
    const server = this.#server();
    if (tokens.refreshToken === undefined) {
      await this.#markNeedsAuthorization(tokens, "the tokens expired and came without a refresh token");
      return undefined;
    }
    try {
      const { fetch, limits } = this.#options;
      const authorizationServer = await issuerMetadata(new URL(tokens.issuer), { server, fetch, ...(limits ? { limits } : {}) });
      const client = await clientOfTokens(tokens, store.registrations, this.#options.preRegistered, authorizationServer.token_endpoint_auth_methods_supported);
      const fresh = await refreshTokens(tokens.refreshToken, {
        server,
        fetch,
        ...(limits ? { limits } : {}),
        authorizationServer,
        client,
        ...(tokens.resource !== undefined ? { resource: new URL(tokens.resource) } : {}),
        now: () => this.#now(),
      });
      const stored: StoredTokens = {
        ...fresh,
        ...(fresh.scope === undefined && tokens.scope ? { scope: tokens.scope } : {}),
        issuer: tokens.issuer,
        clientId: tokens.clientId,
        ...(tokens.resource !== undefined ? { resource: tokens.resource } : {}),
      };
      await store.saveTokens(name, stored);
      logger.info("refreshed OAuth tokens", { server, ...(name !== server ? { provider: name } : {}), ...(stored.expiresAt !== undefined ? { expiresAt: new Date(stored.expiresAt).toISOString() } : {}) });
      return stored;
    } catch (error) {
      const reason = error instanceof GatewayError ? error.message : String(error);
      await this.#markNeedsAuthorization(tokens, reason);
      return undefined;
    }
  }

  async #markNeedsAuthorization(tokens: StoredTokens, reason: string): Promise<void> {
    const { name, store, logger } = this.#options;
    // Only if nobody stored new tokens meanwhile: those are left alone.
    const now = await store.tokens(name);
    if (now && now.accessToken === tokens.accessToken) await store.saveTokens(name, { ...now, needsAuthorization: true });
    const server = this.#server();
    logger.warn("OAuth tokens could not be refreshed; authorization is needed again", { server, ...(name !== server ? { provider: name } : {}), reason, command: `mcpgw oauth authorize ${server}` });
  }

  #server(): string {
    return this.#options.server ?? this.#options.name;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
