import { ErrorCode, exitCodeOf, GatewayError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { formatStartup, formatStartupError } from "./startup-output.js";

describe("formatStartup", () => {
  it("prints the endpoints and the stored token once, with its file", () => {
    expect(formatStartup({ url: "http://127.0.0.1:8811", storedToken: { token: "abc", file: "/data/auth-token" }, authenticated: true })).toBe(
      "mcpgw is serving MCP at http://127.0.0.1:8811/mcp (legacy SSE at http://127.0.0.1:8811/sse, health at http://127.0.0.1:8811/health)\n" +
        "Bearer token (kept in /data/auth-token across restarts; `mcpgw gateway token --rotate` replaces it, MCPGW_AUTH_TOKEN overrides it): abc\n",
    );
  });

  it("never prints a token that was given", () => {
    const text = formatStartup({ url: "http://0.0.0.0:8811", authenticated: true });
    expect(text).toBe("mcpgw is serving MCP at http://0.0.0.0:8811/mcp (legacy SSE at http://0.0.0.0:8811/sse, health at http://0.0.0.0:8811/health)\n");
  });

  it("says when no token is required", () => {
    expect(formatStartup({ url: "http://127.0.0.1:1", authenticated: false })).toContain("No bearer token: MCPGW_ALLOW_UNAUTHENTICATED is true.");
  });
});

// The exit codes are the CLI's (core's exitCodeOf), which index.ts sets for a failed start.
describe("formatStartupError and the exit code of a failed start", () => {
  it("tells a wrong setting by message and suggestion, exit 2", () => {
    const error = new GatewayError(ErrorCode.INVALID_ARGUMENT, "Invalid environment: MCPGW_PORT …", { suggestion: "fix it" });
    expect(formatStartupError(error)).toBe("mcpgw-server: Invalid environment: MCPGW_PORT …\n  → fix it\n");
    expect(exitCodeOf(error)).toBe(2);
  });

  it("tells other gateway errors without a stack, exit by their code as the CLI does", () => {
    const error = new GatewayError(ErrorCode.CONFIG_INVALID, "registry.yaml:1:1: bad");
    expect(formatStartupError(error)).toBe("mcpgw-server: registry.yaml:1:1: bad\n");
    expect(exitCodeOf(error)).toBe(4);
    expect(exitCodeOf(new GatewayError(ErrorCode.ENGINE_UNAVAILABLE, "no engine"))).toBe(10);
  });

  it("tells a bug with its stack, exit 70", () => {
    const text = formatStartupError(new TypeError("x is undefined"));
    expect(text).toMatch(/^mcpgw-server: unexpected error \(a bug\): TypeError: x is undefined\n\s+at /);
    expect(exitCodeOf(new TypeError("x"))).toBe(70);
  });
});
