// The authorization server is a real HTTP peer on 127.0.0.1 (node:http) that rotates refresh
// tokens; the tokens live in an OAuth store over a Map, as the gateway's live in the local store.
import { describe, expect, it } from "vitest";
import type { AuthorizationPeer, AuthorizationPeerOptions } from "../../testing/authorization-peer.js";
import { startAuthorizationPeer } from "../../testing/authorization-peer.js";
import { memoryOAuthStore } from "../../testing/memory-oauth-store.js";
import type { PeerRequest } from "../../testing/oauth-peer.js";
import { recordingLogger } from "../../testing/recording-logger.js";
import type { StoredTokens } from "./oauth-store.js";
import { TokenKeeper } from "./token-keeper.js";
import type { TokenKeeperOptions } from "./token-keeper.js";

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;
const form = (request: PeerRequest) => Object.fromEntries(new URLSearchParams(request.body));

/** A keeper of the tokens of server "notes", and the peer that issued them. */
async function setup(peerOptions: AuthorizationPeerOptions = {}, over: Partial<TokenKeeperOptions> = {}) {
  const as = await startAuthorizationPeer(peerOptions);
  const store = memoryOAuthStore();
  const logger = recordingLogger();
  const keeper = new TokenKeeper({ name: "notes", store, fetch, logger, now: () => NOW, ...over });
  return { as, store, logger, keeper, tokenRequests: () => as.peer.requestsTo("/token") };
}

/** Tokens the peer issued to "client-a", fresh for an hour unless told otherwise. */
function tokens(as: AuthorizationPeer, over: Partial<StoredTokens> = {}): StoredTokens {
  return { ...as.issue(), tokenType: "Bearer", expiresAt: NOW + HOUR, issuedAt: NOW, scope: ["notes"], issuer: as.issuer, clientId: "client-a", resource: as.resource, ...over };
}

/** Tokens about to expire: within the minute before their expiry. */
const expiring = { expiresAt: NOW + 30_000, issuedAt: NOW - HOUR };

describe("TokenKeeper", () => {
  it("gives the stored token while it is fresh, asking nobody", async () => {
    const { as, store, keeper } = await setup();
    await using _ = as;
    expect(await keeper.current()).toBeUndefined();
    const stored = tokens(as);
    await store.saveTokens("notes", stored);
    expect(await keeper.current()).toBe(stored.accessToken);
    expect(await keeper.grantedScope()).toEqual(["notes"]);
    expect(as.peer.requests).toEqual([]);
  });

  it("refreshes tokens about to expire with the resource and client id, and stores the rotated refresh token", async () => {
    const { as, store, keeper, logger, tokenRequests } = await setup();
    await using _ = as;
    const old = tokens(as, expiring);
    await store.saveTokens("notes", old);
    const fresh = await keeper.current();
    expect(fresh).not.toBe(old.accessToken);
    expect(tokenRequests().map(form)).toEqual([{ grant_type: "refresh_token", refresh_token: old.refreshToken, resource: as.resource, client_id: "client-a" }]);
    const stored = await store.tokens("notes");
    expect(stored).toMatchObject({ accessToken: fresh, issuer: as.issuer, clientId: "client-a", resource: as.resource, scope: ["notes"], expiresAt: NOW + HOUR });
    expect(stored?.refreshToken).not.toBe(old.refreshToken);
    expect(stored?.needsAuthorization).toBeUndefined();
    // The rotated refresh token is the one that works next.
    await store.saveTokens("notes", { ...stored!, ...expiring });
    expect(await keeper.current()).not.toBe(fresh);
    expect(tokenRequests()).toHaveLength(2);
    expect(logger.lines.join("\n")).not.toMatch(/access-token|refresh-token/);
  });

  it("refreshes once for concurrent callers, whose rotated refresh token works only once", async () => {
    const { as, store, keeper, tokenRequests } = await setup();
    await using _ = as;
    const old = tokens(as, expiring);
    await store.saveTokens("notes", old);
    const got = await Promise.all([keeper.current(), keeper.current(), keeper.renew(old.accessToken)]);
    expect(new Set(got).size).toBe(1);
    expect(got[0]).toBe((await store.tokens("notes"))?.accessToken);
    expect(tokenRequests()).toHaveLength(1);
  });

  it("renews with a token stored by someone else without refreshing, and refreshes when the stored one was refused", async () => {
    const { as, store, keeper, tokenRequests } = await setup();
    await using _ = as;
    const mine = tokens(as);
    await store.saveTokens("notes", mine);
    const theirs = tokens(as);
    await store.saveTokens("notes", theirs);
    expect(await keeper.renew(mine.accessToken)).toBe(theirs.accessToken);
    expect(tokenRequests()).toEqual([]);
    const refreshed = await keeper.renew(theirs.accessToken);
    expect(refreshed).not.toBe(theirs.accessToken);
    expect(form(tokenRequests()[0]!).refresh_token).toBe(theirs.refreshToken);
  });

  it("marks tokens whose refresh is refused as needing authorization, and gives none after", async () => {
    const { as, store, keeper, logger, tokenRequests } = await setup();
    await using _ = as;
    const old = tokens(as, { ...expiring, refreshToken: "refresh-token-revoked" });
    await store.saveTokens("notes", old);
    expect(await keeper.current()).toBeUndefined();
    expect(await store.tokens("notes")).toEqual({ ...old, needsAuthorization: true });
    expect(await keeper.current()).toBeUndefined();
    expect(await keeper.renew(old.accessToken)).toBeUndefined();
    expect(tokenRequests()).toHaveLength(1);
    const warning = logger.lines.find((line) => line.includes("authorization is needed again"));
    expect(warning).toContain("mcpgw oauth authorize notes");
    expect(warning).toContain("invalid_grant");
    expect(warning).not.toContain("refresh-token-revoked");
  });

  it("marks expiring tokens without a refresh token as needing authorization, asking nobody", async () => {
    const { as, store, keeper } = await setup();
    await using _ = as;
    const { refreshToken: _none, ...old } = tokens(as, expiring);
    await store.saveTokens("notes", old);
    expect(await keeper.current()).toBeUndefined();
    expect((await store.tokens("notes"))?.needsAuthorization).toBe(true);
    expect(as.peer.requests).toEqual([]);
  });

  it("leaves alone tokens someone else stored while its refresh was being refused", async () => {
    const { as, store, keeper } = await setup();
    await using _ = as;
    await store.saveTokens("notes", tokens(as, expiring));
    const theirs = tokens(as);
    // `mcpgw oauth authorize` in another process stores new tokens while the refresh is in flight.
    as.peer.route("POST /token", () => {
      void store.saveTokens("notes", theirs);
      return { status: 400, json: { error: "invalid_grant" } };
    });
    await keeper.current();
    expect(await store.tokens("notes")).toEqual(theirs);
    expect(await keeper.current()).toBe(theirs.accessToken);
  });

  it("authenticates the refresh of a pre-registered client with its secret, by the method the metadata allows", async () => {
    for (const method of ["client_secret_post", "client_secret_basic"]) {
      const { as, store, keeper, tokenRequests } = await setup({ authMethods: [method] }, { preRegistered: { clientId: "client-a", clientSecret: "client-secret-7" } });
      await using _ = as;
      await store.saveTokens("notes", tokens(as, expiring));
      expect(await keeper.current()).toBeDefined();
      const request = tokenRequests()[0]!;
      if (method === "client_secret_post") {
        expect(request.headers.authorization).toBeUndefined();
        expect(form(request)).toMatchObject({ client_id: "client-a", client_secret: "client-secret-7" });
      } else {
        expect(request.headers.authorization).toBe(`Basic ${Buffer.from("client-a:client-secret-7").toString("base64")}`);
        expect(form(request).client_secret).toBeUndefined();
      }
    }
  });

  it("authenticates with the dynamic registration the tokens were issued to, and as a public client otherwise", async () => {
    const { as, store, keeper, tokenRequests } = await setup({ authMethods: ["client_secret_post"] });
    await using _ = as;
    await store.registrations.set(as.issuer, { kind: "dynamic", clientId: "client-a", clientSecret: "registered-secret", authMethod: "client_secret_post" });
    await store.saveTokens("notes", tokens(as, expiring));
    await keeper.current();
    expect(form(tokenRequests()[0]!)).toMatchObject({ client_id: "client-a", client_secret: "registered-secret" });
    await store.saveTokens("notes", tokens(as, { ...expiring, clientId: "client-b" }));
    await keeper.current();
    expect(form(tokenRequests()[1]!)).toMatchObject({ client_id: "client-b" });
    expect(form(tokenRequests()[1]!).client_secret).toBeUndefined();
  });
});
