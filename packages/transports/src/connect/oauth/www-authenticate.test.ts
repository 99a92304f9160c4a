import { describe, expect, it } from "vitest";
import { bearerChallenge, parseWwwAuthenticate } from "./www-authenticate.js";

describe("parseWwwAuthenticate", () => {
  it("reads several challenges with quoted and bare values", () => {
    expect(parseWwwAuthenticate('Basic realm="simple", Bearer realm=api, error="invalid_token", error_description="the \\"token\\" expired"')).toEqual([
      { scheme: "basic", params: { realm: "simple" } },
      { scheme: "bearer", params: { realm: "api", error: "invalid_token", error_description: 'the "token" expired' } },
    ]);
  });

  it("reads token68 challenges and bare schemes", () => {
    expect(parseWwwAuthenticate("Negotiate YWJj==, Bearer, DPoP algs=\"ES256\"")).toEqual([
      { scheme: "negotiate", params: {}, token68: "YWJj==" },
      { scheme: "bearer", params: {} },
      { scheme: "dpop", params: { algs: "ES256" } },
    ]);
  });

  it("keeps commas and equals signs inside quoted strings, and names case-insensitively", () => {
    expect(parseWwwAuthenticate('BEARER Scope="a,b c=d", Resource_Metadata="https://x.example/.well-known/oauth-protected-resource/mcp?a=1"')).toEqual([
      { scheme: "bearer", params: { scope: "a,b c=d", resource_metadata: "https://x.example/.well-known/oauth-protected-resource/mcp?a=1" } },
    ]);
  });

  it("returns what it read before a malformed part", () => {
    expect(parseWwwAuthenticate('Bearer realm="open')).toEqual([{ scheme: "bearer", params: {} }]);
    expect(parseWwwAuthenticate("")).toEqual([]);
  });
});

describe("bearerChallenge", () => {
  it("takes resource_metadata, scope, error and error_description from the Bearer challenge", () => {
    const header = 'Basic realm="x", Bearer error="insufficient_scope", scope="files:read  files:write", resource_metadata="https://mcp.example/.well-known/oauth-protected-resource", error_description="needs write"';
    expect(bearerChallenge(header)).toEqual({
      resourceMetadata: "https://mcp.example/.well-known/oauth-protected-resource",
      scope: ["files:read", "files:write"],
      error: "insufficient_scope",
      errorDescription: "needs write",
    });
  });

  it("is undefined without a header or a Bearer challenge, and empty for a bare one", () => {
    expect(bearerChallenge(null)).toBeUndefined();
    expect(bearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(bearerChallenge("Bearer")).toEqual({});
  });
});
