// The remote server is a real HTTP peer on 127.0.0.1 (node:http) that checks the bearer token of
// each request; the authorization is a scripted RemoteAuthorization that records what it is asked.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { startOAuthPeer } from "../../testing/oauth-peer.js";
import type { OAuthPeer, PeerAnswer, PeerRequest } from "../../testing/oauth-peer.js";
import { authorizedFetch } from "./authorized-fetch.js";
import type { RemoteAuthorization } from "./oauth-broker.js";
import type { BearerChallenge } from "./www-authenticate.js";

const BODY = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
const CHALLENGE = `Bearer resource_metadata="https://mcp.example/.well-known/oauth-protected-resource"`;

/** A peer whose `/mcp` answers 200 to a bearer in `accepted`, else 401 with a challenge. */
async function resourceServer(accepted: string[]): Promise<OAuthPeer> {
  return startOAuthPeer({
    "POST /mcp": (request: PeerRequest): PeerAnswer =>
      accepted.some((token) => request.headers.authorization === `Bearer ${token}`) ? { json: { ok: true } } : { status: 401, headers: { "www-authenticate": CHALLENGE }, json: {} },
  });
}

/** A RemoteAuthorization answering from a script, and what it was asked. */
function scripted(token: string | undefined, renewed: string | undefined) {
  const asked = { renew: [] as (string | undefined)[], required: [] as (BearerChallenge | undefined)[], stepUp: [] as BearerChallenge[], accepted: 0 };
  const required = new GatewayError(ErrorCode.AUTHORIZATION_REQUIRED, "authorize it");
  const stepUp = new GatewayError(ErrorCode.AUTHORIZATION_REQUIRED, "authorize it wider");
  const authorization: RemoteAuthorization = {
    token: async () => token,
    renew: async (sent) => (asked.renew.push(sent), renewed),
    required: async (challenge) => (asked.required.push(challenge), required),
    stepUp: async (challenge) => (asked.stepUp.push(challenge), stepUp),
    accepted: () => void asked.accepted++,
  };
  return { authorization, asked, errors: { required, stepUp } };
}

const post = (peer: OAuthPeer, fetchWith: typeof fetch) => fetchWith(`${peer.origin}/mcp`, { method: "POST", headers: { "content-type": "application/json" }, body: BODY });
const bearers = (peer: OAuthPeer) => peer.requestsTo("/mcp").map((r) => r.headers.authorization);

describe("authorizedFetch", () => {
  it("sends the current token, keeps the request's own headers, and reports the acceptance", async () => {
    await using peer = await resourceServer(["at-1"]);
    const { authorization, asked } = scripted("at-1", undefined);
    const response = await post(peer, authorizedFetch(fetch, authorization));
    expect(response.status).toBe(200);
    expect(bearers(peer)).toEqual(["Bearer at-1"]);
    expect(peer.requests[0]!.headers["content-type"]).toBe("application/json");
    expect(asked).toMatchObject({ renew: [], required: [], accepted: 1 });
  });

  it("sends no authorization without a token, not even one the request carried", async () => {
    await using peer = await resourceServer([]);
    const { authorization, asked, errors } = scripted(undefined, undefined);
    const sent = authorizedFetch(fetch, authorization)(`${peer.origin}/mcp`, { method: "POST", headers: { authorization: "Bearer from-elsewhere" }, body: BODY });
    await expect(sent).rejects.toBe(errors.required);
    expect(bearers(peer)).toEqual([undefined]);
    expect(asked.renew).toEqual([undefined]);
  });

  it("retries a 401 once with the renewed token, sending the same body again", async () => {
    await using peer = await resourceServer(["at-2"]);
    const { authorization, asked } = scripted("at-1", "at-2");
    const response = await post(peer, authorizedFetch(fetch, authorization));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(bearers(peer)).toEqual(["Bearer at-1", "Bearer at-2"]);
    expect(peer.requestsTo("/mcp").map((r) => r.body)).toEqual([BODY, BODY]);
    expect(asked).toMatchObject({ renew: ["at-1"], required: [], accepted: 1 });
  });

  it("throws required()'s error, with the server's challenge, after a second 401", async () => {
    await using peer = await resourceServer([]);
    const { authorization, asked, errors } = scripted("at-1", "at-2");
    await expect(post(peer, authorizedFetch(fetch, authorization))).rejects.toBe(errors.required);
    expect(bearers(peer)).toEqual(["Bearer at-1", "Bearer at-2"]);
    expect(asked.renew).toEqual(["at-1"]);
    expect(asked.required).toEqual([{ resourceMetadata: "https://mcp.example/.well-known/oauth-protected-resource" }]);
    expect(asked.accepted).toBe(0);
  });

  it("throws required()'s error without a retry when renew() gives nothing new", async () => {
    for (const renewed of [undefined, "at-1"]) {
      await using peer = await resourceServer([]);
      const { authorization, errors } = scripted("at-1", renewed);
      await expect(post(peer, authorizedFetch(fetch, authorization))).rejects.toBe(errors.required);
      expect(bearers(peer)).toEqual(["Bearer at-1"]);
    }
  });

  it("throws stepUp()'s error on a 403 insufficient_scope, with the scope asked for", async () => {
    await using peer = await startOAuthPeer({
      "POST /mcp": { status: 403, headers: { "www-authenticate": `Bearer error="insufficient_scope", scope="notes:write"` }, json: {} },
    });
    const { authorization, asked, errors } = scripted("at-1", undefined);
    await expect(post(peer, authorizedFetch(fetch, authorization))).rejects.toBe(errors.stepUp);
    expect(asked.stepUp).toEqual([{ error: "insufficient_scope", scope: ["notes:write"] }]);
    expect(asked).toMatchObject({ renew: [], required: [], accepted: 0 });
  });

  it("passes a plain 403 and other failures through as they came, without reporting an acceptance", async () => {
    await using peer = await startOAuthPeer({ "POST /mcp": { status: 403, json: { error: "forbidden" } } });
    const { authorization, asked } = scripted("at-1", undefined);
    const authorized = authorizedFetch(fetch, authorization);
    const forbidden = await post(peer, authorized);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: "forbidden" });
    peer.route("POST /mcp", { status: 404, json: {} });
    expect((await post(peer, authorized)).status).toBe(404);
    expect(asked).toMatchObject({ renew: [], required: [], stepUp: [], accepted: 0 });
  });
});
