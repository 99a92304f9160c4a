// The flow of `mcpgw oauth authorize` against one real HTTP peer on 127.0.0.1 (node:http) that
// plays the remote MCP server and its authorization server; the browser is played by fetch
// following the authorization URL's redirect to the flow's own loopback callback.
import { within } from "@mcpgw/tooling/testing";
import { describe, expect, it } from "vitest";
import type { AuthorizationPeer } from "../../testing/authorization-peer.js";
import { redirectBack, startAuthorizationPeer } from "../../testing/authorization-peer.js";
import { rejection } from "../../testing/rejection.js";
import { authorizeServer } from "./authorize-server.js";
import type { AuthorizeServerOptions } from "./authorize-server.js";
import { createMemoryRegistrationStore } from "./client-registration.js";

/** Options for server "notes" at the peer, whose browser follows the URL to the callback. */
function options(as: AuthorizationPeer, over: Partial<AuthorizeServerOptions> = {}): AuthorizeServerOptions & { opened: URL[] } {
  const opened: URL[] = [];
  return {
    server: "notes",
    url: as.resource,
    registrations: createMemoryRegistrationStore(),
    port: 0,
    allowPrivateNetworks: true,
    opened,
    onAuthorizationUrl: async (url) => {
      opened.push(url);
      await fetch(url);
    },
    ...over,
  };
}

describe("authorizeServer", () => {
  it("probes, discovers, registers, sends the browser and exchanges its code, returning the tokens to store", async () => {
    await using as = await startAuthorizationPeer({ scopesSupported: ["notes"] });
    const flow = options(as);
    const tokens = await within(authorizeServer(flow), "the authorization");
    expect(tokens).toMatchObject({ tokenType: "Bearer", expiresAt: expect.any(Number), scope: ["notes"], issuer: as.issuer, clientId: "client-1", resource: as.resource });
    expect(as.secrets).toContain(tokens.accessToken);
    expect(as.secrets).toContain(tokens.refreshToken);
    expect(as.peer.requestsTo("/mcp")).toHaveLength(1);
    // The peer exchanged the code only for the verifier of the challenge, redirect URI and resource it was sent.
    const [grant] = [...as.grants.values()];
    const redirectUri = flow.opened[0]!.searchParams.get("redirect_uri")!;
    expect(grant).toMatchObject({ clientId: "client-1", redirectUri, resource: as.resource, scope: "notes" });
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/callback$/);
    expect((await flow.registrations.get(as.issuer))?.redirectUris).toEqual([redirectUri]);
    // The callback listened only while the flow waited.
    await expect(fetch(redirectUri)).rejects.toThrow();
  });

  it("asks for the scopes given, as a pre-registered client when there is one", async () => {
    await using as = await startAuthorizationPeer({ scopesSupported: ["notes"] });
    const tokens = await within(authorizeServer(options(as, { scopes: ["notes:read", "profile"], preRegistered: { clientId: "mine" } })), "the authorization");
    expect(tokens).toMatchObject({ clientId: "mine", scope: ["notes:read", "profile"] });
    expect([...as.grants.values()][0]).toMatchObject({ clientId: "mine", scope: "notes:read profile" });
    expect(as.peer.requestsTo("/register")).toEqual([]);
  });

  it("fails with REFUSED when the authorization server sends the browser back with an error", async () => {
    await using as = await startAuthorizationPeer();
    as.peer.route("GET /authorize", (request) => redirectBack(new URL(request.path, as.issuer).searchParams, { error: "access_denied" }));
    const error = await rejection(authorizeServer(options(as)));
    expect(error.code).toBe("REFUSED");
    expect(error.message).toContain("access_denied");
    expect(as.peer.requestsTo("/token")).toEqual([]);
  });

  it("stops waiting with CANCELLED when its signal aborts", async () => {
    await using as = await startAuthorizationPeer();
    const abort = new AbortController();
    const error = await rejection(authorizeServer(options(as, { signal: abort.signal, onAuthorizationUrl: () => abort.abort() })));
    expect(error.code).toBe("CANCELLED");
  });

  it("sends nothing to a server on a private address unless allowed", async () => {
    await using as = await startAuthorizationPeer();
    const error = await rejection(authorizeServer(options(as, { allowPrivateNetworks: false })));
    expect(error.code).toBe("REFUSED");
    expect(as.peer.requests).toEqual([]);
  });
});
