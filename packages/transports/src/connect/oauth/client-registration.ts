// Who we are to an authorization server, in the MCP spec's order of preference: a client the
// user registered beforehand; a Client ID Metadata Document (an https URL we host) when the
// server supports them; else Dynamic Client Registration (RFC 7591), remembered per server.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { displayUrl } from "../remote-url.js";
import type { AuthorizationServerMetadata } from "./discovery.js";
import type { FetchLimits, OAuthFetch } from "./oauth-fetch.js";
import { fetchJson, isJsonObject } from "./oauth-fetch.js";
import { oauthErrorText } from "./oauth-errors.js";

/** How the client authenticates at the token endpoint. */
export type ClientAuthMethod = "none" | "client_secret_basic" | "client_secret_post";

/** A client the user registered with the authorization server beforehand (catalog or config). */
export interface PreRegisteredClient {
  clientId: string;
  clientSecret?: string;
}

/** The client identity the flow uses. */
export interface ClientIdentity {
  /** `pre-registered`, `metadata-document` (client_id is its URL) or `dynamic` (RFC 7591). */
  kind: "pre-registered" | "metadata-document" | "dynamic";
  clientId: string;
  clientSecret?: string;
  authMethod: ClientAuthMethod;
  /** The redirect URIs registered (dynamic registrations only). */
  redirectUris?: string[];
  /** When the secret expires, ms since the epoch (`client_secret_expires_at`; absent: never). */
  secretExpiresAt?: number;
}

/** Dynamic registrations, kept per authorization server (its issuer). */
export interface RegistrationStore {
  get(issuer: string): Promise<ClientIdentity | undefined>;
  set(issuer: string, identity: ClientIdentity): Promise<void>;
  delete(issuer: string): Promise<void>;
}

/** A {@link RegistrationStore} in memory, for one process. */
export function createMemoryRegistrationStore(): RegistrationStore {
  const entries = new Map<string, ClientIdentity>();
  return {
    get: async (issuer) => entries.get(issuer),
    set: async (issuer, identity) => void entries.set(issuer, identity),
    delete: async (issuer) => void entries.delete(issuer),
  };
}

/** Options of {@link resolveClientIdentity}. */
export interface ClientRegistrationOptions {
  /** The remote server's name, for messages. */
  server: string;
  fetch: OAuthFetch;
  limits?: FetchLimits;
  store: RegistrationStore;
  /** The redirect URI of this flow (the loopback callback, or the gateway's public one). */
  redirectUri: string;
  preRegistered?: PreRegisteredClient;
  /** The https URL of our Client ID Metadata Document, when we host one. */
  metadataDocumentUrl?: string;
  /** `client_name` sent when registering; default "mcpgw". */
  clientName?: string;
  /** Default `Date.now`. */
  now?: () => number;
}

/**
 * The client identity to use with `authorizationServer`: pre-registered, else a metadata
 * document when it advertises `client_id_metadata_document_supported` and we have one, else a
 * cached dynamic registration for this redirect URI, else a new one (then cached).
 *
 * @throws GatewayError `UNSUPPORTED` when none is possible (no registration endpoint), `REFUSED`
 *   when registration is refused; messages never hold a secret.
 */
export async function resolveClientIdentity(authorizationServer: AuthorizationServerMetadata, options: ClientRegistrationOptions): Promise<ClientIdentity> {
  const supported = authorizationServer.token_endpoint_auth_methods_supported;
  if (options.preRegistered) return preRegisteredIdentity(options.preRegistered, supported);
  if (authorizationServer.client_id_metadata_document_supported === true && options.metadataDocumentUrl !== undefined) {
    return { kind: "metadata-document", clientId: options.metadataDocumentUrl, authMethod: "none" };
  }
  const now = options.now ?? Date.now;
  const cached = await options.store.get(authorizationServer.issuer);
  if (cached && cached.redirectUris?.includes(options.redirectUri) && (cached.secretExpiresAt === undefined || cached.secretExpiresAt > now())) return cached;
  const registered = await register(authorizationServer, options);
  await options.store.set(authorizationServer.issuer, registered);
  return registered;
}

/**
 * The client that stored tokens were issued to, for their refresh and revocation: the
 * pre-registered one when it is that client (its secret authenticates), else the cached dynamic
 * registration when it is, else a public client of that id.
 */
export async function clientOfTokens(
  tokens: { issuer: string; clientId: string },
  registrations: RegistrationStore,
  preRegistered: PreRegisteredClient | undefined,
  supported: readonly string[] | undefined,
): Promise<ClientIdentity> {
  if (preRegistered?.clientId === tokens.clientId) return preRegisteredIdentity(preRegistered, supported);
  const registered = await registrations.get(tokens.issuer);
  return registered?.clientId === tokens.clientId ? registered : { kind: "dynamic", clientId: tokens.clientId, authMethod: "none" };
}

/**
 * The token endpoint auth method for a client: `none` for a public one, else
 * `client_secret_basic` (RFC 8414's default when the server lists none) before
 * `client_secret_post`.
 */
export function chooseAuthMethod(supported: readonly string[] | undefined, hasSecret: boolean): ClientAuthMethod {
  if (!hasSecret) return "none";
  if (supported === undefined || supported.includes("client_secret_basic")) return "client_secret_basic";
  if (supported.includes("client_secret_post")) return "client_secret_post";
  return "client_secret_basic";
}

function preRegisteredIdentity({ clientId, clientSecret }: PreRegisteredClient, supported: readonly string[] | undefined): ClientIdentity {
  return { kind: "pre-registered", clientId, ...(clientSecret !== undefined ? { clientSecret } : {}), authMethod: chooseAuthMethod(supported, clientSecret !== undefined) };
}

/** The method to ask for when registering: `none` preferred (we are a public client). */
function registrationAuthMethod(supported: readonly string[] | undefined): ClientAuthMethod {
  if (supported === undefined || supported.includes("none")) return "none";
  if (supported.includes("client_secret_basic")) return "client_secret_basic";
  if (supported.includes("client_secret_post")) return "client_secret_post";
  return "none";
}

async function register(authorizationServer: AuthorizationServerMetadata, options: ClientRegistrationOptions): Promise<ClientIdentity> {
  const endpoint = authorizationServer.registration_endpoint;
  if (endpoint === undefined || !URL.canParse(endpoint)) {
    throw new GatewayError(ErrorCode.UNSUPPORTED, `remote server "${options.server}": its authorization server ${authorizationServer.issuer} offers no dynamic client registration`, {
      data: { server: options.server, issuer: authorizationServer.issuer },
      suggestion: "register a client with that authorization server and configure its client id (and secret, if it has one)",
    });
  }
  const url = new URL(endpoint);
  const requested = registrationAuthMethod(authorizationServer.token_endpoint_auth_methods_supported);
  const metadata = {
    client_name: options.clientName ?? "mcpgw",
    redirect_uris: [options.redirectUri],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: requested,
  };
  const what = `client registration at ${displayUrl(url)}`;
  const reply = await fetchJson(options.fetch, url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(metadata) }, what, options.limits);
  const body = isJsonObject(reply.body) ? reply.body : {};
  if (!reply.ok || typeof body.client_id !== "string" || body.client_id === "") {
    throw new GatewayError(ErrorCode.REFUSED, `remote server "${options.server}": ${what} failed: ${reply.ok ? "the answer has no client_id" : oauthErrorText(reply.status, body, [])}`, {
      data: { server: options.server, status: reply.status },
    });
  }
  const secret = typeof body.client_secret === "string" && body.client_secret !== "" ? body.client_secret : undefined;
  const method = body.token_endpoint_auth_method;
  const authMethod: ClientAuthMethod = method === "none" || method === "client_secret_basic" || method === "client_secret_post" ? method : secret === undefined ? "none" : requested === "none" ? "client_secret_basic" : requested;
  const expires = typeof body.client_secret_expires_at === "number" && body.client_secret_expires_at > 0 ? body.client_secret_expires_at * 1000 : undefined;
  return {
    kind: "dynamic",
    clientId: body.client_id,
    ...(secret !== undefined ? { clientSecret: secret } : {}),
    authMethod,
    redirectUris: Array.isArray(body.redirect_uris) ? body.redirect_uris.filter((u): u is string => typeof u === "string") : [options.redirectUri],
    ...(expires !== undefined ? { secretExpiresAt: expires } : {}),
  };
}
