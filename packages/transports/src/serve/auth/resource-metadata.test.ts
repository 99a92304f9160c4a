import { describe, expect, it } from "vitest";
import { issuerMetadataUrls } from "./issuer-discovery.js";
import { checkOAuthOptions } from "./oauth-options.js";
import { protectedResourceMetadataPaths, protectedResourceMetadataUrl } from "./resource-metadata.js";

describe("protected-resource metadata locations (RFC 9728 §3.1)", () => {
  it("inserts the well-known path between origin and resource path", () => {
    expect(protectedResourceMetadataUrl("https://mcp.example.com/mcp")).toBe("https://mcp.example.com/.well-known/oauth-protected-resource/mcp");
    expect(protectedResourceMetadataUrl("https://mcp.example.com/")).toBe("https://mcp.example.com/.well-known/oauth-protected-resource");
    expect(protectedResourceMetadataUrl("http://127.0.0.1:8811/gw/mcp")).toBe("http://127.0.0.1:8811/.well-known/oauth-protected-resource/gw/mcp");
  });

  it("serves the bare path, the /mcp one and the resource's own", () => {
    expect(protectedResourceMetadataPaths("https://mcp.example.com/mcp")).toEqual(["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]);
    expect(protectedResourceMetadataPaths("https://x.example/gw/mcp")).toContain("/.well-known/oauth-protected-resource/gw/mcp");
  });
});

describe("issuer metadata locations", () => {
  it("tries RFC 8414 first, then OpenID Connect", () => {
    expect(issuerMetadataUrls("https://as.example.com")).toEqual([
      "https://as.example.com/.well-known/oauth-authorization-server",
      "https://as.example.com/.well-known/openid-configuration",
    ]);
    expect(issuerMetadataUrls("https://as.example.com/tenant1/")).toEqual([
      "https://as.example.com/.well-known/oauth-authorization-server/tenant1",
      "https://as.example.com/tenant1/.well-known/openid-configuration",
      "https://as.example.com/.well-known/openid-configuration/tenant1",
    ]);
  });
});

describe("checkOAuthOptions", () => {
  const good = { issuer: "https://as.example.com", resource: "https://mcp.example.com/mcp" };
  it("accepts https anywhere and http on loopback", () => {
    expect(() => checkOAuthOptions(good)).not.toThrow();
    expect(() => checkOAuthOptions({ issuer: "http://127.0.0.1:9000", resource: "http://localhost:8811/mcp", jwksUrl: "http://[::1]:9000/jwks" })).not.toThrow();
  });

  it("refuses plain http elsewhere, relative URLs, fragments and malformed scopes", () => {
    for (const bad of [
      { ...good, issuer: "http://as.example.com" },
      { ...good, jwksUrl: "http://as.example.com/jwks" },
      { ...good, resource: "/mcp" },
      { ...good, resource: "https://mcp.example.com/mcp#x" },
      { ...good, requiredScopes: ["two words"] },
    ]) {
      expect(() => checkOAuthOptions(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
  });
});
