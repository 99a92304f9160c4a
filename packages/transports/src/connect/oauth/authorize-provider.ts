// The authorization of an OAuth provider of a container or process server (Docker's
// `oauth.providers` form): the server has no MCP URL to discover from, so the provider's
// authorization server is named by its issuer, and its tokens name no resource. The flow is the
// remote servers' one from the authorization server on: client identity, PKCE, loopback
// callback, exchange; and revocation.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { PreRegisteredClient, RegistrationStore } from "./client-registration.js";
import { clientOfTokens } from "./client-registration.js";
import type { LoopbackOptions, OAuthFetchOptions } from "./code-flow.js";
import { authorizeOnLoopback, limitsOf, revokeGrant, startCodeFlow, withOAuthFetch } from "./code-flow.js";
import type { AuthorizationServerMetadata } from "./discovery.js";
import { issuerMetadata, servedIssuerMetadata } from "./discovery.js";
import type { OAuthFetch } from "./oauth-fetch.js";
import type { StoredTokens } from "./oauth-store.js";

/** Options of {@link authorizeProvider}; `server` is the catalog server, named in messages. */
export interface AuthorizeProviderOptions extends OAuthFetchOptions, LoopbackOptions {
  /** The provider's authorization server (the catalog item's `issuer`, or `--issuer`). */
  issuer: string | URL;
  /** The scopes to ask for (the catalog's `oauth.scopes`); none: the parameter is left out. */
  scopes?: readonly string[];
  /** Where dynamic registrations are cached, per authorization server. */
  registrations: RegistrationStore;
  preRegistered?: PreRegisteredClient;
}

/**
 * Authorizes mcpgw with an OAuth provider and returns its tokens with their issuer and client,
 * ready to store as the provider's: discovery of the issuer's metadata, client identity
 * (pre-registered, else dynamic registration), PKCE and the loopback callback, exchange.
 * @throws GatewayError `NOT_FOUND` when the issuer serves no metadata; else as `authorizeServer`.
 * @example const tokens = await authorizeProvider({ server: "github", issuer, registrations, port: oauthCallbackPort(), onAuthorizationUrl: (u) => console.log(u.href) });
 */
export async function authorizeProvider(options: AuthorizeProviderOptions): Promise<StoredTokens> {
  return withOAuthFetch(options, async (fetch) => {
    const authorizationServer = await providerMetadata(new URL(options.issuer), options, fetch);
    const scope = options.scopes && options.scopes.length > 0 ? [...options.scopes] : undefined;
    return authorizeOnLoopback(options, (redirectUri, state) => startCodeFlow({ authorizationServer, ...(scope ? { scope } : {}) }, { ...options, redirectUri, state }, fetch));
  });
}

/** Options of {@link revokeProviderTokens}. */
export interface RevokeProviderTokensOptions extends OAuthFetchOptions {
  tokens: StoredTokens;
  /** Where the registration of the tokens' client is, for its authentication method and secret. */
  registrations: RegistrationStore;
  preRegistered?: PreRegisteredClient;
}

/**
 * Revokes a provider's tokens at the revocation endpoint of the authorization server that issued
 * them; returns whether it has one. Forgetting the tokens is the caller's.
 * @throws GatewayError when the server refuses a revocation.
 */
export async function revokeProviderTokens(options: RevokeProviderTokensOptions): Promise<boolean> {
  return withOAuthFetch(options, async (fetch) => {
    const { tokens } = options;
    const authorizationServer = await issuerMetadata(new URL(tokens.issuer), { server: options.server, fetch, ...limitsOf(options) });
    const client = await clientOfTokens(tokens, options.registrations, options.preRegistered, authorizationServer.token_endpoint_auth_methods_supported);
    return revokeGrant(tokens, { server: options.server, fetch, ...limitsOf(options), authorizationServer, client });
  });
}

/** The issuer's metadata; a provider has no default endpoints to fall back to, as a 2025-03-26 server has. */
async function providerMetadata(issuer: URL, options: OAuthFetchOptions, fetch: OAuthFetch): Promise<AuthorizationServerMetadata> {
  const found = await servedIssuerMetadata(issuer, { server: options.server, fetch, ...limitsOf(options) });
  if (found) return found;
  throw new GatewayError(ErrorCode.NOT_FOUND, `server "${options.server}": the authorization server ${issuer.href} serves no metadata (RFC 8414 or OpenID discovery)`, {
    data: { server: options.server, issuer: issuer.href },
    suggestion: "name the issuer of an authorization server that publishes its metadata (the provider's `issuer:` in the catalog, or --issuer)",
  });
}
