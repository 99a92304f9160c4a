// The whole authorization of one remote server, as `mcpgw oauth authorize` runs it: probe the
// server for its 401 challenge, discover where to authorize, resolve the client identity, send
// the user to the authorization URL with PKCE and state, wait for the loopback callback, and
// exchange the code. And its inverse: revoke what was issued.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { createGuardedFetch } from "../guarded-fetch.js";
import { buildAuthorizationUrl, selectScope, startCallbackServer } from "./authorization.js";
import type { ClientIdentity, PreRegisteredClient, RegistrationStore } from "./client-registration.js";
import { resolveClientIdentity } from "./client-registration.js";
import { discoverOAuth } from "./discovery.js";
import type { OAuthDiscovery } from "./discovery.js";
import type { FetchLimits, OAuthFetch } from "./oauth-fetch.js";
import { fetchJson } from "./oauth-fetch.js";
import type { StoredTokens } from "./oauth-store.js";
import { createPkce, createState } from "./pkce.js";
import { exchangeCode, revokeToken } from "./tokens.js";
import { bearerChallenge } from "./www-authenticate.js";
import type { BearerChallenge } from "./www-authenticate.js";

/** How every OAuth request of one server is sent. */
export interface OAuthNetworkOptions {
  /** The remote server's name, for messages. */
  server: string;
  /** Its MCP endpoint (the catalog's `remote.url`). */
  url: string | URL;
  /** A fetch of your own; default the SSRF-guarded fetch of remote servers. */
  fetch?: OAuthFetch;
  /** Let requests reach private, loopback and link-local addresses (`--allow-private-remotes`). */
  allowPrivateNetworks?: boolean;
  limits?: FetchLimits;
}

/** Options of {@link authorizeServer}. */
export interface AuthorizeServerOptions extends OAuthNetworkOptions {
  /** The scopes to ask for; default the challenge's, else the resource metadata's. */
  scopes?: readonly string[];
  /** Where dynamic registrations are cached, per authorization server. */
  registrations: RegistrationStore;
  preRegistered?: PreRegisteredClient;
  /** The loopback callback's port (`oauthCallbackPort()`; 0 for any free one). */
  port: number;
  /** Called once with the URL the user must open. */
  onAuthorizationUrl(url: URL): void | Promise<void>;
  /** Stops waiting for the callback. */
  signal?: AbortSignal;
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

/** A started authorization: the URL to open, and the exchange once the code is back. */
export interface AuthorizationStart {
  url: URL;
  /** The scopes asked for, when any. */
  scope?: string[];
  /** Exchanges the callback's code for tokens, ready to store. */
  finish(code: string): Promise<StoredTokens>;
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
  const client = await resolveClientIdentity(discovery.authorizationServer, {
    server: options.server,
    fetch,
    ...limitsOf(options),
    store: options.registrations,
    redirectUri: options.redirectUri,
    ...(options.preRegistered ? { preRegistered: options.preRegistered } : {}),
  });
  const pkce = createPkce();
  const scope = options.scopes && options.scopes.length > 0 ? [...options.scopes] : selectScope(challenge, discovery.protectedResource);
  const url = buildAuthorizationUrl({
    authorizationServer: discovery.authorizationServer,
    clientId: client.clientId,
    redirectUri: options.redirectUri,
    codeChallenge: pkce.challenge,
    state: options.state,
    resource: discovery.resource,
    ...(scope ? { scope } : {}),
  });
  return {
    url,
    ...(scope ? { scope } : {}),
    async finish(code) {
      const tokens = await exchangeCode(code, pkce.verifier, options.redirectUri, endpointOptions(options, fetch, discovery, client));
      return { ...tokens, ...(tokens.scope === undefined && scope ? { scope } : {}), issuer: discovery.authorizationServer.issuer, clientId: client.clientId, resource: discovery.resource.href };
    },
  };
}

/**
 * Authorizes mcpgw for a remote server and returns its tokens with their issuer, client and
 * resource, ready to store: the flow of `mcpgw oauth authorize`, with its own loopback callback.
 * @throws GatewayError from discovery, registration, the callback (`REFUSED` when the user or
 *   server declined, `CANCELLED` on `signal`) or the exchange; never with a token in it.
 * @example const tokens = await authorizeServer({ server: "notion", url, registrations, port: oauthCallbackPort(), onAuthorizationUrl: (u) => console.log(u.href) });
 */
export async function authorizeServer(options: AuthorizeServerOptions): Promise<StoredTokens> {
  return withOAuthFetch(options, async (fetch) => {
    const state = createState();
    await using callback = await startCallbackServer({ port: options.port, state });
    const started = await beginAuthorization({ ...options, redirectUri: callback.redirectUri, state }, fetch);
    await options.onAuthorizationUrl(started.url);
    return started.finish(await callback.code(options.signal));
  });
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
    const registered = await options.registrations.get(tokens.issuer);
    const client: ClientIdentity = registered?.clientId === tokens.clientId ? registered : { kind: "dynamic", clientId: tokens.clientId, authMethod: "none" };
    const endpoint = { ...endpointOptions(options, fetch, discovery, client), resource: new URL(tokens.resource) };
    if (tokens.refreshToken === undefined) return revokeToken(tokens.accessToken, "access_token", endpoint);
    if (!(await revokeToken(tokens.refreshToken, "refresh_token", endpoint))) return false;
    try {
      return await revokeToken(tokens.accessToken, "access_token", endpoint);
    } catch (error) {
      // RFC 7009 §2.2.1: a server may not revoke access tokens (self-contained JWTs); the grant
      // ended with the refresh token, and the access token runs out at its expiry.
      if (error instanceof GatewayError && (error.data as { oauthError?: unknown } | undefined)?.oauthError === "unsupported_token_type") return true;
      throw error;
    }
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

async function withOAuthFetch<T>(options: OAuthNetworkOptions, use: (fetch: OAuthFetch) => Promise<T>): Promise<T> {
  if (options.fetch) return use(options.fetch);
  if (options.allowPrivateNetworks) return use(fetch);
  const guarded = createGuardedFetch(options.server);
  try {
    return await use(guarded.fetch);
  } finally {
    guarded.close();
  }
}

function limitsOf(options: OAuthNetworkOptions): { limits?: FetchLimits } {
  return options.limits ? { limits: options.limits } : {};
}

function endpointOptions(options: OAuthNetworkOptions, fetch: OAuthFetch, discovery: OAuthDiscovery, client: ClientIdentity) {
  return { server: options.server, fetch, ...limitsOf(options), authorizationServer: discovery.authorizationServer, client, resource: discovery.resource };
}
