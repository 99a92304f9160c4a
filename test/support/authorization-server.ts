// A real OAuth 2.1 authorization server for tests: oidc-provider on 127.0.0.1, with open Dynamic
// Client Registration (RFC 7591), PKCE S256, resource indicators (RFC 8707) minting JWT access
// tokens whose `aud` is the resource, refresh tokens, revocation, RFC 8414 metadata and its own
// development login and consent pages (played by ./browser.ts).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import type { ClientMetadata, Configuration } from "oidc-provider";

/** The one account the provider knows; its dev login page accepts any password. */
export const TEST_USER = "alice";

export interface AuthorizationServerOptions {
  /** Access token lifetime in seconds (default 300); a few seconds lets a test see expiry. */
  accessTokenTtlSeconds?: number;
  /** Scopes a resource server may be granted (default `mcp:tools` and `mcp:admin`). */
  resourceScopes?: readonly string[];
  /** Clients registered beforehand (oidc-provider's client metadata: client_id, client_secret, redirect_uris, …). */
  clients?: readonly ClientMetadata[];
}

/** A running authorization server. Dispose it (`await using`) to stop it. */
export interface AuthorizationServer extends AsyncDisposable {
  /** Its issuer identifier, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly issuer: string;
  /** Its JWKS URL, for resource servers that validate its access tokens. */
  readonly jwksUri: string;
  /** The scopes a resource server may be granted. */
  readonly resourceScopes: readonly string[];
  /** The provider itself, for tests that need its events (`provider.on("grant.success", …)`). */
  readonly provider: Provider;
  close(): Promise<void>;
}

const DEFAULT_RESOURCE_SCOPES = ["mcp:tools", "mcp:admin"];

/** Starts oidc-provider on a free port of 127.0.0.1. */
export async function startAuthorizationServer(options: AuthorizationServerOptions = {}): Promise<AuthorizationServer> {
  const accessTokenTTL = options.accessTokenTtlSeconds ?? 300;
  const resourceScopes = options.resourceScopes ?? DEFAULT_RESOURCE_SCOPES;
  // The issuer must be known before the provider exists: listen first, then route to it.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, { ...configuration(accessTokenTTL, resourceScopes), clients: [...(options.clients ?? [])] });
  server.on("request", provider.callback());
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { issuer, jwksUri: `${issuer}/jwks`, resourceScopes, provider, close, [Symbol.asyncDispose]: close };
}

function configuration(accessTokenTTL: number, resourceScopes: readonly string[]): Configuration {
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  return {
    jwks: { keys: [{ ...signingKey, kid: "test-as-key", alg: "RS256", use: "sig" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    scopes: ["openid", "offline_access", ...resourceScopes],
    clients: [],
    findAccount: (_ctx, sub) => (sub === TEST_USER ? { accountId: sub, claims: () => ({ sub }) } : undefined),
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: true },
      // A client revokes only its own tokens.
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      resourceIndicators: {
        enabled: true,
        // Any resource on the test's loopback is a resource server of ours.
        getResourceServerInfo: (_ctx, resource) => ({
          scope: resourceScopes.join(" "),
          audience: resource,
          accessTokenTTL,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "RS256" } },
        }),
        // A refresh or code exchange without `resource` still targets the granted one.
        useGrantedResource: () => true,
      },
    },
    pkce: { required: () => true },
    // Explicit lifetimes: the provider warns about each default it falls back to.
    ttl: { AccessToken: accessTokenTTL, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600, RefreshToken: 3600 },
    // Our clients always get a refresh token, with or without `offline_access`.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
  };
}
