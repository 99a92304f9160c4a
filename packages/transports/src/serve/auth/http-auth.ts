// Who is calling: the middleware every MCP route runs after the Host and Origin checks. In this
// order: the gateway token (the owner, no principal), the named static tokens, then an OAuth
// access token (when OAuth is configured).
import type { Logger, Principal } from "@mcpgw/core";
import { ErrorCode, GatewayError, definedOnly } from "@mcpgw/core";
import type { MiddlewareHandler } from "hono";
import { HTTP_ERROR_CODES, httpError } from "../http-errors.js";
import { HTTP_STATUS } from "../http-status.js";
import type { AccessTokenVerifier } from "./access-token-verifier.js";
import { createAccessTokenVerifier } from "./access-token-verifier.js";
import { HashedSecret, isSendableToken, readBearerToken } from "./bearer.js";
import type { ChallengeContext } from "./challenge.js";
import { insufficientScope, unauthorized } from "./challenge.js";
import type { OAuthResourceOptions } from "./oauth-options.js";
import { checkOAuthOptions } from "./oauth-options.js";
import type { ProtectedResourceMetadata } from "./resource-metadata.js";
import { protectedResourceMetadata, protectedResourceMetadataPaths, protectedResourceMetadataUrl } from "./resource-metadata.js";
import type { StaticToken } from "./static-tokens.js";
import { createStaticTokenTable } from "./static-tokens.js";

/** How callers of the HTTP app prove who they are. */
export interface HttpAuthOptions {
  /** The single gateway token; its holder is the owner. */
  gatewayToken: string | undefined;
  tokens?: readonly StaticToken[] | undefined;
  oauth?: OAuthResourceOptions | undefined;
  /** Passed to the access-token verifier (tests shorten the key-refetch cooldown). */
  verifier?: { jwksCooldownMs?: number; clockToleranceSeconds?: number };
  logger: Logger;
}

/** Variables the auth guard leaves for the routes. */
export interface AuthVariables {
  /** Who the caller proved to be; absent for the owner (gateway token, or no authentication). */
  principal?: Principal;
}

/** Who a request's bearer token says the caller is, or the answer that refuses it. */
export type Authentication = { ok: true; principal?: Principal } | { ok: false; response: Response };

/** What {@link createHttpAuth} makes. */
export interface HttpAuth {
  /** The guard of the MCP routes; `undefined` when nothing is configured (unauthenticated). */
  guard: MiddlewareHandler<{ Variables: AuthVariables }> | undefined;
  /** The same check on a bare `Authorization` header, for routes served without Hono; `undefined` when unauthenticated. */
  authenticate: ((authorization: string | undefined) => Promise<Authentication>) | undefined;
  /** The RFC 9728 document and the paths it is served at, when OAuth is configured. */
  metadata: { paths: string[]; document: ProtectedResourceMetadata } | undefined;
}

/**
 * Builds the guard. Authentication is off only when there is no gateway token, no static
 * tokens (not even an empty list) and no OAuth. Configuration problems throw
 * `INVALID_ARGUMENT` before anything is served.
 */
export function createHttpAuth(options: HttpAuthOptions): HttpAuth {
  const { gatewayToken, tokens, oauth, logger } = options;
  if (gatewayToken !== undefined && !isSendableToken(gatewayToken)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "the HTTP auth token is empty or contains whitespace; set another, or leave it out to allow unauthenticated access", {
      suggestion: "set MCP_GATEWAY_AUTH_TOKEN, or pass --allow-unauthenticated",
    });
  }
  if (gatewayToken === undefined && tokens === undefined && oauth === undefined) return { guard: undefined, authenticate: undefined, metadata: undefined };
  if (oauth) checkOAuthOptions(oauth);

  const owner = gatewayToken === undefined ? undefined : new HashedSecret(gatewayToken);
  const table = createStaticTokenTable(tokens ?? [], gatewayToken);
  const verifier: AccessTokenVerifier | undefined = oauth
    ? createAccessTokenVerifier({
        issuer: oauth.issuer,
        audience: oauth.audience ?? oauth.resource,
        ...definedOnly({ jwksUrl: oauth.jwksUrl }),
        ...options.verifier,
      })
    : undefined;
  const requiredScopes = oauth?.requiredScopes ?? [];
  const challenges: ChallengeContext = { requiredScopes, ...definedOnly({ resourceMetadataUrl: oauth && protectedResourceMetadataUrl(oauth.resource) }) };

  const refuse = (response: Response): Authentication => ({ ok: false, response });
  const authenticate = async (authorization: string | undefined): Promise<Authentication> => {
    const token = readBearerToken(authorization);
    if (token === undefined) return refuse(unauthorized(challenges));
    if (owner?.matches(token)) return { ok: true };
    const holder = table.principalOf(token);
    if (holder) return { ok: true, principal: holder };
    if (!verifier) return refuse(unauthorized(challenges, "the bearer token is not valid"));
    const check = await verifier.check(token);
    if (!check.ok) {
      if (check.problem === "invalid") return refuse(unauthorized(challenges, check.description));
      logger.warn("an access token could not be checked", { error: check.description });
      return refuse(httpError(HTTP_STATUS.AUTH_UNAVAILABLE, HTTP_ERROR_CODES.SERVER_ERROR, "Service Unavailable: the access token could not be checked; try again later"));
    }
    if (!requiredScopes.every((scope) => check.principal.scopes.includes(scope))) return refuse(insufficientScope(challenges));
    return { ok: true, principal: check.principal };
  };

  const guard: MiddlewareHandler<{ Variables: AuthVariables }> = async (c, next) => {
    const result = await authenticate(c.req.header("authorization"));
    if (!result.ok) return result.response;
    if (result.principal) c.set("principal", result.principal);
    return next();
  };
  return { guard, authenticate, metadata: oauth ? { paths: protectedResourceMetadataPaths(oauth.resource), document: protectedResourceMetadata(oauth) } : undefined };
}
