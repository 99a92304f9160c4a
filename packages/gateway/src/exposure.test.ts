import { describe, expect, it } from "vitest";
import { exposureProblems, generatesOwnerToken, resolveExposure } from "./exposure.js";

const base = { host: "127.0.0.1", port: 8811 };
const oauth = { issuer: "https://as.example.com" };
const generate = () => "generated-token";

describe("resolveExposure", () => {
  it("makes up a gateway token only when nothing else authenticates", () => {
    expect(resolveExposure(base, {}).auth.authToken).toMatch(/^\S{20,}$/);
    expect(resolveExposure(base, {}, generate)).toEqual({ auth: { authToken: "generated-token" }, generated: true, allowedHosts: undefined });
    expect(resolveExposure(base, { MCPGW_AUTH_TOKEN: "from-env" }).auth.authToken).toBe("from-env");
    expect(resolveExposure({ ...base, oauth }, {}).auth.authToken).toBeUndefined();
    expect(resolveExposure({ ...base, staticTokens: [] }, {})).toEqual({ auth: { authToken: undefined, tokens: [] }, generated: false, allowedHosts: undefined });
    expect(resolveExposure({ ...base, oauth, authToken: "owner" }, {}).auth.authToken).toBe("owner");
  });

  it("takes the owner token from the option, else MCPGW_AUTH_TOKEN, else Docker's MCP_GATEWAY_AUTH_TOKEN", () => {
    const env = { MCPGW_AUTH_TOKEN: "ours", MCP_GATEWAY_AUTH_TOKEN: "docker" };
    expect(resolveExposure({ ...base, authToken: "option" }, env).auth.authToken).toBe("option");
    expect(resolveExposure(base, env)).toMatchObject({ auth: { authToken: "ours" }, generated: false });
    expect(resolveExposure(base, { MCP_GATEWAY_AUTH_TOKEN: "docker" }).auth.authToken).toBe("docker");
  });

  it("defaults the OAuth resource to the local /mcp URL, and takes the public URL and audience given", () => {
    expect(resolveExposure({ ...base, oauth }, {}).auth.oauth).toEqual({ issuer: oauth.issuer, resource: "http://127.0.0.1:8811/mcp" });
    expect(resolveExposure({ ...base, host: "::1", oauth }, {}).auth.oauth?.resource).toBe("http://[::1]:8811/mcp");
    expect(resolveExposure({ ...base, oauth, tls: { certFile: "cert.pem", keyFile: "key.pem" } }, {}).auth.oauth?.resource).toBe("https://127.0.0.1:8811/mcp");
    const full = { ...oauth, audience: "api://mcp", jwksUrl: "https://as.example.com/keys", requiredScopes: ["mcp"] };
    expect(resolveExposure({ ...base, oauth: full, publicUrl: "https://mcp.example.com/mcp" }, {}).auth.oauth).toEqual({ ...full, resource: "https://mcp.example.com/mcp" });
  });

  it("refuses what cannot work: OAuth on port 0 without a public URL, and unauthenticated with OAuth or tokens", () => {
    expect(() => resolveExposure({ ...base, port: 0, oauth }, {})).toThrow(/public URL/);
    expect(resolveExposure({ ...base, port: 0, oauth, publicUrl: "http://127.0.0.1:1/mcp" }, {}).auth.oauth?.resource).toBe("http://127.0.0.1:1/mcp");
    expect(() => resolveExposure({ ...base, allowUnauthenticated: true, oauth }, {})).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    expect(() => resolveExposure({ ...base, allowUnauthenticated: true, staticTokens: [] }, {})).toThrow(/contradicts/);
    expect(() => resolveExposure({ ...base, allowUnauthenticated: true, authToken: "t" }, {})).toThrow(/contradict each other/);
    expect(resolveExposure({ ...base, allowUnauthenticated: true }, { MCPGW_AUTH_TOKEN: "x" })).toEqual({ auth: { authToken: undefined }, generated: false, allowedHosts: undefined });
  });

  it("takes allowed hosts * as no Host check, and refuses * in a list", () => {
    expect(resolveExposure({ ...base, host: "0.0.0.0", authToken: "t", allowedHosts: ["*"] }, {}).allowedHosts).toBeUndefined();
    expect(resolveExposure({ ...base, allowedHosts: ["gw.internal"] }, {}).allowedHosts).toEqual(["gw.internal"]);
    expect(exposureProblems({ ...base, allowedHosts: ["*", "example.com"] })).toEqual([
      "Allowed hosts (--allowed-hosts, MCPGW_ALLOWED_HOSTS) are * (any host) or a list of hostnames, not both",
    ]);
  });
});

describe("generatesOwnerToken", () => {
  it("is true exactly when resolveExposure would make the token up, and false for a start it refuses", () => {
    expect(generatesOwnerToken(base, {})).toBe(true);
    expect(generatesOwnerToken({ ...base, host: "::1" }, {})).toBe(true);
    expect(generatesOwnerToken(base, { MCPGW_AUTH_TOKEN: "given" })).toBe(false);
    expect(generatesOwnerToken(base, { MCP_GATEWAY_AUTH_TOKEN: "docker" })).toBe(false);
    expect(generatesOwnerToken({ ...base, authToken: "option" }, {})).toBe(false);
    expect(generatesOwnerToken({ ...base, oauth }, {})).toBe(false);
    expect(generatesOwnerToken({ ...base, staticTokens: [] }, {})).toBe(false);
    expect(generatesOwnerToken({ ...base, allowUnauthenticated: true }, {})).toBe(false);
    expect(generatesOwnerToken({ ...base, allowedHosts: ["*", "example.com"] }, {})).toBe(false);
    expect(generatesOwnerToken({ ...base, host: "0.0.0.0", allowedHosts: ["localhost"] }, {})).toBe(false);
  });
});

describe("exposureProblems off loopback", () => {
  const open = { host: "0.0.0.0", port: 8811 };

  it("requires a given token and allowed hosts, naming the flag and the variable", () => {
    expect(exposureProblems(open)).toEqual([
      "MCPGW_AUTH_TOKEN is required: the gateway is bound to 0.0.0.0 (--host, MCPGW_HOST), not a loopback address. Generate one, e.g. with `openssl rand -hex 24`, or accept OAuth (--oauth-issuer, MCPGW_OAUTH_ISSUER)",
      "Allowed hosts (--allowed-hosts, MCPGW_ALLOWED_HOSTS) are required: the gateway is bound to 0.0.0.0 (--host, MCPGW_HOST), not a loopback address. List the hostnames clients reach the gateway by (localhost for a port published on 127.0.0.1), or * to accept any",
    ]);
    expect(() => resolveExposure(open, {})).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message: expect.stringMatching(/^The gateway cannot be exposed this way \(2 problems\):\n {2}- MCPGW_AUTH_TOKEN is required/) }));
  });

  it("refuses serving unauthenticated", () => {
    expect(exposureProblems({ ...open, host: "192.0.2.10", allowUnauthenticated: true, allowedHosts: ["gw"] })).toEqual([
      "Serving without a token (--allow-unauthenticated, MCPGW_ALLOW_UNAUTHENTICATED=true) is refused: the gateway is bound to 192.0.2.10 (--host, MCPGW_HOST), not a loopback address, and anyone who reaches the port could use every server",
    ]);
  });

  it("accepts a token from the environment, static tokens or OAuth with the public URL, and never makes up a token", () => {
    const hosts = { ...open, allowedHosts: ["localhost"] };
    expect(resolveExposure(hosts, { MCPGW_AUTH_TOKEN: "given" })).toEqual({ auth: { authToken: "given" }, generated: false, allowedHosts: ["localhost"] });
    expect(resolveExposure({ ...hosts, staticTokens: [{ name: "ci", value: "v", scopes: [] }] }, {}, generate)).toMatchObject({ auth: { authToken: undefined }, generated: false });
    expect(exposureProblems({ ...hosts, oauth })).toEqual([expect.stringMatching(/^The public URL \(--public-url, MCPGW_PUBLIC_URL\) is required with OAuth/)]);
    expect(resolveExposure({ ...hosts, oauth, publicUrl: "https://mcp.example.com/mcp" }, {}, generate)).toMatchObject({ auth: { authToken: undefined }, generated: false });
  });

  it("is loopback-relaxed for every loopback spelling, and strict for every other address", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"]) expect(exposureProblems({ ...open, host }), host).toEqual([]);
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "gateway"]) expect(exposureProblems({ ...open, host }), host).toHaveLength(2);
  });
});
