// The whole authorization of one remote server, as `mcpgw oauth authorize` runs it: probe the
// server for its 401 challenge, discover where to authorize, resolve the client identity, send
// the user to the authorization URL with PKCE and state, wait for the loopback callback, and
// exchange the code. And its inverse: revoke what was issued.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { selectScope } from "./authorization.js";
import type { PreRegisteredClient, RegistrationStore } from "./client-registration.js";
import { clientOfTokens } from "./client-registration.js";
import type { AuthorizationStart, LoopbackOptions, OAuthFetchOptions } from "./code-flow.js";
import { authorizeOnLoopback, limitsOf, revokeGrant, startCodeFlow, withOAuthFetch } from "./code-flow.js";
import { discoverOAuth } from "./discovery.js";
import type { OAuthFetch } from "./oauth-fetch.js";
import { fetchJson } from "./oauth-fetch.js";
import type { StoredTokens } from "./oauth-store.js";
import { bearerChallenge } from "./www-authenticate.js";
import type { BearerChallenge } from "./www-authenticate.js";

export type { AuthorizationStart } from "./code-flow.js";

/** How every OAuth request of one remote server is sent. */
export interface OAuthNetworkOptions extends OAuthFetchOptions {
  /** Its MCP endpoint (the catalog's `remote.url`). */
  url: string | URL;
}

/** Options of {@link authorizeServer}. */
export interface AuthorizeServerOptions extends OAuthNetworkOptions, LoopbackOptions {
  /** The scopes to ask for; default the challenge's, else the resource metadata's. */
  scopes?: readonly string[];
  /** Where dynamic registrations are cached, per authorization server. */
  registrations: RegistrationStore;
  preRegistered?: PreRegisteredClient;
}

/** Options of {@link beginAuthorization}: a flow whose callback arrives elsewhere. */
export interface BeginAuthorizationOptions extends Omit<AuthorizeServerOptions, "port" | "onAuthorizationUrl" | "signal" | "fetch" | "allowPrivateNetworks"> {
  /** Where the browser returns with the code: a loopback callback or the gateway's public one. */
  redirectUri: string;
  /** The `state` the callback must carry. */
  state: string;
  /** The server's Bearer challenge when it is known already (no probe is sent then). */
  challenge?: BearerChallenge;
}

/**
 * The first half of an authorization: discovery, client identity, PKCE and the authorization
 * URL. The second half, {@link AuthorizationStart.finish}, runs when the callback brings the code.
 * @throws GatewayError from discovery or registration; never with a secret in it.
 */
export async function beginAuthorization(options: BeginAuthorizationOptions, fetch: OAuthFetch): Promise<AuthorizationStart> {
  const serverUrl = new URL(options.url);
  const challenge = options.challenge ?? (await probe(serverUrl, fetch, options));
  const discovery = await discoverOAuth(serverUrl, challenge, { server: options.server, fetch, ...limitsOf(options) });
  const scope = options.scopes && options.scopes.length > 0 ? [...options.scopes] : selectScope(challenge, discovery.protectedResource);
  return startCodeFlow({ authorizationServer: discovery.authorizationServer, resource: discovery.resource, ...(scope ? { scope } : {}) }, options, fetch);
}

/**
 * Authorizes mcpgw for a remote server and returns its tokens with their issuer, client and
 * resource, ready to store: the flow of `mcpgw oauth authorize`, with its own loopback callback.
 * @throws GatewayError from discovery, registration, the callback (`REFUSED` when the user or
 *   server declined, `CANCELLED` on `signal`) or the exchange; never with a token in it.
 * @example const tokens = await authorizeServer({ server: "notion", url, registrations, port: oauthCallbackPort(), onAuthorizationUrl: (u) => console.log(u.href) });
 */
export async function authorizeServer(options: AuthorizeServerOptions): Promise<StoredTokens> {
  return withOAuthFetch(options, (fetch) => authorizeOnLoopback(options, (redirectUri, state) => beginAuthorization({ ...options, redirectUri, state }, fetch)));
}

/** Options of {@link revokeServerTokens}. */
export interface RevokeServerTokensOptions extends OAuthNetworkOptions {
  tokens: StoredTokens;
  /** Where the registration of the tokens' client is, for its authentication method and secret. */
  registrations: RegistrationStore;
}

/**
 * Revokes a server's tokens at its authorization server's revocation endpoint: the refresh
 * token (which ends the grant), then the access token, which a server may decline to revoke
 * (`unsupported_token_type`: it then lives until it expires). Returns whether the server has such an
 * endpoint; forgetting the tokens is the caller's.
 * @throws GatewayError when discovery fails or the server refuses a revocation.
 */
export async function revokeServerTokens(options: RevokeServerTokensOptions): Promise<boolean> {
  return withOAuthFetch(options, async (fetch) => {
    const { tokens } = options;
    const serverUrl = new URL(options.url);
    const discovery = await discoverOAuth(serverUrl, await probe(serverUrl, fetch, options), { server: options.server, fetch, ...limitsOf(options) });
    if (discovery.authorizationServer.issuer !== tokens.issuer) {
      throw new GatewayError(ErrorCode.REFUSED, `remote server "${options.server}" now names another authorization server than the one that issued its tokens; they were not sent there`, {
        data: { server: options.server, issuer: discovery.authorizationServer.issuer },
      });
    }
    const client = await clientOfTokens(tokens, options.registrations, undefined, discovery.authorizationServer.token_endpoint_auth_methods_supported);
    const resource = new URL(tokens.resource ?? discovery.resource.href);
    return revokeGrant(tokens, { server: options.server, fetch, ...limitsOf(options), authorizationServer: discovery.authorizationServer, client, resource });
  });
}

/** The Bearer challenge of the server's answer to an unauthenticated initialize, if it sent one. */
async function probe(serverUrl: URL, fetch: OAuthFetch, options: OAuthNetworkOptions): Promise<BearerChallenge | undefined> {
  const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "mcpgw", version: "0" } } };
  try {
    const reply = await fetchJson(
      fetch,
      serverUrl,
      { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify(initialize) },
      `probe of remote server "${options.server}"`,
      options.limits,
    );
    return reply.status === 401 ? bearerChallenge(reply.headers.get("www-authenticate")) : undefined;
  } catch (error) {
    // An SSRF refusal stops here; a server that does not answer is left to discovery.
    if (error instanceof GatewayError && error.code === ErrorCode.REFUSED) throw error;
    return undefined;
  }
}
