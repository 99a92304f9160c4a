// The answers to a request that is not (or not enough) authorized: RFC 6750 `WWW-Authenticate`
// challenges, with RFC 9728's `resource_metadata` when the gateway is an OAuth resource server.
import { HTTP_ERROR_CODES, httpError } from "../http-errors.js";
import { HTTP_STATUS } from "../http-status.js";

/** What every challenge of one app carries. */
export interface ChallengeContext {
  /** The absolute URL of the protected-resource metadata, when OAuth is configured. */
  resourceMetadataUrl?: string;
  /** Scopes every access token must have. */
  requiredScopes: readonly string[];
}

/** 401: no token, or one that is not valid (`description` says why, without the token). */
export function unauthorized(context: ChallengeContext, description?: string): Response {
  const header = challenge(context, description === undefined ? {} : { error: "invalid_token", error_description: description });
  const message = description === undefined ? "Unauthorized: send Authorization: Bearer <token>" : `Unauthorized: ${description}`;
  return httpError(HTTP_STATUS.UNAUTHORIZED, HTTP_ERROR_CODES.SERVER_ERROR, message, { "www-authenticate": header });
}

/** 403: a valid token without every required scope. */
export function insufficientScope(context: ChallengeContext): Response {
  const header = challenge(context, { error: "insufficient_scope" });
  return httpError(HTTP_STATUS.INSUFFICIENT_SCOPE, HTTP_ERROR_CODES.SERVER_ERROR, `Forbidden: the access token lacks a required scope (${context.requiredScopes.join(" ")})`, {
    "www-authenticate": header,
  });
}

function challenge(context: ChallengeContext, error: { error?: string; error_description?: string }): string {
  const params: [string, string][] = [];
  // Without OAuth there is nothing to discover: the realm is all a client learns.
  if (context.resourceMetadataUrl === undefined) params.push(["realm", "mcpgw"]);
  if (error.error) params.push(["error", error.error]);
  if (error.error_description) params.push(["error_description", error.error_description]);
  if (context.requiredScopes.length > 0) params.push(["scope", context.requiredScopes.join(" ")]);
  if (context.resourceMetadataUrl !== undefined) params.push(["resource_metadata", context.resourceMetadataUrl]);
  return `Bearer ${params.map(([name, value]) => `${name}="${value.replace(/["\\]/g, "")}"`).join(", ")}`;
}
