// A real remote MCP server that is an OAuth 2.1 resource server: the v1 SDK's stateless
// Streamable HTTP server at `/mcp`, behind a bearer check of JWT access tokens (signature from
// the authorization server's JWKS, issuer, audience = its own URL, scopes), serving Protected
// Resource Metadata (RFC 9728). Its one tool, `whoami`, answers the token's `sub`.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { createRemoteJWKSet, jwtVerify } from "jose";

/** Where the Protected Resource Metadata is served: RFC 9728's path-suffixed URL, the root one, or both. */
export type MetadataLocation = "path" | "root";

export interface ProtectedMcpServerOptions {
  /** The authorization server's issuer, named in the metadata and checked in tokens. */
  issuer: string;
  /** Its JWKS URL (default `${issuer}/jwks`, oidc-provider's). */
  jwksUri?: string;
  /** Scopes every request's token must carry (default `mcp:tools`); `requireScopes` changes them. */
  requiredScopes?: readonly string[];
  /** Where the metadata is served (default both). */
  metadataAt?: readonly MetadataLocation[];
  /** The `resource` the metadata claims (default the server's URL; another value plays a liar). */
  claimedResource?: string;
}

/** A running protected server. Dispose it (`await using`) to stop it. */
export interface ProtectedMcpServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: a `GatewayEndpoint` url for ./clients.ts, which adds `/mcp`. */
  readonly origin: string;
  /** The MCP endpoint and resource identifier (the tokens' audience): `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** The URL named in `WWW-Authenticate: Bearer resource_metadata="…"`. */
  readonly resourceMetadataUrl: string;
  /** Every bearer token presented to it, valid or not, in order: tests check which reached it. */
  readonly tokensSeen: readonly string[];
  /** Raises or lowers the scopes required from now on (a step-up test raises them). */
  requireScopes(scopes: readonly string[]): void;
  close(): Promise<void>;
}

const PRM_PATH = "/.well-known/oauth-protected-resource";

/** Starts the server on a free port of 127.0.0.1. */
export async function startProtectedMcpServer(options: ProtectedMcpServerOptions): Promise<ProtectedMcpServer> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri ?? `${options.issuer}/jwks`));
  const metadataAt = options.metadataAt ?? ["path", "root"];
  let requiredScopes = options.requiredScopes ?? ["mcp:tools"];
  const tokensSeen: string[] = [];
  let url = "";
  let resourceMetadataUrl = "";

  const challenge = (response: ServerResponse, status: 401 | 403, error?: string) => {
    const params = [error && `error="${error}"`, `resource_metadata="${resourceMetadataUrl}"`, `scope="${requiredScopes.join(" ")}"`].filter(Boolean);
    response.writeHead(status, { "www-authenticate": `Bearer ${params.join(", ")}`, "content-type": "application/json" }).end(JSON.stringify({ error: error ?? "unauthorized" }));
  };

  /** The request's valid token as the SDK's AuthInfo, or undefined once a challenge is sent. */
  const authenticate = async (request: IncomingMessage, response: ServerResponse): Promise<AuthInfo | undefined> => {
    const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "");
    if (!match?.[1]) return void challenge(response, 401);
    const token = match[1];
    tokensSeen.push(token);
    const verified = await jwtVerify(token, jwks, { issuer: options.issuer, audience: url, typ: "at+jwt" }).catch(() => undefined);
    if (!verified) return void challenge(response, 401, "invalid_token");
    const { payload } = verified;
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
    if (!requiredScopes.every((scope) => scopes.includes(scope))) return void challenge(response, 403, "insufficient_scope");
    return { token, clientId: String(payload.client_id ?? ""), scopes, expiresAt: payload.exp, extra: { sub: payload.sub } };
  };

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", url).pathname;
    if ((path === PRM_PATH && metadataAt.includes("root")) || (path === `${PRM_PATH}/mcp` && metadataAt.includes("path"))) {
      const metadata = { resource: options.claimedResource ?? url, authorization_servers: [options.issuer], scopes_supported: requiredScopes, bearer_methods_supported: ["header"] };
      return response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(metadata));
    }
    if (path !== "/mcp") return response.writeHead(404).end();
    const auth = await authenticate(request, response);
    if (!auth) return;
    const mcp = new McpServer({ name: "protected-remote", version: "1.0.0" });
    mcp.registerTool("whoami", { description: "answers the subject of the caller's access token" }, (extra) => ({
      content: [{ type: "text", text: String(extra.authInfo?.extra?.sub ?? "") }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => void transport.close());
    await mcp.connect(transport);
    // The SDK hands `request.auth` to tool handlers as `extra.authInfo`.
    await transport.handleRequest(Object.assign(request, { auth }), response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  url = `${origin}/mcp`;
  resourceMetadataUrl = metadataAt.includes("path") ? `${origin}${PRM_PATH}/mcp` : `${origin}${PRM_PATH}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    origin,
    url,
    resourceMetadataUrl,
    tokensSeen,
    requireScopes(scopes) {
      requiredScopes = scopes;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
