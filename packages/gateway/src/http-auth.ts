// How HTTP callers of the gateway authenticate: the gateway token, named static tokens and
// OAuth access tokens, from createGateway's options and environment.
import { randomBytes } from "node:crypto";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { HttpAppOptions, StaticToken } from "@mcpgw/transports";

/** The gateway as an OAuth 2.1 resource server (`--oauth-*` flags). */
export interface GatewayOAuthOptions {
  /** The authorization server's issuer identifier (`--oauth-issuer`). */
  issuer: string;
  /** The `aud` access tokens must carry; default the public URL (`--oauth-audience`). */
  audience?: string;
  /** The issuer's JWKS; default from its metadata (`--oauth-jwks-url`). */
  jwksUrl?: string;
  /** Scopes every access token must have (`--oauth-scopes`). */
  requiredScopes?: readonly string[];
}

/** What of createGateway's options decides HTTP authentication. */
export interface HttpAuthInput {
  authToken?: string | undefined;
  allowUnauthenticated?: boolean | undefined;
  oauth?: GatewayOAuthOptions | undefined;
  publicUrl?: string | undefined;
  staticTokens?: readonly StaticToken[] | undefined;
  host: string;
  port: number;
}

/**
 * The HTTP app's auth options. The gateway token is the given one (option, `MCPGW_AUTH_TOKEN`,
 * `MCP_GATEWAY_AUTH_TOKEN`); without one, a random token is made only when neither OAuth nor
 * static tokens are configured, since those callers need no owner token.
 */
export function resolveHttpAuth(input: HttpAuthInput, env: NodeJS.ProcessEnv): Pick<HttpAppOptions, "authToken" | "tokens" | "oauth"> {
  const others = input.oauth !== undefined || input.staticTokens !== undefined;
  if (input.allowUnauthenticated) {
    if (others) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "--allow-unauthenticated contradicts OAuth and static tokens: leave it out, or them");
    return { authToken: undefined };
  }
  const given = input.authToken ?? env.MCPGW_AUTH_TOKEN ?? env.MCP_GATEWAY_AUTH_TOKEN;
  const authToken = given ?? (others ? undefined : randomBytes(24).toString("base64url"));
  return {
    authToken,
    ...(input.staticTokens ? { tokens: input.staticTokens } : {}),
    ...(input.oauth ? { oauth: resourceOptions(input.oauth, input) } : {}),
  };
}

function resourceOptions(oauth: GatewayOAuthOptions, input: HttpAuthInput): NonNullable<HttpAppOptions["oauth"]> {
  if (input.publicUrl === undefined && input.port === 0) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "OAuth needs the gateway's public URL, and with port 0 it is not known in advance", {
      suggestion: "pass --public-url, or a fixed --port",
    });
  }
  const host = input.host.includes(":") && !input.host.startsWith("[") ? `[${input.host}]` : input.host;
  return {
    issuer: oauth.issuer,
    resource: input.publicUrl ?? `http://${host}:${input.port}/mcp`,
    ...(oauth.audience !== undefined ? { audience: oauth.audience } : {}),
    ...(oauth.jwksUrl !== undefined ? { jwksUrl: oauth.jwksUrl } : {}),
    ...(oauth.requiredScopes !== undefined ? { requiredScopes: [...oauth.requiredScopes] } : {}),
  };
}
