import { GatewayError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { checkRemoteUrl } from "./remote-url.js";

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a GatewayError");
}

describe("checkRemoteUrl", () => {
  it("accepts https to any host name, without touching the network", () => {
    const checked = checkRemoteUrl("github", "https://api.example.com/mcp");
    expect(checked.url.href).toBe("https://api.example.com/mcp");
    expect(checked.display).toBe("https://api.example.com/mcp");
  });

  it.each(["http://127.0.0.1:3000/mcp", "http://127.9.8.7/mcp", "http://localhost:8080/sse", "http://LOCALHOST./x", "http://[::1]:9/mcp", "http://[::ffff:127.0.0.1]/mcp", "http://2130706433/mcp"])(
    "accepts plain http to the loopback host of %s",
    (url) => {
      expect(checkRemoteUrl("local", url).url.protocol).toBe("http:");
    },
  );

  it.each(["http://example.com/mcp", "http://10.0.0.5/mcp", "http://128.0.0.1/mcp", "http://[::2]/mcp", "http://localhost.example.com/mcp", "http://0.0.0.0/mcp"])(
    "refuses plain http to %s, naming the server and the URL",
    (url) => {
      const error = refusal(() => checkRemoteUrl("weather", url));
      expect(error.code).toBe("REFUSED");
      expect(error.message).toContain('"weather"');
      expect(error.message).toContain(new URL(url).host);
      expect(error.data).toMatchObject({ server: "weather" });
    },
  );

  it("accepts plain http anywhere with allowInsecure", () => {
    expect(checkRemoteUrl("weather", "http://example.com/mcp", { allowInsecure: true }).display).toBe("http://example.com/mcp");
  });

  it("refuses other schemes even with allowInsecure", () => {
    expect(refusal(() => checkRemoteUrl("x", "ws://127.0.0.1/mcp", { allowInsecure: true })).code).toBe("REFUSED");
    expect(refusal(() => checkRemoteUrl("x", "file:///etc/passwd")).code).toBe("REFUSED");
  });

  it("never shows credentials or the query, and moves user info out of the URL", () => {
    const checked = checkRemoteUrl("svc", "https://alice:s3cr%40t@api.example.com/mcp?key=abc#frag");
    expect(checked.display).toBe("https://api.example.com/mcp");
    expect(checked.url.href).toBe("https://api.example.com/mcp?key=abc");
    expect(checked.credentials).toEqual({ username: "alice", password: "s3cr@t" });
    const error = refusal(() => checkRemoteUrl("svc", "http://alice:hunter2@example.com/mcp?key=abc"));
    expect(error.message).not.toContain("hunter2");
    expect(error.message).not.toContain("key=abc");
    expect(JSON.stringify(error.data)).not.toContain("hunter2");
  });

  it("rejects text that is not a URL without echoing it", () => {
    const error = refusal(() => checkRemoteUrl("svc", "not a url sk-live-123"));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain('"svc"');
    expect(error.message).not.toContain("sk-live-123");
  });
});
