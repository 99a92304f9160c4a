// Test support (not built): one OAuth peer on 127.0.0.1 playing a protected MCP server (its 401
// challenge and RFC 9728 metadata) and its authorization server (RFC 8414 metadata, dynamic
// registration, an authorize endpoint that redirects at once with a code, a token endpoint that
// checks PKCE, the redirect URI and the resource, and rotates refresh tokens). Routes can be
// replaced per case with `peer.route`.
import { pkceChallenge } from "../connect/oauth/pkce.js";
import type { OAuthPeer, PeerAnswer, PeerRequest } from "./oauth-peer.js";
import { startOAuthPeer } from "./oauth-peer.js";

export interface AuthorizationPeerOptions {
  /** The resource metadata's `scopes_supported`. */
  scopesSupported?: string[];
  /** The authorization server's `token_endpoint_auth_methods_supported`. */
  authMethods?: string[];
}

/** A grant as the authorize endpoint received it. */
export interface PeerGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  resource: string;
  scope: string | undefined;
}

export interface AuthorizationPeer extends AsyncDisposable {
  readonly peer: OAuthPeer;
  /** The MCP endpoint, `ORIGIN/mcp`: the resource the tokens are for. */
  readonly resource: string;
  /** The authorization server's issuer: the peer's origin. */
  readonly issuer: string;
  /** The grants the authorize endpoint took, by code; each code is exchanged once. */
  readonly grants: Map<string, PeerGrant>;
  /** Issues tokens as the token endpoint would, for tokens a case stores beforehand. */
  issue(): { accessToken: string; refreshToken: string };
  /** Every access, refresh token and code it handed out, to look for where they must not be. */
  readonly secrets: string[];
}

/** Starts the peer with every route set up. */
export async function startAuthorizationPeer(options: AuthorizationPeerOptions = {}): Promise<AuthorizationPeer> {
  const peer = await startOAuthPeer();
  const issuer = peer.origin;
  const resource = `${issuer}/mcp`;
  const grants = new Map<string, PeerGrant>();
  const refreshable = new Set<string>();
  const exchanged = new Set<string>();
  const secrets: string[] = [];
  let issued = 0;

  const issue = () => {
    const n = ++issued;
    const tokens = { accessToken: `access-token-${n}-${issuer}`, refreshToken: `refresh-token-${n}-${issuer}` };
    refreshable.add(tokens.refreshToken);
    secrets.push(tokens.accessToken, tokens.refreshToken);
    return tokens;
  };
  const tokenAnswer = (scope: string | undefined): PeerAnswer => {
    const tokens = issue();
    return { json: { access_token: tokens.accessToken, token_type: "Bearer", expires_in: 3600, refresh_token: tokens.refreshToken, ...(scope ? { scope } : {}) } };
  };
  const invalid = (error: string): PeerAnswer => ({ status: 400, json: { error } });

  peer.route("POST /mcp", { status: 401, headers: { "www-authenticate": `Bearer resource_metadata="${issuer}/.well-known/oauth-protected-resource/mcp"` }, json: {} });
  peer.route("GET /.well-known/oauth-protected-resource/mcp", {
    json: { resource, authorization_servers: [issuer], ...(options.scopesSupported ? { scopes_supported: options.scopesSupported } : {}) },
  });
  peer.route("GET /.well-known/oauth-authorization-server", {
    json: {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      registration_endpoint: `${issuer}/register`,
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: options.authMethods ?? ["none"],
    },
  });
  peer.route("POST /register", (request: PeerRequest) => ({ status: 201, json: { ...(JSON.parse(request.body) as object), client_id: `client-${peer.requestsTo("/register").length}` } }));
  peer.route("GET /authorize", (request: PeerRequest) => {
    const query = new URL(request.path, issuer).searchParams;
    const code = `code-${grants.size + 1}-${issuer}`;
    secrets.push(code);
    grants.set(code, {
      clientId: query.get("client_id") ?? "",
      redirectUri: query.get("redirect_uri") ?? "",
      codeChallenge: query.get("code_challenge") ?? "",
      resource: query.get("resource") ?? "",
      scope: query.get("scope") ?? undefined,
    });
    return redirectBack(query, { code });
  });
  peer.route("POST /token", (request: PeerRequest) => {
    const sent = Object.fromEntries(new URLSearchParams(request.body));
    if (sent.resource !== resource) return invalid("invalid_target");
    if (sent.grant_type === "refresh_token") {
      // Rotation: a refresh token works once.
      if (!refreshable.delete(sent.refresh_token ?? "")) return invalid("invalid_grant");
      return tokenAnswer(undefined);
    }
    const code = sent.code ?? "";
    const grant = exchanged.has(code) ? undefined : grants.get(code);
    exchanged.add(code);
    const valid = grant && grant.clientId === clientOf(request, sent) && grant.redirectUri === sent.redirect_uri && grant.codeChallenge === pkceChallenge(sent.code_verifier ?? "") && grant.resource === resource;
    return valid ? tokenAnswer(grant.scope) : invalid("invalid_grant");
  });

  return { peer, resource, issuer, grants, issue, secrets, [Symbol.asyncDispose]: () => peer[Symbol.asyncDispose]() };
}

/** The authorize endpoint's answer: the browser goes back to the request's redirect URI with `fields` and its state. */
export function redirectBack(query: URLSearchParams, fields: Record<string, string>): PeerAnswer {
  const back = new URL(query.get("redirect_uri") ?? "");
  for (const [name, value] of Object.entries({ ...fields, state: query.get("state") ?? "" })) back.searchParams.set(name, value);
  return { status: 302, headers: { location: back.href } };
}

/** The client a token request authenticates as: HTTP Basic, else the form's `client_id`. */
function clientOf(request: PeerRequest, sent: Record<string, string>): string | undefined {
  const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  if (basic === undefined) return sent.client_id;
  return decodeURIComponent(Buffer.from(basic, "base64").toString().split(":")[0] ?? "");
}
