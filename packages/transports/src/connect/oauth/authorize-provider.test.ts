// An OAuth provider's authorization against a real HTTP peer on 127.0.0.1 that plays an
// authorization server named only by its issuer: metadata, registration, an authorization
// endpoint that redirects back with a code, token and revocation endpoints that check PKCE and
// that no `resource` is sent. The browser is played by fetch following redirects.
import { GatewayError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { startOAuthPeer } from "../../testing/oauth-peer.js";
import type { OAuthPeer, PeerRequest } from "../../testing/oauth-peer.js";
import { authorizeProvider, revokeProviderTokens } from "./authorize-provider.js";
import { createMemoryRegistrationStore } from "./client-registration.js";
import { pkceChallenge } from "./pkce.js";

const form = (request: PeerRequest) => Object.fromEntries(new URLSearchParams(request.body));

/** An authorization server at `${peer.origin}/as` that grants one code for its PKCE challenge. */
function playAuthorizationServer(peer: OAuthPeer): void {
  const challenges = new Map<string, string>();
  const issuer = `${peer.origin}/as`;
  peer.route("/.well-known/oauth-authorization-server/as", {
    json: {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      registration_endpoint: `${issuer}/register`,
      revocation_endpoint: `${issuer}/revoke`,
      code_challenge_methods_supported: ["S256"],
    },
  });
  peer.route("POST /as/register", (request) => ({ status: 201, json: { ...(JSON.parse(request.body) as object), client_id: "dyn-p" } }));
  peer.route("GET /as/authorize", (request) => {
    const query = new URL(request.path, peer.origin).searchParams;
    challenges.set("code-p", query.get("code_challenge") ?? "");
    const back = new URL(query.get("redirect_uri") ?? "");
    back.searchParams.set("code", "code-p");
    back.searchParams.set("state", query.get("state") ?? "");
    return { status: 302, headers: { location: back.href } };
  });
  peer.route("POST /as/token", (request) => {
    const sent = form(request);
    const valid = "resource" in sent ? false : sent.code === "code-p" && challenges.get("code-p") === pkceChallenge(sent.code_verifier ?? "");
    return valid ? { json: { access_token: "at-p", token_type: "Bearer", expires_in: 60, refresh_token: "rt-p" } } : { status: 400, json: { error: "invalid_grant" } };
  });
  peer.route("POST /as/revoke", { json: {} });
}

describe("authorizeProvider", () => {
  it("authorizes at the issuer with PKCE and the catalog's scopes, without a resource, and returns tokens naming none", async () => {
    await using peer = await startOAuthPeer();
    playAuthorizationServer(peer);
    const registrations = createMemoryRegistrationStore();
    let opened: URL | undefined;
    const tokens = await authorizeProvider({
      server: "github",
      issuer: `${peer.origin}/as`,
      scopes: ["repo"],
      fetch,
      registrations,
      port: 0,
      onAuthorizationUrl: async (url) => {
        opened = url;
        // The user's browser: the authorization endpoint redirects to the loopback callback.
        await fetch(url);
      },
    });
    expect(opened?.searchParams.get("scope")).toBe("repo");
    expect(opened?.searchParams.has("resource")).toBe(false);
    expect(tokens).toMatchObject({ accessToken: "at-p", refreshToken: "rt-p", issuer: `${peer.origin}/as`, clientId: "dyn-p", scope: ["repo"] });
    expect(tokens.resource).toBeUndefined();
    expect((await registrations.get(`${peer.origin}/as`))?.clientId).toBe("dyn-p");

    expect(await revokeProviderTokens({ server: "github", tokens, registrations, fetch })).toBe(true);
    expect(peer.requestsTo("/as/revoke").map(form)).toEqual([
      { token: "rt-p", token_type_hint: "refresh_token", client_id: "dyn-p" },
      { token: "at-p", token_type_hint: "access_token", client_id: "dyn-p" },
    ]);
  });

  it("refuses an issuer that serves no metadata, before anything is opened", async () => {
    await using peer = await startOAuthPeer();
    let opened = false;
    const error = await authorizeProvider({
      server: "github",
      issuer: `${peer.origin}/nothing`,
      fetch,
      registrations: createMemoryRegistrationStore(),
      port: 0,
      onAuthorizationUrl: () => void (opened = true),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe("NOT_FOUND");
    expect((error as GatewayError).message).toContain("serves no metadata");
    expect(opened).toBe(false);
  });
});
