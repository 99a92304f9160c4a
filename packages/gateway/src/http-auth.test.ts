import { describe, expect, it } from "vitest";
import { resolveHttpAuth } from "./http-auth.js";

const base = { host: "127.0.0.1", port: 8811 };
const oauth = { issuer: "https://as.example.com" };

describe("resolveHttpAuth", () => {
  it("makes up a gateway token only when nothing else authenticates", () => {
    expect(resolveHttpAuth(base, {}).authToken).toMatch(/^\S{20,}$/);
    expect(resolveHttpAuth(base, { MCPGW_AUTH_TOKEN: "from-env" }).authToken).toBe("from-env");
    expect(resolveHttpAuth({ ...base, oauth }, {}).authToken).toBeUndefined();
    expect(resolveHttpAuth({ ...base, staticTokens: [] }, {})).toEqual({ authToken: undefined, tokens: [] });
    expect(resolveHttpAuth({ ...base, oauth, authToken: "owner" }, {}).authToken).toBe("owner");
  });

  it("defaults the OAuth resource to the local /mcp URL, and takes the public URL and audience given", () => {
    expect(resolveHttpAuth({ ...base, oauth }, {}).oauth).toEqual({ issuer: oauth.issuer, resource: "http://127.0.0.1:8811/mcp" });
    expect(resolveHttpAuth({ ...base, host: "::1", oauth }, {}).oauth?.resource).toBe("http://[::1]:8811/mcp");
    const full = { ...oauth, audience: "api://mcp", jwksUrl: "https://as.example.com/keys", requiredScopes: ["mcp"] };
    expect(resolveHttpAuth({ ...base, oauth: full, publicUrl: "https://mcp.example.com/mcp" }, {}).oauth).toEqual({ ...full, resource: "https://mcp.example.com/mcp" });
  });

  it("refuses what cannot work: OAuth on port 0 without a public URL, and unauthenticated with OAuth or tokens", () => {
    expect(() => resolveHttpAuth({ ...base, port: 0, oauth }, {})).toThrow(/public URL/);
    expect(resolveHttpAuth({ ...base, port: 0, oauth, publicUrl: "http://127.0.0.1:1/mcp" }, {}).oauth?.resource).toBe("http://127.0.0.1:1/mcp");
    expect(() => resolveHttpAuth({ ...base, allowUnauthenticated: true, oauth }, {})).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    expect(() => resolveHttpAuth({ ...base, allowUnauthenticated: true, staticTokens: [] }, {})).toThrow(/contradicts/);
    expect(resolveHttpAuth({ ...base, allowUnauthenticated: true }, { MCPGW_AUTH_TOKEN: "x" })).toEqual({ authToken: undefined });
  });
});
