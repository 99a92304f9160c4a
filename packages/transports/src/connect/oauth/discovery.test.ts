// The peers here are real HTTP servers on 127.0.0.1 (node:http) serving the metadata each case
// needs; the client fetches them over real sockets.
import { describe, expect, it } from "vitest";
import { startOAuthPeer } from "../../testing/oauth-peer.js";
import { rejection } from "../../testing/rejection.js";
import type { OAuthPeer } from "../../testing/oauth-peer.js";
import { createGuardedFetch } from "../guarded-fetch.js";
import { authorizationServerMetadataUrls, discoverOAuth, protectedResourceMetadataUrls, resourceMatches } from "./discovery.js";

const options = { server: "notes", fetch };

function asMetadata(peer: OAuthPeer, issuerPath = "") {
  const issuer = `${peer.origin}${issuerPath}`;
  return { issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, code_challenge_methods_supported: ["S256"] };
}

describe("metadata URLs", () => {
  it("uses the challenge's resource_metadata, else the path-suffixed then the root well-known URL", () => {
    const server = new URL("https://mcp.example/tenant/mcp");
    expect(protectedResourceMetadataUrls(server, { resourceMetadata: "https://meta.example/prm" }).map(String)).toEqual(["https://meta.example/prm"]);
    expect(protectedResourceMetadataUrls(server).map(String)).toEqual([
      "https://mcp.example/.well-known/oauth-protected-resource/tenant/mcp",
      "https://mcp.example/.well-known/oauth-protected-resource",
    ]);
    expect(protectedResourceMetadataUrls(new URL("https://mcp.example/")).map(String)).toEqual(["https://mcp.example/.well-known/oauth-protected-resource"]);
  });

  it("lists RFC 8414 then OpenID inserted then OpenID appended, as the MCP spec does", () => {
    expect(authorizationServerMetadataUrls(new URL("https://auth.example/tenant1")).map(String)).toEqual([
      "https://auth.example/.well-known/oauth-authorization-server/tenant1",
      "https://auth.example/.well-known/openid-configuration/tenant1",
      "https://auth.example/tenant1/.well-known/openid-configuration",
    ]);
    expect(authorizationServerMetadataUrls(new URL("https://auth.example")).map(String)).toEqual([
      "https://auth.example/.well-known/oauth-authorization-server",
      "https://auth.example/.well-known/openid-configuration",
    ]);
  });

  it("matches a resource of the same origin whose path is the server's or a parent of it", () => {
    const server = new URL("https://mcp.example/tenant/mcp");
    expect(resourceMatches("https://mcp.example/tenant/mcp", server)).toBe(true);
    expect(resourceMatches("https://mcp.example/tenant/mcp/", server)).toBe(true);
    expect(resourceMatches("https://mcp.example/", server)).toBe(true);
    expect(resourceMatches("https://mcp.example/tenant/mc", server)).toBe(false);
    expect(resourceMatches("https://evil.example/tenant/mcp", server)).toBe(false);
    expect(resourceMatches("not a url", server)).toBe(false);
  });
});

describe("discoverOAuth", () => {
  it("follows the challenge to the resource metadata and finds an issuer with a path through OpenID discovery", async () => {
    await using peer = await startOAuthPeer();
    peer.route("/meta/prm", { json: { resource: `${peer.origin}/mcp`, authorization_servers: [`${peer.origin}/tenant1`], scopes_supported: ["notes"] } });
    peer.route("/.well-known/openid-configuration/tenant1", { json: asMetadata(peer, "/tenant1") });
    const found = await discoverOAuth(new URL(`${peer.origin}/mcp`), { resourceMetadata: `${peer.origin}/meta/prm` }, options);
    expect(found.source).toBe("metadata");
    expect(found.resource.href).toBe(`${peer.origin}/mcp`);
    expect(found.protectedResource?.scopes_supported).toEqual(["notes"]);
    expect(found.authorizationServer.token_endpoint).toBe(`${peer.origin}/tenant1/token`);
    expect(peer.requests.map((r) => r.path)).toEqual(["/meta/prm", "/.well-known/oauth-authorization-server/tenant1", "/.well-known/openid-configuration/tenant1"]);
  });

  it("falls back from the path-suffixed resource metadata to the root one", async () => {
    await using peer = await startOAuthPeer();
    peer.route("/.well-known/oauth-protected-resource", { json: { resource: peer.origin, authorization_servers: [peer.origin] } });
    peer.route("/.well-known/oauth-authorization-server", { json: asMetadata(peer) });
    const found = await discoverOAuth(new URL(`${peer.origin}/mcp`), undefined, options);
    expect(found.resource.href).toBe(`${peer.origin}/`);
    expect(peer.requests.map((r) => r.path).slice(0, 2)).toEqual(["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]);
  });

  it("stops before any authorization server request when the metadata names another resource", async () => {
    await using peer = await startOAuthPeer();
    peer.route("/.well-known/oauth-protected-resource/mcp", { json: { resource: "https://elsewhere.example/mcp", authorization_servers: [peer.origin] } });
    const error = await rejection(discoverOAuth(new URL(`${peer.origin}/mcp`), undefined, options));
    expect(error.code).toBe("REFUSED");
    expect(error.message).toContain('"notes"');
    expect(error.message).toContain("another resource");
    expect(peer.requests).toHaveLength(1);
  });

  it("refuses an authorization server whose metadata names another issuer, lacks S256 or has a plain http endpoint", async () => {
    await using peer = await startOAuthPeer();
    peer.route("/.well-known/oauth-protected-resource", { json: { resource: `${peer.origin}/mcp`, authorization_servers: [peer.origin] } });
    peer.route("/.well-known/oauth-authorization-server", { json: { ...asMetadata(peer), issuer: "https://liar.example" } });
    expect((await rejection(discoverOAuth(new URL(`${peer.origin}/mcp`), undefined, options))).message).toContain("another issuer");
    peer.route("/.well-known/oauth-authorization-server", { json: { ...asMetadata(peer), code_challenge_methods_supported: ["plain"] } });
    expect((await rejection(discoverOAuth(new URL(`${peer.origin}/mcp`), undefined, options))).message).toContain("S256");
    peer.route("/.well-known/oauth-authorization-server", { json: { ...asMetadata(peer), token_endpoint: "http://auth.example/token" } });
    expect((await rejection(discoverOAuth(new URL(`${peer.origin}/mcp`), undefined, options))).message).toContain("token_endpoint that is not an https URL");
  });

  it("fails with NOT_FOUND when the resource's authorization server serves no metadata", async () => {
    await using peer = await startOAuthPeer();
    peer.route("/.well-known/oauth-protected-resource", { json: { resource: `${peer.origin}/mcp`, authorization_servers: [`${peer.origin}/as`] } });
    expect((await rejection(discoverOAuth(new URL(`${peer.origin}/mcp`), undefined, options))).code).toBe("NOT_FOUND");
  });

  it("treats a 2025-03-26 server's root as its authorization server: its metadata, else default endpoints", async () => {
    await using peer = await startOAuthPeer();
    const server = new URL(`${peer.origin}/mcp#frag`);
    const defaults = await discoverOAuth(server, undefined, options);
    expect(defaults.source).toBe("default-endpoints");
    expect(defaults.resource.href).toBe(`${peer.origin}/mcp`);
    expect(defaults.authorizationServer).toMatchObject({
      authorization_endpoint: `${peer.origin}/authorize`,
      token_endpoint: `${peer.origin}/token`,
      registration_endpoint: `${peer.origin}/register`,
    });
    peer.route("/.well-known/oauth-authorization-server", { json: asMetadata(peer) });
    const found = await discoverOAuth(server, undefined, options);
    expect(found.source).toBe("metadata");
    expect(found.protectedResource).toBeUndefined();
    expect(found.authorizationServer.authorization_endpoint).toBe(`${peer.origin}/auth`);
  });

  it("skips metadata that is larger than the size cap", async () => {
    await using peer = await startOAuthPeer();
    peer.route("/.well-known/oauth-protected-resource", { json: { resource: `${peer.origin}/mcp`, authorization_servers: [peer.origin], padding: "x".repeat(4096) } });
    const found = await discoverOAuth(new URL(`${peer.origin}/mcp`), undefined, { ...options, limits: { maxBytes: 1024 } });
    expect(found.source).toBe("default-endpoints");
  });

  it("goes through the fetch it is given: the SSRF guard's refusal stops discovery", async () => {
    await using peer = await startOAuthPeer();
    const guarded = createGuardedFetch("notes");
    try {
      const error = await rejection(discoverOAuth(new URL(`${peer.origin}/mcp`), undefined, { server: "notes", fetch: guarded.fetch }));
      expect(error.code).toBe("REFUSED");
      expect(error.message).toContain("loopback");
      expect(peer.requests).toHaveLength(0);
    } finally {
      guarded.close();
    }
  });
});
