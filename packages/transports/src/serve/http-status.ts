// The HTTP status of every answer the gateway's HTTP face gives of its own, named once by the
// rejection it tells; the call sites use the names. Answers the SDK gives itself are listed too
// (marked so), for the one picture of what a client may get.

/** The HTTP status of each rejection (and acceptance) of a request to `/mcp`, `/sse`, `/messages` or `/health`. */
export const HTTP_STATUS = {
  /** A legacy SSE message was taken; its answer goes down the session's stream. */
  MESSAGE_ACCEPTED: 202,
  /** No `Mcp-Session-Id` on a request that needs one, or no `sessionId` on a legacy message. */
  SESSION_ID_MISSING: 400,
  /** A body that cannot be read, is not JSON, or is not a JSON-RPC message. */
  BODY_INVALID: 400,
  /** No bearer token, or one that is not valid. */
  UNAUTHORIZED: 401,
  /** A valid access token without every required scope. */
  INSUFFICIENT_SCOPE: 403,
  /** A `Host` or `Origin` that is not allowed (the SDK's guards answer it). */
  HOST_OR_ORIGIN_FORBIDDEN: 403,
  /** A session that does not exist, or that another caller opened. */
  SESSION_NOT_FOUND: 404,
  /** `/mcp/<profile>` or `/sse/<profile>` of a profile not served. */
  PROFILE_NOT_FOUND: 404,
  /** A method `/mcp` does not serve. */
  METHOD_NOT_ALLOWED: 405,
  /** An `Accept` without JSON and event streams (the SDK answers it). */
  NOT_ACCEPTABLE: 406,
  /** A request body past the size limit. */
  BODY_TOO_LARGE: 413,
  /** A body that is not `application/json`. */
  UNSUPPORTED_CONTENT_TYPE: 415,
  /** An initialize of a caller at its own session cap, every one of its sessions busy. */
  TOO_MANY_CALLER_SESSIONS: 429,
  /** A failure of the gateway itself. */
  INTERNAL_ERROR: 500,
  /** Legacy SSE outside the Node HTTP server. */
  SSE_NEEDS_NODE: 501,
  /** An initialize at the gateway's session cap, every session busy. */
  TOO_MANY_SESSIONS: 503,
  /** A request while the gateway shuts down. */
  SHUTTING_DOWN: 503,
  /** `/health` before the gateway is ready. */
  NOT_READY: 503,
  /** An access token that could not be checked (the issuer's keys unreachable). */
  AUTH_UNAVAILABLE: 503,
} as const;
