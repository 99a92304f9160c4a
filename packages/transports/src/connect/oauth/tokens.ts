// The token endpoint (RFC 6749 §4.1.3, §6) and the revocation endpoint (RFC 7009): every request
// names the resource (RFC 8707) when there is one (a remote server's tokens always have one; an
// OAuth provider's, for a container server, none) and authenticates the client as its identity says. Token values
// appear in no message: an error names the endpoint, the HTTP status and the server's error code.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { displayUrl } from "../remote-url.js";
import type { ClientIdentity } from "./client-registration.js";
import type { AuthorizationServerMetadata } from "./discovery.js";
import type { FetchLimits, OAuthFetch } from "./oauth-fetch.js";
import { fetchJson, isJsonObject } from "./oauth-fetch.js";
import { blank, oauthErrorText } from "./oauth-errors.js";

/** Tokens for one remote server. */
export interface TokenSet {
  accessToken: string;
  /** `Bearer` unless the server said otherwise. */
  tokenType: string;
  refreshToken?: string;
  /** When the access token expires, ms since the epoch; absent when the server did not say. */
  expiresAt?: number;
  /** When the tokens were issued, ms since the epoch: with `expiresAt`, their lifetime. */
  issuedAt?: number;
  /** The scopes granted, when the server said. */
  scope?: string[];
}

/** What every token request needs. */
export interface TokenEndpointOptions {
  /** The remote server's name, for messages. */
  server: string;
  fetch: OAuthFetch;
  limits?: FetchLimits;
  authorizationServer: AuthorizationServerMetadata;
  client: ClientIdentity;
  /** The resource indicator sent with every request; absent for a provider's tokens: no `resource` is sent then. */
  resource?: URL;
  /** Default `Date.now`. */
  now?: () => number;
}

/**
 * Exchanges an authorization code (with its PKCE verifier) for tokens.
 * @throws GatewayError `REFUSED` when the server refuses (its `error` in `data.oauthError`).
 */
export async function exchangeCode(code: string, codeVerifier: string, redirectUri: string, options: TokenEndpointOptions): Promise<TokenSet> {
  const params = new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: redirectUri });
  return tokenRequest(params, [code, codeVerifier], options, undefined);
}

/**
 * Refreshes the tokens. A server that rotates refresh tokens sends a new one; otherwise the old
 * one is kept. `scope` narrows the request (default: what was granted).
 * @throws GatewayError `REFUSED` when refused: `data.oauthError` `invalid_grant` means the
 *   user has to authorize again.
 */
export async function refreshTokens(refreshToken: string, options: TokenEndpointOptions, scope?: readonly string[]): Promise<TokenSet> {
  const params = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken });
  if (scope && scope.length > 0) params.set("scope", scope.join(" "));
  return tokenRequest(params, [refreshToken], options, refreshToken);
}

/**
 * Revokes a token (RFC 7009) when the authorization server has a revocation endpoint; returns
 * whether it did. A server that does not know the token answers 200, which counts as revoked.
 * @throws GatewayError `REFUSED` when the server refuses.
 */
export async function revokeToken(token: string, hint: "access_token" | "refresh_token", options: Omit<TokenEndpointOptions, "now">): Promise<boolean> {
  const endpoint = options.authorizationServer.revocation_endpoint;
  if (endpoint === undefined || !URL.canParse(endpoint)) return false;
  const params = new URLSearchParams({ token, token_type_hint: hint });
  const reply = await post(new URL(endpoint), params, [token], options, "revocation request");
  if (!reply.ok) throw refused(reply, "revocation request", [token], options);
  return true;
}

/** Whether `tokens` expire within `marginMs` (default 60 s) of `now`: time to refresh. */
export function expiresSoon(tokens: TokenSet, now: number = Date.now(), marginMs = refreshMargin(tokens)): boolean {
  return tokens.expiresAt !== undefined && tokens.expiresAt - marginMs <= now;
}

/** How long before expiry tokens are refreshed: a minute, or a tenth of a shorter lifetime. */
export function refreshMargin(tokens: TokenSet): number {
  if (tokens.expiresAt === undefined || tokens.issuedAt === undefined) return 60_000;
  return Math.min(60_000, Math.max(0, tokens.expiresAt - tokens.issuedAt) / 10);
}

async function tokenRequest(params: URLSearchParams, secrets: string[], options: TokenEndpointOptions, previousRefresh: string | undefined): Promise<TokenSet> {
  const what = "token request";
  const reply = await post(new URL(options.authorizationServer.token_endpoint), params, secrets, options, what);
  if (!reply.ok) throw refused(reply, what, secrets, options);
  const body = isJsonObject(reply.body) ? reply.body : {};
  if (typeof body.access_token !== "string" || body.access_token === "") throw failure(`the ${what} to ${endpointOf(options)} answered no access_token`, options, reply.status);
  const tokenType = typeof body.token_type === "string" ? body.token_type : "Bearer";
  if (tokenType.toLowerCase() !== "bearer") throw failure(`the ${what} to ${endpointOf(options)} answered a ${tokenType} token; only Bearer tokens are supported`, options, reply.status);
  const now = (options.now ?? Date.now)();
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : typeof body.expires_in === "string" ? Number(body.expires_in) : undefined;
  const refreshToken = typeof body.refresh_token === "string" && body.refresh_token !== "" ? body.refresh_token : previousRefresh;
  const scope = typeof body.scope === "string" ? body.scope.split(/\s+/).filter((s) => s !== "") : undefined;
  return {
    accessToken: body.access_token,
    tokenType: "Bearer",
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(expiresIn !== undefined && Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: now + expiresIn * 1000, issuedAt: now } : {}),
    ...(scope !== undefined ? { scope } : {}),
  };
}

/** POSTs a form with the resource and the client's authentication. */
async function post(url: URL, params: URLSearchParams, secrets: readonly string[], options: Omit<TokenEndpointOptions, "now">, what: string) {
  const { client } = options;
  if (options.resource) params.set("resource", options.resource.href);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (client.authMethod === "client_secret_basic" && client.clientSecret !== undefined) {
    // RFC 6749 §2.3.1: both parts form-urlencoded before Base64.
    headers.authorization = `Basic ${Buffer.from(`${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`).toString("base64")}`;
  } else {
    params.set("client_id", client.clientId);
    if (client.authMethod === "client_secret_post" && client.clientSecret !== undefined) params.set("client_secret", client.clientSecret);
  }
  try {
    return await fetchJson(options.fetch, url, { method: "POST", headers, body: params.toString() }, `${what} to ${displayUrl(url)}`, options.limits);
  } catch (error) {
    // A fetch error's text comes from elsewhere: keep it, but never with a secret in it.
    if (error instanceof GatewayError) {
      const all = [...secrets, client.clientSecret];
      if (blank(error.message, all) === error.message) throw error;
      throw new GatewayError(error.code, blank(error.message, all), { data: error.data, ...(error.suggestion !== undefined ? { suggestion: error.suggestion } : {}) });
    }
    throw error;
  }
}

function refused(reply: { status: number; body: unknown }, what: string, secrets: readonly string[], options: Omit<TokenEndpointOptions, "now">): GatewayError {
  const body = isJsonObject(reply.body) ? reply.body : {};
  const oauthError = typeof body.error === "string" ? body.error : undefined;
  return new GatewayError(
    ErrorCode.REFUSED,
    `remote server "${options.server}": the ${what} to ${endpointOf(options, what)} was refused: ${oauthErrorText(reply.status, body, [...secrets, options.client.clientSecret])}`,
    {
      data: { server: options.server, status: reply.status, ...(oauthError !== undefined ? { oauthError: blank(oauthError, secrets) } : {}) },
      ...(oauthError === "invalid_grant" ? { suggestion: `authorize again: mcpgw oauth authorize ${options.server}` } : {}),
    },
  );
}

function failure(message: string, options: Omit<TokenEndpointOptions, "now">, status: number): GatewayError {
  return new GatewayError(ErrorCode.SERVER_START_FAILED, `remote server "${options.server}": ${message}`, { data: { server: options.server, status } });
}

function endpointOf(options: Omit<TokenEndpointOptions, "now">, what = "token request"): string {
  const endpoint = what === "revocation request" ? options.authorizationServer.revocation_endpoint : options.authorizationServer.token_endpoint;
  return endpoint !== undefined && URL.canParse(endpoint) ? displayUrl(new URL(endpoint)) : "the authorization server";
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}
