// The authorization code flow once the authorization server is known, shared by remote servers
// (their authorization server found by discovery from their URL) and the OAuth providers of
// container and process servers (named by an issuer): the client identity, PKCE, the
// authorization URL and the exchange; the loopback callback that brings the code; revocation of
// what was issued; and the fetch every request of a flow goes through.
import { GatewayError } from "@mcpgw/core";
import { createGuardedFetch } from "../guarded-fetch.js";
import { buildAuthorizationUrl, startCallbackServer } from "./authorization.js";
import type { PreRegisteredClient, RegistrationStore } from "./client-registration.js";
import { resolveClientIdentity } from "./client-registration.js";
import type { AuthorizationServerMetadata } from "./discovery.js";
import type { FetchLimits, OAuthFetch } from "./oauth-fetch.js";
import type { StoredTokens } from "./oauth-store.js";
import { createPkce, createState } from "./pkce.js";
import type { TokenEndpointOptions } from "./tokens.js";
import { exchangeCode, revokeToken } from "./tokens.js";

/** How every OAuth request of one flow is sent. */
export interface OAuthFetchOptions {
  /** The server's name, for messages and the SSRF guard. */
  server: string;
  /** A fetch of your own; default the SSRF-guarded fetch of remote servers. */
  fetch?: OAuthFetch;
  /** Let requests reach private, loopback and link-local addresses (`--allow-private-remotes`). */
  allowPrivateNetworks?: boolean;
  limits?: FetchLimits;
}

/** Where a code flow goes. */
export interface CodeFlowTarget {
  authorizationServer: AuthorizationServerMetadata;
  /** The resource indicator (a remote server's); absent for a provider, and then never sent. */
  resource?: URL;
  /** The scopes to ask for, when any. */
  scope?: string[];
}

/** Who runs a code flow, and where the browser comes back. */
export interface CodeFlowOptions {
  /** The server's name, for messages. */
  server: string;
  limits?: FetchLimits;
  /** Where dynamic registrations are cached, per authorization server. */
  registrations: RegistrationStore;
  preRegistered?: PreRegisteredClient;
  /** Where the browser returns with the code: a loopback callback or the gateway's public one. */
  redirectUri: string;
  /** The `state` the callback must carry. */
  state: string;
}

/** A started authorization: the URL to open, and the exchange once the code is back. */
export interface AuthorizationStart {
  url: URL;
  /** The scopes asked for, when any. */
  scope?: string[];
  /** Exchanges the callback's code for tokens, ready to store. */
  finish(code: string): Promise<StoredTokens>;
}

/** What waits for the code on 127.0.0.1: the callback port and what the user is shown. */
export interface LoopbackOptions {
  /** The loopback callback's port (`oauthCallbackPort()`; 0 for any free one). */
  port: number;
  /** Called once with the URL the user must open. */
  onAuthorizationUrl(url: URL): void | Promise<void>;
  /** Stops waiting for the callback. */
  signal?: AbortSignal;
}

/**
 * Resolves the client identity (pre-registered, else a cached or new dynamic registration) and
 * builds the authorization URL with PKCE; `finish` exchanges the code for tokens that name their
 * issuer, client and resource.
 * @throws GatewayError from registration; never with a secret in it.
 */
export async function startCodeFlow(target: CodeFlowTarget, options: CodeFlowOptions, fetch: OAuthFetch): Promise<AuthorizationStart> {
  const { authorizationServer, resource, scope } = target;
  const client = await resolveClientIdentity(authorizationServer, {
    server: options.server,
    fetch,
    ...limitsOf(options),
    store: options.registrations,
    redirectUri: options.redirectUri,
    ...(options.preRegistered ? { preRegistered: options.preRegistered } : {}),
  });
  const pkce = createPkce();
  const url = buildAuthorizationUrl({
    authorizationServer,
    clientId: client.clientId,
    redirectUri: options.redirectUri,
    codeChallenge: pkce.challenge,
    state: options.state,
    ...(resource ? { resource } : {}),
    ...(scope ? { scope } : {}),
  });
  return {
    url,
    ...(scope ? { scope } : {}),
    async finish(code) {
      const endpoint = { server: options.server, fetch, ...limitsOf(options), authorizationServer, client, ...(resource ? { resource } : {}) };
      const tokens = await exchangeCode(code, pkce.verifier, options.redirectUri, endpoint);
      return {
        ...tokens,
        ...(tokens.scope === undefined && scope ? { scope } : {}),
        issuer: authorizationServer.issuer,
        clientId: client.clientId,
        ...(resource ? { resource: resource.href } : {}),
      };
    },
  };
}

/**
 * Runs a flow whose callback is a loopback server of its own: starts it, lets `begin` build the
 * authorization for its redirect URI and state, shows the URL, and finishes with the code.
 * @throws GatewayError `REFUSED` when the user or server declined, `CANCELLED` on `signal`.
 */
export async function authorizeOnLoopback(options: LoopbackOptions, begin: (redirectUri: string, state: string) => Promise<AuthorizationStart>): Promise<StoredTokens> {
  const state = createState();
  await using callback = await startCallbackServer({ port: options.port, state });
  const started = await begin(callback.redirectUri, state);
  await options.onAuthorizationUrl(started.url);
  return started.finish(await callback.code(options.signal));
}

/**
 * Revokes stored tokens at the revocation endpoint: the refresh token (which ends the grant),
 * then the access token, which a server may decline to revoke (`unsupported_token_type`: it then
 * lives until it expires). Returns whether the server has such an endpoint.
 * @throws GatewayError when the server refuses a revocation.
 */
export async function revokeGrant(tokens: StoredTokens, endpoint: Omit<TokenEndpointOptions, "now">): Promise<boolean> {
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
}

/** Runs `use` with the flow's fetch: the given one, the plain one for private networks, else a guarded one closed afterwards. */
export async function withOAuthFetch<T>(options: OAuthFetchOptions, use: (fetch: OAuthFetch) => Promise<T>): Promise<T> {
  if (options.fetch) return use(options.fetch);
  if (options.allowPrivateNetworks) return use(fetch);
  const guarded = createGuardedFetch(options.server);
  try {
    return await use(guarded.fetch);
  } finally {
    guarded.close();
  }
}

/** `{ limits }` when there are any, to spread into options. */
export function limitsOf(options: { limits?: FetchLimits }): { limits?: FetchLimits } {
  return options.limits ? { limits: options.limits } : {};
}
