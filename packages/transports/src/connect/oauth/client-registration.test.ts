// The authorization server is a real HTTP peer on 127.0.0.1 (node:http) answering registrations.
import { GatewayError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { startOAuthPeer } from "../../testing/oauth-peer.js";
import type { OAuthPeer } from "../../testing/oauth-peer.js";
import { chooseAuthMethod, createMemoryRegistrationStore, resolveClientIdentity } from "./client-registration.js";
import type { AuthorizationServerMetadata } from "./discovery.js";

function metadata(peer: OAuthPeer, extra: Partial<AuthorizationServerMetadata> = {}): AuthorizationServerMetadata {
  return { issuer: peer.origin, authorization_endpoint: `${peer.origin}/auth`, token_endpoint: `${peer.origin}/token`, registration_endpoint: `${peer.origin}/reg`, ...extra };
}

function options(peer: OAuthPeer, extra: Partial<Parameters<typeof resolveClientIdentity>[1]> = {}) {
  return { server: "notes", fetch, store: createMemoryRegistrationStore(), redirectUri: "http://127.0.0.1:5000/callback", ...extra };
}

let clients = 0;
function registrar(answer: Record<string, unknown> = {}) {
  return (request: { body: string }) => {
    const sent = JSON.parse(request.body) as Record<string, unknown>;
    return { status: 201, json: { ...sent, client_id: `client-${++clients}`, ...answer } };
  };
}

describe("resolveClientIdentity", () => {
  it("uses a pre-registered client first, with the auth method the server supports", async () => {
    await using peer = await startOAuthPeer({ "/reg": registrar() });
    const as = metadata(peer, { client_id_metadata_document_supported: true, token_endpoint_auth_methods_supported: ["client_secret_post"] });
    const identity = await resolveClientIdentity(as, options(peer, { preRegistered: { clientId: "mine", clientSecret: "s3cret" }, metadataDocumentUrl: "https://mcpgw.example/client.json" }));
    expect(identity).toEqual({ kind: "pre-registered", clientId: "mine", clientSecret: "s3cret", authMethod: "client_secret_post" });
    expect(peer.requests).toHaveLength(0);
  });

  it("uses the Client ID Metadata Document when the server supports it, and registers otherwise", async () => {
    await using peer = await startOAuthPeer({ "/reg": registrar() });
    const withDocument = options(peer, { metadataDocumentUrl: "https://mcpgw.example/client.json" });
    expect(await resolveClientIdentity(metadata(peer, { client_id_metadata_document_supported: true }), withDocument)).toEqual({
      kind: "metadata-document",
      clientId: "https://mcpgw.example/client.json",
      authMethod: "none",
    });
    expect(peer.requests).toHaveLength(0);
    expect((await resolveClientIdentity(metadata(peer), withDocument)).kind).toBe("dynamic");
  });

  it("registers a public client with the redirect URI and grant types, and caches it per authorization server", async () => {
    await using peer = await startOAuthPeer({ "/reg": registrar() });
    const opts = options(peer);
    const as = metadata(peer, { token_endpoint_auth_methods_supported: ["client_secret_basic", "none"] });
    const first = await resolveClientIdentity(as, opts);
    expect(first).toMatchObject({ kind: "dynamic", authMethod: "none", redirectUris: ["http://127.0.0.1:5000/callback"] });
    const sent = JSON.parse(peer.requestsTo("/reg")[0]!.body) as Record<string, unknown>;
    expect(sent).toMatchObject({
      redirect_uris: ["http://127.0.0.1:5000/callback"],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    });
    expect(await resolveClientIdentity(as, opts)).toEqual(first);
    expect(peer.requestsTo("/reg")).toHaveLength(1);
    // Another redirect URI (another callback port) needs a registration of its own.
    const other = await resolveClientIdentity(as, { ...opts, redirectUri: "http://127.0.0.1:6000/callback" });
    expect(other.clientId).not.toBe(first.clientId);
    expect(peer.requestsTo("/reg")).toHaveLength(2);
  });

  it("asks for a secret-based method only when the server takes no public clients, and keeps the secret and its expiry", async () => {
    await using peer = await startOAuthPeer({ "/reg": registrar({ client_secret: "issued-secret", client_secret_expires_at: 4_000_000_000 }) });
    const identity = await resolveClientIdentity(metadata(peer, { token_endpoint_auth_methods_supported: ["client_secret_post"] }), options(peer));
    expect(identity).toMatchObject({ authMethod: "client_secret_post", clientSecret: "issued-secret", secretExpiresAt: 4_000_000_000_000 });
  });

  it("registers again when the cached secret has expired", async () => {
    await using peer = await startOAuthPeer({ "/reg": registrar({ client_secret: "x", client_secret_expires_at: 1000 }) });
    const opts = options(peer, { now: () => 2_000_000 });
    await resolveClientIdentity(metadata(peer), opts);
    await resolveClientIdentity(metadata(peer), opts);
    expect(peer.requestsTo("/reg")).toHaveLength(2);
  });

  it("fails UNSUPPORTED without a registration endpoint, and REFUSED with the server's error when refused", async () => {
    await using peer = await startOAuthPeer({ "/reg": { status: 400, json: { error: "invalid_redirect_uri", error_description: "loopback not allowed" } } });
    const unsupported = await resolveClientIdentity(metadata(peer, { registration_endpoint: undefined }), options(peer)).catch((e: unknown) => e);
    expect((unsupported as GatewayError).code).toBe("UNSUPPORTED");
    expect((unsupported as GatewayError).suggestion).toContain("client id");
    const refused = await resolveClientIdentity(metadata(peer), options(peer)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GatewayError);
    expect((refused as GatewayError).code).toBe("REFUSED");
    expect((refused as GatewayError).message).toContain("invalid_redirect_uri (loopback not allowed)");
  });
});

describe("chooseAuthMethod", () => {
  it("is none without a secret, basic by default, post when only post is supported", () => {
    expect(chooseAuthMethod(["client_secret_basic"], false)).toBe("none");
    expect(chooseAuthMethod(undefined, true)).toBe("client_secret_basic");
    expect(chooseAuthMethod(["client_secret_post", "client_secret_basic"], true)).toBe("client_secret_basic");
    expect(chooseAuthMethod(["client_secret_post"], true)).toBe("client_secret_post");
  });
});
