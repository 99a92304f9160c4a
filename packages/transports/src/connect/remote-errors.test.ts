import { SdkErrorCode, SdkHttpError } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { connectionLost, describeRemoteFailure, requestTimedOut } from "./remote-errors.js";

const context = { server: "svc", url: "https://api.example.com/mcp", secrets: ["tok-123"] };

function fetchFailed(code: string, message: string): Error {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

describe("describeRemoteFailure", () => {
  it("names the server, the URL and the HTTP status", () => {
    const error = new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, "Error POSTing to endpoint: boom", { status: 503, statusText: "Service Unavailable", text: "overloaded" });
    const { error: failure, sessionGone } = describeRemoteFailure(error, context, "tools/call", true);
    expect(sessionGone).toBe(false);
    expect(failure.code).toBe("SERVER_START_FAILED");
    expect(failure.message).toBe('remote server "svc" at https://api.example.com/mcp answered tools/call with HTTP 503: overloaded');
    expect(failure.data).toMatchObject({ server: "svc", status: 503, method: "tools/call" });
  });

  it("treats a 404 on a session as the session being gone, and a 404 without one as an error", () => {
    const notFound = new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, "x", { status: 404, statusText: "Not Found", text: '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"}}' });
    const gone = describeRemoteFailure(notFound, context, "tools/list", true);
    expect(gone.sessionGone).toBe(true);
    expect(gone.error.code).toBe("SERVER_EXITED");
    expect(gone.error.message).toContain("HTTP 404: Session not found");
    expect(describeRemoteFailure(notFound, context, "tools/list", false).sessionGone).toBe(false);
  });

  it("treats a 400 that complains about the session like a 404 (what many v1 servers answer)", () => {
    const bad = new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, "x", { status: 400, statusText: "", text: '{"error":{"message":"Bad Request: No valid session ID provided"}}' });
    expect(describeRemoteFailure(bad, context, "tools/list", true).sessionGone).toBe(true);
    const other = new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, "x", { status: 400, statusText: "", text: "bad json" });
    expect(describeRemoteFailure(other, context, "tools/list", true).sessionGone).toBe(false);
  });

  it("reads the status of the legacy SSE transport's plain errors", () => {
    const failure = describeRemoteFailure(new Error("Error POSTing to endpoint (HTTP 401): denied"), context, "tools/list", false);
    expect(failure.error.message).toContain("HTTP 401: denied");
  });

  it("says why a server could not be reached", () => {
    expect(describeRemoteFailure(fetchFailed("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"), context, "initialize", false).error.message).toBe(
      'remote server "svc" at https://api.example.com/mcp could not be reached: connection refused (ECONNREFUSED)',
    );
    expect(describeRemoteFailure(fetchFailed("ENOTFOUND", "getaddrinfo ENOTFOUND x"), context, "initialize", false).error.message).toContain("host name not found");
    expect(describeRemoteFailure(fetchFailed("CERT_HAS_EXPIRED", "certificate has expired"), context, "initialize", false).error.message).toContain("TLS handshake failed (CERT_HAS_EXPIRED)");
  });

  it("never shows a secret, in the message or in the cause", () => {
    const error = new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, "Error POSTing to endpoint: your token tok-123 is wrong", { status: 401, statusText: "", text: "your token tok-123 is wrong" });
    const failure = describeRemoteFailure(error, context, "initialize", false).error;
    expect(failure.message).not.toContain("tok-123");
    expect(failure.message).toContain("[secret]");
    expect(String((failure.cause as Error).message)).not.toContain("tok-123");
  });
});

describe("connectionLost and requestTimedOut", () => {
  it("name the server and the method", () => {
    expect(connectionLost(context, "tools/call").message).toBe('remote server "svc" at https://api.example.com/mcp did not answer tools/call: the connection ended');
    const timeout = requestTimedOut(context, "tools/call", 250);
    expect(timeout.code).toBe("TIMEOUT");
    expect(timeout.message).toContain("within 250 ms");
  });
});
