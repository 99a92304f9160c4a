// Finding where to authorize for a remote MCP server, as the MCP spec (2025-11-25) says: the
// Protected Resource Metadata (RFC 9728) names the authorization server, whose metadata (RFC 8414,
// else OpenID discovery) names its endpoints. Servers of the 2025-03-26 era have no resource
// metadata: their own origin is the authorization server, with default endpoint paths when it
// serves no metadata either.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { isLoopback } from "@mcpgw/runtime-kernel";
import { displayUrl } from "../remote-url.js";
import type { FetchLimits, OAuthFetch } from "./oauth-fetch.js";
import { fetchJson, isJsonObject } from "./oauth-fetch.js";
import type { BearerChallenge } from "./www-authenticate.js";

/** RFC 9728 metadata; fields the client uses, others kept. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
  [field: string]: unknown;
}

/** RFC 8414 metadata; fields the client uses, others kept. */
export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  registration_endpoint?: string;
  revocation_endpoint?: string;
  scopes_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  code_challenge_methods_supported?: string[];
  client_id_metadata_document_supported?: boolean;
  [field: string]: unknown;
}

/** Where and how to authorize for one remote server. */
export interface OAuthDiscovery {
  /** The resource indicator (RFC 8707) sent on every authorization and token request. */
  resource: URL;
  /** Absent for a 2025-03-26 server, which serves none. */
  protectedResource?: ProtectedResourceMetadata;
  authorizationServer: AuthorizationServerMetadata;
  /** `metadata`: found; `default-endpoints`: the 2025-03-26 fallback of /authorize, /token, /register. */
  source: "metadata" | "default-endpoints";
}

/** Options of {@link discoverOAuth}. */
export interface DiscoveryOptions {
  /** The server's name, for messages. */
  server: string;
  /** Every request goes through it: pass the SSRF-guarded fetch. */
  fetch: OAuthFetch;
  limits?: FetchLimits;
}

/**
 * Discovers the authorization server of the remote MCP server at `serverUrl`, from the Bearer
 * challenge of its 401 when there was one.
 *
 * @throws GatewayError `REFUSED` when the resource metadata names another resource than
 *   `serverUrl` (the flow stops before any authorization request) or the authorization server
 *   does not do PKCE with S256; `NOT_FOUND` when metadata names no authorization server.
 */
export async function discoverOAuth(serverUrl: URL, challenge: BearerChallenge | undefined, options: DiscoveryOptions): Promise<OAuthDiscovery> {
  const protectedResource = await fetchProtectedResource(serverUrl, challenge, options);
  if (!protectedResource) {
    const issuer = new URL(serverUrl.origin);
    const found = await fetchAuthorizationServer(issuer, options);
    const authorizationServer = found ?? defaultEndpoints(issuer);
    return { resource: canonicalResource(serverUrl), authorizationServer, source: found ? "metadata" : "default-endpoints" };
  }
  const issuer = protectedResource.authorization_servers?.[0];
  if (issuer === undefined || !URL.canParse(issuer)) {
    throw new GatewayError(ErrorCode.NOT_FOUND, `remote server "${options.server}": its protected resource metadata names no authorization server`, { data: { server: options.server } });
  }
  const authorizationServer = await fetchAuthorizationServer(new URL(issuer), options);
  if (!authorizationServer) {
    throw new GatewayError(ErrorCode.NOT_FOUND, `remote server "${options.server}": no metadata found for its authorization server ${displayUrl(new URL(issuer))}`, {
      data: { server: options.server, issuer },
    });
  }
  return { resource: new URL(protectedResource.resource), protectedResource, authorizationServer, source: "metadata" };
}

/**
 * The metadata of the authorization server `issuer` (RFC 8414, then OpenID discovery), or its
 * 2025-03-26 default endpoints when it serves none: what a refresh needs, given stored tokens.
 */
export async function issuerMetadata(issuer: URL, options: DiscoveryOptions): Promise<AuthorizationServerMetadata> {
  return (await servedIssuerMetadata(issuer, options)) ?? defaultEndpoints(issuer);
}

/** The metadata the authorization server `issuer` serves (RFC 8414, then OpenID discovery), or `undefined` when it serves none. */
export function servedIssuerMetadata(issuer: URL, options: DiscoveryOptions): Promise<AuthorizationServerMetadata | undefined> {
  return fetchAuthorizationServer(issuer, options);
}

/** The URLs to try for a server's RFC 9728 metadata: the challenge's, else path-suffixed then root well-known. */
export function protectedResourceMetadataUrls(serverUrl: URL, challenge?: BearerChallenge): URL[] {
  if (challenge?.resourceMetadata !== undefined && URL.canParse(challenge.resourceMetadata)) return [new URL(challenge.resourceMetadata)];
  const path = serverUrl.pathname.replace(/\/$/, "");
  const root = new URL("/.well-known/oauth-protected-resource", serverUrl.origin);
  return path === "" ? [root] : [new URL(`/.well-known/oauth-protected-resource${path}`, serverUrl.origin), root];
}

/**
 * The URLs to try for an issuer's metadata, in the MCP spec's order: RFC 8414 with the path
 * inserted, OpenID discovery inserted, OpenID appended (the two last are one without a path).
 */
export function authorizationServerMetadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname.replace(/\/$/, "");
  const at = (p: string) => new URL(p, issuer.origin);
  if (path === "") return [at("/.well-known/oauth-authorization-server"), at("/.well-known/openid-configuration")];
  return [at(`/.well-known/oauth-authorization-server${path}`), at(`/.well-known/openid-configuration${path}`), at(`${path}/.well-known/openid-configuration`)];
}

/**
 * Whether resource metadata naming `resource` may be used for the server at `serverUrl`: the
 * same origin and `resource`'s path equal to, or a parent of, the server's path (the MCP spec's
 * canonical URI may be the less specific one).
 */
export function resourceMatches(resource: string, serverUrl: URL): boolean {
  if (!URL.canParse(resource)) return false;
  const named = new URL(resource);
  if (named.origin !== serverUrl.origin) return false;
  const parent = named.pathname.replace(/\/$/, "");
  const path = serverUrl.pathname.replace(/\/$/, "");
  return path === parent || path.startsWith(`${parent}/`);
}

async function fetchProtectedResource(serverUrl: URL, challenge: BearerChallenge | undefined, options: DiscoveryOptions): Promise<ProtectedResourceMetadata | undefined> {
  for (const url of protectedResourceMetadataUrls(serverUrl, challenge)) {
    const body = await fetchMetadata(url, "protected resource metadata", options);
    if (body === undefined) continue;
    if (typeof body.resource !== "string" || !resourceMatches(body.resource, serverUrl)) {
      throw new GatewayError(
        ErrorCode.REFUSED,
        `remote server "${options.server}": its protected resource metadata (${displayUrl(url)}) is for another resource than ${displayUrl(serverUrl)}; authorization stopped`,
        { data: { server: options.server, metadataUrl: displayUrl(url), resource: typeof body.resource === "string" ? body.resource : null } },
      );
    }
    return body as ProtectedResourceMetadata;
  }
  return undefined;
}

async function fetchAuthorizationServer(issuer: URL, options: DiscoveryOptions): Promise<AuthorizationServerMetadata | undefined> {
  for (const url of authorizationServerMetadataUrls(issuer)) {
    const body = await fetchMetadata(url, "authorization server metadata", options);
    if (body === undefined) continue;
    return checkedAuthorizationServer(body, issuer, url, options.server);
  }
  return undefined;
}

function checkedAuthorizationServer(body: Record<string, unknown>, issuer: URL, url: URL, server: string): AuthorizationServerMetadata {
  const refuse = (why: string) =>
    new GatewayError(ErrorCode.REFUSED, `remote server "${server}": the authorization server metadata at ${displayUrl(url)} ${why}`, { data: { server, metadataUrl: displayUrl(url) } });
  // RFC 8414 §3.3: a document that names another issuer could send us to another's endpoints.
  if (typeof body.issuer !== "string" || body.issuer.replace(/\/$/, "") !== issuer.href.replace(/\/$/, "")) throw refuse(`names another issuer than ${issuer.href}`);
  for (const field of ["authorization_endpoint", "token_endpoint"] as const) {
    if (typeof body[field] !== "string" || !URL.canParse(body[field])) throw refuse(`has no ${field} URL`);
  }
  // Codes, secrets and tokens travel to these endpoints: https only, plain http to loopback aside.
  for (const field of ["authorization_endpoint", "token_endpoint", "registration_endpoint", "revocation_endpoint"] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== "string" || !URL.canParse(value) || !isSecureEndpoint(new URL(value))) throw refuse(`gives a ${field} that is not an https URL`);
  }
  const methods = body.code_challenge_methods_supported;
  if (!Array.isArray(methods) || !methods.includes("S256")) throw refuse("does not list S256 in code_challenge_methods_supported (PKCE is required)");
  return body as AuthorizationServerMetadata;
}

/** The metadata object at `url`, or `undefined` when it answers no JSON object (404 and other failures: try the next URL). */
async function fetchMetadata(url: URL, what: string, options: DiscoveryOptions): Promise<Record<string, unknown> | undefined> {
  try {
    const reply = await fetchJson(options.fetch, url, { method: "GET" }, `${what} request to ${displayUrl(url)}`, options.limits);
    return reply.ok && isJsonObject(reply.body) ? reply.body : undefined;
  } catch (error) {
    // An SSRF refusal stops discovery; a peer that does not answer is one URL less to try.
    if (error instanceof GatewayError && error.code === ErrorCode.REFUSED) throw error;
    return undefined;
  }
}

function isSecureEndpoint(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
}

function defaultEndpoints(issuer: URL): AuthorizationServerMetadata {
  const at = (path: string) => new URL(path, issuer).href;
  return { issuer: issuer.href, authorization_endpoint: at("/authorize"), token_endpoint: at("/token"), registration_endpoint: at("/register"), code_challenge_methods_supported: ["S256"] };
}

/** The server URL as a resource indicator: no fragment (RFC 8707 §2). */
function canonicalResource(serverUrl: URL): URL {
  const url = new URL(serverUrl.href);
  url.hash = "";
  return url;
}
