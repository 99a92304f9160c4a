import { describe, expect, it } from "vitest";
import { HTTP_STATUS } from "./http-status.js";

describe("HTTP_STATUS", () => {
  it("gives each rejection the status clients and the SDK expect", () => {
    expect(HTTP_STATUS).toEqual({
      MESSAGE_ACCEPTED: 202,
      SESSION_ID_MISSING: 400,
      BODY_INVALID: 400,
      UNAUTHORIZED: 401,
      INSUFFICIENT_SCOPE: 403,
      HOST_OR_ORIGIN_FORBIDDEN: 403,
      SESSION_NOT_FOUND: 404,
      PROFILE_NOT_FOUND: 404,
      METHOD_NOT_ALLOWED: 405,
      NOT_ACCEPTABLE: 406,
      BODY_TOO_LARGE: 413,
      UNSUPPORTED_CONTENT_TYPE: 415,
      TOO_MANY_CALLER_SESSIONS: 429,
      INTERNAL_ERROR: 500,
      SSE_NEEDS_NODE: 501,
      TOO_MANY_SESSIONS: 503,
      SHUTTING_DOWN: 503,
      NOT_READY: 503,
      AUTH_UNAVAILABLE: 503,
    });
  });
});
