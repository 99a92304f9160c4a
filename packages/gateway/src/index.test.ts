import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/gateway public API", () => {
  it("exports exactly these runtime names (a new export is a deliberate act)", () => {
    expect(Object.keys(api).sort()).toEqual(["DEFAULT_SESSION_CAPS", "DEFAULT_TIMEOUTS", "createGateway", "createInterceptorMiddleware", "createStreamLogger", "describePolicy", "exposureProblems", "generatesOwnerToken", "loadPolicy", "loadStoredToken", "parseInterceptor", "resolveExposure", "rotateStoredToken"]);
  });
});
